import DriftStatistics
import DriftwatchData
import Dispatch
import Foundation

/// Histogram gradient-boosted regression trees for regression (squared error) and binary
/// classification (log loss), grown best-first with a leaf budget, as scikit-learn's
/// `HistGradientBoostingRegressor`/`Classifier` do: second-order split gain
/// `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`, leaf value `−G/(H+λ)·η`, histogram subtraction for
/// the larger child, and optional early stopping on a held-out share of the rows.
public enum GradientBoosting {
    public struct Parameters: Sendable, Equatable {
        public var learningRate = 0.1
        public var maxIterations = 100
        public var maxLeafNodes = 31
        /// 0 means unlimited.
        public var maxDepth = 0
        public var minSamplesLeaf = 20
        public var l2Regularization = 0.0
        public var maxBins = 255
        public var earlyStopping = false
        public var validationFraction = 0.1
        public var iterationsWithoutChange = 10
        public var tolerance = 1e-7

        public init() {}
    }

    public struct Failure: DriftwatchError, Equatable {
        public var description: String
    }

    public static func fit(_ x: DenseMatrix, _ y: [Double], classification: Bool, parameters: Parameters, seed: UInt64) throws -> BoostedTrees {
        precondition(x.rows == y.count)
        guard x.rows >= 2 else { throw Failure(description: "gradient boosting needs at least 2 rows") }
        var trainRows = Array(0..<x.rows)
        var validationRows: [Int] = []
        if parameters.earlyStopping {
            var generator = SplitMix64(seed: seed)
            trainRows.shuffle(using: &generator)
            let holdout = max(1, Int((Double(x.rows) * parameters.validationFraction).rounded()))
            validationRows = Array(trainRows.prefix(holdout)).sorted()
            trainRows = Array(trainRows.dropFirst(holdout)).sorted()
        }
        let train = x.rows(trainRows), trainY = trainRows.map { y[$0] }
        let validation = validationRows.isEmpty ? nil : (x.rows(validationRows), validationRows.map { y[$0] })
        return try fit(binned: FeatureBinning(train, maxBins: parameters.maxBins), trainY, classification: classification, parameters: parameters,
                       validation: validation)
    }

    /// Fits on rows already binned (a caller that fits many subsets of one table bins it once);
    /// `validation`, when given, is the held-out rows and targets that early stopping watches.
    static func fit(binned binning: FeatureBinning, _ trainY: [Double], classification: Bool, parameters: Parameters,
                    validation held: (DenseMatrix, [Double])? = nil) throws -> BoostedTrees {
        var run = try BoostingRun(binning: binning, trainY, classification: classification, parameters: parameters, validation: held)
        while !run.isFinished { run.step() }
        return run.model
    }

    static func loss(_ raw: Double, _ y: Double, classification: Bool) -> Double {
        if classification {
            // log(1 + e^raw) − y·raw, computed stably.
            let softplus = raw > 0 ? raw + log1p(exp(-raw)) : log1p(exp(raw))
            return softplus - y * raw
        }
        return 0.5 * (raw - y) * (raw - y)
    }

    /// scikit-learn's rule: stop when none of the last `k` scores beats the score `k` iterations
    /// earlier by more than the tolerance.
    static func shouldStop(_ scores: [Double], _ parameters: Parameters) -> Bool {
        let k = parameters.iterationsWithoutChange
        guard scores.count > k else { return false }
        let reference = scores[scores.count - k - 1] + parameters.tolerance
        return scores.suffix(k).allSatisfy { $0 <= reference }
    }
}

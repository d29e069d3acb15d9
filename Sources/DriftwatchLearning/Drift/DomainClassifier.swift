import DriftStatistics
import DriftwatchData
import Foundation
import Synchronization

/// Multivariate drift as a classifier sees it: gradient-boosted trees learn to tell reference rows
/// (label 0) from current rows (label 1), and the out-of-fold ROC AUC of stratified k-fold cross
/// validation measures how well they can. 0.5 means the two are indistinguishable; a change in
/// how columns move together that no single column shows still lets the trees separate them. The
/// columns the trees split on most are the ones that changed.
/// Reference: NannyML 0.13's DomainClassifierCalculator (`drift/multivariate/domain_classifier`),
/// with Driftwatch's own trees in place of LightGBM: categories become ordinal codes (LightGBM
/// splits them as sets), and a missing value sorts below every present one.
public enum DomainClassifier {
    public struct Parameters: Sendable, Equatable {
        public var folds = 5
        /// LightGBM's defaults as NannyML sets them: 100 trees of up to 31 leaves, learning rate 0.1,
        /// at least 20 rows a leaf.
        public var trees: GradientBoosting.Parameters = {
            var trees = GradientBoosting.Parameters()
            trees.maxIterations = 100
            trees.maxLeafNodes = 31
            trees.learningRate = 0.1
            trees.minSamplesLeaf = 20
            return trees
        }()

        public init() {}
    }

    public struct Measurement: Sendable, Equatable {
        /// Out-of-fold ROC AUC of reference against current.
        public var auc: Double
        /// Each column's share of the splits in the fold models, in the input's order (sums to 1
        /// when the trees split at all).
        public var importance: [Double]
    }

    public struct Failure: DriftwatchError, Equatable {
        public var description: String
    }

    /// Reference and current columns in the same order and of the same kinds.
    public static func measure(reference: [MultivariateColumn], current: [MultivariateColumn], parameters: Parameters = .init()) throws -> Measurement {
        guard !reference.isEmpty, reference.count == current.count else {
            throw Failure(description: "the domain classifier needs the same columns, at least one, on both sides")
        }
        let referenceRows = reference[0].count, currentRows = current[0].count
        guard referenceRows >= parameters.folds, currentRows >= parameters.folds else {
            throw Failure(description: "the domain classifier needs at least \(parameters.folds) rows on each side (reference \(referenceRows), current \(currentRows))")
        }
        let x = encode(reference, current)
        let labels = [Double](repeating: 0, count: referenceRows) + [Double](repeating: 1, count: currentRows)
        let fold = stratifiedFolds(labels, folds: parameters.folds)
        let binning = FeatureBinning(x, maxBins: parameters.trees.maxBins)
        // The folds are independent: their trees are grown on every core, at the caller's priority,
        // a tree at a time from whichever fold is waiting, so that no core idles while another fold
        // still has trees to grow.
        let runs = try (0..<parameters.folds).map { k in
            let train = labels.indices.filter { fold[$0] != k }
            return FoldRun(try BoostingRun(binning: binning.selecting(rows: train), train.map { labels[$0] }, classification: true, parameters: parameters.trees))
        }
        let waiting = Mutex<[Int]>(Array(runs.indices))
        let cores = max(1, min(parameters.folds, ProcessInfo.processInfo.activeProcessorCount))
        ParallelThreads.perform(iterations: cores) { _ in
            while let k = waiting.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                // Only the thread that took fold k from the queue touches it until it is put back.
                runs[k].run.step()
                if !runs[k].run.isFinished { waiting.withLock { $0.append(k) } }
            }
        }
        var scores = [Double](repeating: 0, count: labels.count)
        var splits = [Int](repeating: 0, count: reference.count)
        for k in 0..<parameters.folds {
            let model = runs[k].run.model
            for row in labels.indices where fold[row] == k { scores[row] = model.rawScore(x.row(row)) }
            for tree in model.trees { for feature in tree.feature where feature >= 0 { splits[Int(feature)] += 1 } }
        }
        // The AUC ranks the scores, so raw log-odds do as well as probabilities.
        let auc = BinaryClassificationMetrics.rocAUC(actual: labels.map { $0 == 1 }, scores: scores) ?? 0.5
        let total = splits.reduce(0, +)
        return Measurement(auc: auc, importance: splits.map { total > 0 ? Double($0) / Double(total) : 0 })
    }

    /// Reference rows then current rows as numbers: numeric columns as they are, a missing value
    /// below every present one; categories as their rank among all categories seen, sorted
    /// (scikit-learn's OrdinalEncoder), a missing one as −1.
    static func encode(_ reference: [MultivariateColumn], _ current: [MultivariateColumn]) -> DenseMatrix {
        let rows = reference[0].count + current[0].count, width = reference.count
        var matrix = DenseMatrix(rows: rows, columns: width)
        for j in 0..<width {
            switch (reference[j], current[j]) {
            case (.numeric(let a), .numeric(let b)):
                let values = a + b
                let lowest = values.lazy.filter { $0.isFinite }.min() ?? 0
                for (i, value) in values.enumerated() { matrix[i, j] = value.isFinite ? value : lowest - 1 }
            case (.categorical(let a, let aNames), .categorical(let b, let bNames)):
                // Each side's codes mapped once, by name, to the name's rank among both sides' names.
                let rank = Dictionary(uniqueKeysWithValues: Set(aNames + bNames).sorted().enumerated().map { ($1, Double($0)) })
                let aRanks = aNames.map { rank[$0]! }, bRanks = bNames.map { rank[$0]! }
                for (i, code) in a.enumerated() { matrix[i, j] = code < 0 ? -1 : aRanks[Int(code)] }
                for (i, code) in b.enumerated() { matrix[a.count + i, j] = code < 0 ? -1 : bRanks[Int(code)] }
            default:
                // Kinds that disagree (callers check that they do not): the column is left out, at 0.
                break
            }
        }
        return matrix
    }

    /// Each row's test fold, as scikit-learn's StratifiedKFold without shuffling assigns them: the
    /// classes, sorted, are dealt round-robin to decide how many of each class a fold gets, then
    /// each class's rows, in order, fill fold 0, fold 1, and so on.
    static func stratifiedFolds(_ labels: [Double], folds: Int) -> [Int] {
        let classes = Array(Set(labels)).sorted()
        let counts = classes.map { value in labels.lazy.filter { $0 == value }.count }
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: folds)
        var position = 0
        for (k, count) in counts.enumerated() {
            for _ in 0..<count {
                allocation[position % folds][k] += 1
                position += 1
            }
        }
        var fold = [Int](repeating: 0, count: labels.count)
        for (k, value) in classes.enumerated() {
            var target = 0, filled = 0
            for i in labels.indices where labels[i] == value {
                while filled == allocation[target][k] { target += 1; filled = 0 }
                fold[i] = target
                filled += 1
            }
        }
        return fold
    }
}

/// A fold's fit, shared by the threads that grow its trees; the queue of waiting folds hands it to
/// one thread at a time.
private final class FoldRun: @unchecked Sendable {
    var run: BoostingRun

    init(_ run: BoostingRun) {
        self.run = run
    }
}

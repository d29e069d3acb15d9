import Foundation

/// One gradient-boosting fit in progress, a tree at a time: a caller fitting several models
/// (the domain classifier's folds) can hand trees of any unfinished fit to whichever core is
/// free, so that five fits on two cores end together instead of one running alone.
struct BoostingRun {
    let binning: FeatureBinning
    let trainY: [Double]
    let classification: Bool
    let parameters: GradientBoosting.Parameters
    let baseline: Double
    /// Every training row's raw score so far.
    private var raw: [Double]
    private var gradients: [Double], hessians: [Double]
    private var trees: [BoostedTrees.Tree] = []
    /// Held-out rows for early stopping, their targets, raw scores and the scores per tree.
    private let validation: DenseMatrix?
    private let validationY: [Double]
    private var validationRaw: [Double]
    private var scores: [Double] = []
    private(set) var isFinished = false

    init(binning: FeatureBinning, _ trainY: [Double], classification: Bool, parameters: GradientBoosting.Parameters,
         validation held: (DenseMatrix, [Double])? = nil) throws {
        precondition(binning.rows == trainY.count)
        let n = binning.rows
        if classification {
            let positive = trainY.reduce(0, +) / Double(n)
            guard positive > 0 && positive < 1 else { throw GradientBoosting.Failure(description: "the target has only one class") }
            baseline = log(positive / (1 - positive))
        } else {
            baseline = trainY.reduce(0, +) / Double(n)
        }
        self.binning = binning
        self.trainY = trainY
        self.classification = classification
        self.parameters = parameters
        raw = [Double](repeating: baseline, count: n)
        gradients = [Double](repeating: 0, count: n)
        hessians = [Double](repeating: 0, count: n)
        validation = held?.0
        validationY = held?.1 ?? []
        validationRaw = [Double](repeating: baseline, count: validationY.count)
        isFinished = parameters.maxIterations <= 0
    }

    var model: BoostedTrees { BoostedTrees(baseline: baseline, trees: trees) }

    /// Grows the next tree: gradients and hessians of the loss at the current scores, a tree fitted
    /// to them, the scores moved by its leaves; then the early-stopping check.
    mutating func step() {
        precondition(!isFinished)
        let n = binning.rows, classification = classification
        raw.withUnsafeBufferPointer { raw in
            trainY.withUnsafeBufferPointer { y in
                gradients.withUnsafeMutableBufferPointer { g in
                    hessians.withUnsafeMutableBufferPointer { h in
                        if classification {
                            for i in 0..<n {
                                let p = logistic(raw[i])
                                g[i] = p - y[i]
                                h[i] = max(p * (1 - p), 1e-16)
                            }
                        } else {
                            for i in 0..<n {
                                g[i] = raw[i] - y[i]
                                h[i] = 1
                            }
                        }
                    }
                }
            }
        }
        var grower = TreeGrower(binning: binning, gradients: gradients, hessians: hessians, parameters: parameters)
        let tree = grower.grow()
        // The grower knows which leaf every training row landed in: update scores without re-walking the tree.
        raw.withUnsafeMutableBufferPointer { raw in
            for (leafValue, rows) in grower.leafRows {
                rows.withUnsafeBufferPointer { rows in
                    for row in rows { raw[Int(row)] += leafValue }
                }
            }
        }
        trees.append(tree)
        if trees.count >= parameters.maxIterations { isFinished = true }
        if let validation {
            var loss = 0.0
            for row in 0..<validation.rows {
                validationRaw[row] += tree.evaluate(validation.row(row))
                loss += GradientBoosting.loss(validationRaw[row], validationY[row], classification: classification)
            }
            scores.append(-loss / Double(validation.rows))
            if GradientBoosting.shouldStop(scores, parameters) { isFinished = true }
        }
    }
}

import DriftwatchData
/// Hyper-parameter names, defaults and the fitting of each model kind.
public enum HyperParameters {
    public static func defaults(for kind: ModelKind) -> [String: Double] {
        switch kind {
        case .ridge: ["alpha": 1.0]
        case .logistic: ["c": 1.0]
        case .gradientBoostedTrees:
            ["learning_rate": 0.1, "max_iter": 100, "max_leaf_nodes": 31, "max_depth": 0, "min_samples_leaf": 20,
             "l2_regularization": 0, "max_bins": 255, "early_stopping": 0, "validation_fraction": 0.1, "n_iter_no_change": 10]
        }
    }

    public static func names(for kind: ModelKind) -> [String] {
        defaults(for: kind).keys.sorted()
    }

    struct Invalid: DriftwatchError {
        var description: String
    }

    /// Fits a model of the given kind; `y` holds numbers for regression and 0/1 for classification.
    static func fit(kind: ModelKind, task: LearningTask, params: [String: Double], x: DenseMatrix, y: [Double], seed: UInt64) throws -> FittedModel {
        let p = defaults(for: kind).merging(params) { $1 }
        switch kind {
        case .ridge:
            guard p["alpha"]! >= 0 else { throw Invalid(description: "alpha must be ≥ 0") }
            return .linear(try Ridge.fit(x, y, alpha: p["alpha"]!))
        case .logistic:
            guard p["c"]! > 0 else { throw Invalid(description: "c must be > 0") }
            return .linear(try LogisticRegression.fit(x, y.map { $0 == 1 }, c: p["c"]!))
        case .gradientBoostedTrees:
            var parameters = GradientBoosting.Parameters()
            parameters.learningRate = p["learning_rate"]!
            parameters.maxIterations = Int(p["max_iter"]!)
            parameters.maxLeafNodes = Int(p["max_leaf_nodes"]!)
            parameters.maxDepth = Int(p["max_depth"]!)
            parameters.minSamplesLeaf = Int(p["min_samples_leaf"]!)
            parameters.l2Regularization = p["l2_regularization"]!
            parameters.maxBins = Int(p["max_bins"]!)
            parameters.earlyStopping = p["early_stopping"]! != 0
            parameters.validationFraction = p["validation_fraction"]!
            parameters.iterationsWithoutChange = Int(p["n_iter_no_change"]!)
            guard parameters.learningRate > 0, parameters.maxIterations >= 1, parameters.maxLeafNodes >= 2,
                  parameters.minSamplesLeaf >= 1, parameters.maxBins >= 2, parameters.maxBins <= 256,
                  parameters.l2Regularization >= 0, parameters.validationFraction > 0, parameters.validationFraction < 1 else {
                throw Invalid(description: "gradient boosting parameters out of range (learning_rate > 0, max_iter ≥ 1, max_leaf_nodes ≥ 2, min_samples_leaf ≥ 1, 2 ≤ max_bins ≤ 256)")
            }
            return .trees(try GradientBoosting.fit(x, y, classification: task == .binaryClassification, parameters: parameters, seed: seed))
        }
    }
}

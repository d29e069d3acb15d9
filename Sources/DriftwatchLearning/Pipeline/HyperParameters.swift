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
        case .xgboost: [:]
        }
    }

    public static func names(for kind: ModelKind) -> [String] {
        defaults(for: kind).keys.sorted()
    }

    /// The values a hyper-parameter may take: a range, and whether it must be a whole number.
    struct Rule {
        var range: ClosedRange<Double>
        var whole = false
        var open = false
        var text: String
    }

    static let rules: [String: Rule] = [
        "alpha": Rule(range: 0...1e12, text: "a number ≥ 0"),
        "c": Rule(range: 0...1e12, open: true, text: "a number > 0"),
        "learning_rate": Rule(range: 0...10, open: true, text: "a number in (0, 10]"),
        "max_iter": Rule(range: 1...100_000, whole: true, text: "a whole number from 1 to 100000"),
        "max_leaf_nodes": Rule(range: 2...65_536, whole: true, text: "a whole number from 2 to 65536"),
        "max_depth": Rule(range: 0...1_000, whole: true, text: "a whole number from 0 (no limit) to 1000"),
        "min_samples_leaf": Rule(range: 1...1e9, whole: true, text: "a whole number from 1 to 1000000000"),
        "l2_regularization": Rule(range: 0...1e12, text: "a number ≥ 0"),
        "max_bins": Rule(range: 2...256, whole: true, text: "a whole number from 2 to 256"),
        "early_stopping": Rule(range: 0...1, whole: true, text: "0 or 1 (false or true)"),
        "validation_fraction": Rule(range: 0...1, open: true, text: "a share between 0 and 1"),
        "n_iter_no_change": Rule(range: 1...100_000, whole: true, text: "a whole number from 1 to 100000"),
    ]

    /// Why `value` cannot be hyper-parameter `name` (nil when it can): NaN, infinities, fractions
    /// of whole-number parameters and values out of range are refused before anything is fitted.
    public static func problem(_ name: String, _ value: Double) -> String? {
        guard let rule = rules[name] else { return nil }
        let fits = value.isFinite && rule.range.contains(value) && !(rule.open && value == rule.range.lowerBound) && !(rule.open && value == rule.range.upperBound && rule.range.upperBound == 1)
        guard fits, !rule.whole || value == value.rounded() else { return "\(name) must be \(rule.text), got \(value)" }
        return nil
    }

    struct Invalid: DriftwatchError {
        var description: String
    }

    /// Fits a model of the given kind; `y` holds numbers for regression and 0/1 for classification.
    static func fit(kind: ModelKind, task: LearningTask, params: [String: Double], x: DenseMatrix, y: [Double], seed: UInt64) throws -> FittedModel {
        let p = defaults(for: kind).merging(params) { $1 }
        for (name, value) in p.sorted(by: { $0.key < $1.key }) {
            if let problem = problem(name, value) { throw Invalid(description: problem) }
        }
        switch kind {
        case .xgboost:
            throw Invalid(description: "XGBoost boosters are imported (driftwatch models import), not trained by Driftwatch")
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

import DriftwatchData
import Foundation
import Yams

/// Everything `driftwatch train` needs, from one YAML file. Paths are relative to the file.
public struct TrainingConfig: Sendable, Equatable {
    public var experiment: String
    /// Registered model name.
    public var model: String
    public var data: String
    public var target: String
    /// Name of the column the predictor returns (and the agent watches).
    public var predictionColumn: String
    public var task: LearningTask
    /// For classification: the target value that counts as positive.
    public var positiveClass: String?
    public var features: FeatureSpec
    public var filters: [RowFilter]
    public var modelKind: ModelKind
    public var params: [String: Double]
    public var search: SearchSpec
    public var seed: UInt64

    public struct SearchSpec: Sendable, Equatable {
        public enum Strategy: String, Sendable, CaseIterable { case grid, random }
        public var strategy: Strategy = .grid
        /// Number of sampled settings for random search.
        public var trials: Int = 10
        /// Candidate values per hyper-parameter.
        public var space: [String: [Double]] = [:]
        /// Share of rows held out for validation (when `folds` is 0).
        public var validation: Double = 0.2
        /// k-fold cross-validation instead of one holdout when ≥ 2.
        public var folds: Int = 0
        /// The validation metric that picks the winner.
        public var metric: String?
    }
}

/// A row filter from the config; rows that fail it are dropped and counted.
public struct RowFilter: Sendable, Equatable, CustomStringConvertible {
    public enum Condition: Sendable, Equatable {
        case between(Double, Double)
        case atLeast(Double)
        case atMost(Double)
        case oneOf([String])
        case present
    }

    public var column: String
    public var condition: Condition

    public var description: String {
        switch condition {
        case .between(let low, let high): "\(column) between \(low) and \(high)"
        case .atLeast(let low): "\(column) >= \(low)"
        case .atMost(let high): "\(column) <= \(high)"
        case .oneOf(let values): "\(column) in [\(values.joined(separator: ", "))]"
        case .present: "\(column) present"
        }
    }
}

extension TrainingConfig {
    static let knownKeys = ["experiment", "model", "data", "target", "prediction", "task", "positive_class", "features", "filters", "estimator", "search", "seed"]

    public static func load(path: String) throws -> TrainingConfig {
        let text = try ConfigurationFile.text(at: path)
        var config = try parse(yaml: text, source: path)
        if !config.data.hasPrefix("/") {
            config.data = (((path as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(config.data)
        }
        return config
    }

    /// Parses the YAML; a missing or misspelt key, or a value of the wrong type, names itself and its line.
    public static func parse(yaml: String, source: String) throws -> TrainingConfig {
        let root = try ConfigurationFile.mapping(yaml: yaml, source: source,
                                                 expected: "a training config is a mapping (experiment, model, data, target, features, estimator, …)")
        let reader = ConfigReader(source: source)
        try reader.rejectUnknown(root, known: knownKeys, context: "")
        let estimator = try reader.mapping(root, "estimator", required: true)!
        try reader.rejectUnknown(estimator, known: ["kind", "params"], context: " in estimator")
        guard let kind = ModelKind(rawValue: try reader.string(estimator, "kind", required: true)!), ModelKind.trainable.contains(kind) else {
            throw reader.error(estimator, "kind", "unknown model kind '\(try reader.string(estimator, "kind")!)' (known: \(ModelKind.trainable.map(\.rawValue).joined(separator: ", ")); an XGBoost booster is imported with driftwatch models import)")
        }
        let defaultTask: LearningTask = kind == .logistic ? .binaryClassification : .regression
        let task: LearningTask
        if let text = try reader.string(root, "task") {
            guard let parsed = LearningTask(rawValue: text) else {
                throw reader.error(root, "task", "unknown task '\(text)' (known: regression, binary_classification)")
            }
            task = parsed
        } else {
            task = defaultTask
        }
        if kind == .ridge && task != .regression { throw reader.error(root, "task", "ridge is a regression model") }
        if kind == .logistic && task != .binaryClassification { throw reader.error(root, "task", "logistic regression is a binary classification model") }

        let featuresNode = try reader.mapping(root, "features", required: true)!
        try reader.rejectUnknown(featuresNode, known: ["numeric", "categorical", "crosses", "max_categories", "standardize"], context: " in features")
        let features = FeatureSpec(numeric: try reader.strings(featuresNode, "numeric"), categorical: try reader.strings(featuresNode, "categorical"),
                                   crosses: try reader.crosses(featuresNode), maxCategories: try reader.int(featuresNode, "max_categories") ?? 100,
                                   standardize: try reader.bool(featuresNode, "standardize") ?? true)
        if features.inputColumns.isEmpty { throw DataError(file: source, "features: name at least one numeric or categorical column") }

        var search = SearchSpec()
        if let node = try reader.mapping(root, "search") {
            try reader.rejectUnknown(node, known: ["strategy", "trials", "space", "validation", "folds", "metric"], context: " in search")
            if let text = try reader.string(node, "strategy") {
                guard let strategy = SearchSpec.Strategy(rawValue: text) else { throw reader.error(node, "strategy", "strategy must be grid or random") }
                search.strategy = strategy
            }
            search.trials = try reader.int(node, "trials") ?? search.trials
            search.validation = try reader.double(node, "validation") ?? search.validation
            search.folds = try reader.int(node, "folds") ?? 0
            search.metric = try reader.string(node, "metric")
            if let space = try reader.mapping(node, "space") {
                for (key, value) in space {
                    let name = key.string ?? "?"
                    guard let values = value.sequence?.compactMap(\.float), values.count == value.sequence?.count, !values.isEmpty else {
                        throw DataError(file: source, line: key.mark?.line, "search.space.\(name) must be a list of numbers")
                    }
                    search.space[name] = values
                }
            }
            guard search.validation > 0 && search.validation < 1 else { throw reader.error(node, "validation", "validation must be a share between 0 and 1") }
            guard search.trials >= 1 else { throw reader.error(node, "trials", "trials must be at least 1") }
        }
        let params = try reader.numbers(estimator, "params")
        for name in Set(params.keys).union(search.space.keys) where !HyperParameters.names(for: kind).contains(name) {
            throw DataError(file: source, "unknown hyper-parameter '\(name)' for \(kind.rawValue) (known: \(HyperParameters.names(for: kind).joined(separator: ", ")))")
        }
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            if let problem = HyperParameters.problem(name, value) { throw reader.error(estimator, "params", "estimator.params.\(problem)") }
        }
        for (name, values) in search.space.sorted(by: { $0.key < $1.key }) {
            for value in values {
                if let problem = HyperParameters.problem(name, value) { throw DataError(file: source, "search.space.\(problem)") }
            }
        }
        return TrainingConfig(
            experiment: try reader.string(root, "experiment") ?? (try reader.string(root, "model", required: true)!),
            model: try reader.string(root, "model", required: true)!,
            data: try reader.string(root, "data", required: true)!,
            target: try reader.string(root, "target", required: true)!,
            predictionColumn: try reader.string(root, "prediction") ?? "prediction",
            task: task,
            positiveClass: try reader.string(root, "positive_class"),
            features: features,
            filters: try reader.filters(root),
            modelKind: kind,
            params: params,
            search: search,
            seed: UInt64(try reader.int(root, "seed") ?? 42))
    }
}

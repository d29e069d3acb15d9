import DriftStatistics
import DriftwatchData
import Foundation

/// The training pipeline: ingest → transform → features → search → final fit. Each stage is a
/// function with a plain input and output, timed and logged; registration is the caller's (it
/// needs the registry), fed by ``Outcome``.
public struct TrainingPipeline: Sendable {
    public let config: TrainingConfig
    public let codeVersion: String
    let log: @Sendable (String) -> Void

    public init(config: TrainingConfig, codeVersion: String, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.config = config
        self.codeVersion = codeVersion
        self.log = log
    }

    /// Why training stopped.
    public struct Failure: DriftwatchError, Equatable, Sendable {
        public var message: String
        public var description: String { message }
    }

    public struct Trial: Sendable, Equatable {
        public var params: [String: Double]
        public var metrics: [String: Double]
    }

    public struct Outcome: Sendable {
        public var artifact: ModelArtifact
        /// Training data profile with the model's predictions: the monitoring reference.
        public var profile: ReferenceProfile
        public var trials: [Trial]
        public var best: Trial
        /// Rows dropped per filter rule, in rule order.
        public var dropped: [(rule: String, rows: Int)]
        public var trainingRows: Int
    }

    // MARK: Stages

    /// 1. Ingest: read the data typed by the columns the config uses; fingerprint the file.
    public func ingest() throws -> (batch: ColumnarBatch, fingerprint: String) {
        let data = try DatasetReader.contents(path: config.data)
        var columns: [SchemaSpec.ColumnSpec] = []
        var seen = Set<String>()
        func add(_ name: String, _ kind: ColumnKind?, _ role: ColumnRole) {
            if seen.insert(name).inserted { columns.append(.init(name: name, kind: kind, role: role)) }
        }
        add(config.target, config.task == .regression ? .numeric : .categorical, .target)
        for name in config.features.numeric { add(name, .numeric, .feature) }
        for name in config.features.categorical { add(name, .categorical, .feature) }
        for name in config.features.crosses.flatMap({ $0 }) { add(name, nil, .feature) }
        for filter in config.filters { add(filter.column, nil, .feature) }
        let table = try DatasetReader.read(data, source: config.data, columns: columns.map { ColumnRequest(name: $0.name, kind: $0.kind) })
        let schema = try SchemaSpec.resolve(SchemaSpec(columns: columns), against: table)
        return (ColumnarBatch(table: table, schema: schema), SHA256.hex(data))
    }

    /// 2. Transform: drop rows without a target, then apply the filters in order; count the drops per rule.
    public func transform(_ batch: ColumnarBatch) throws -> (batch: ColumnarBatch, dropped: [(rule: String, rows: Int)]) {
        var keep = Array(0..<batch.rowCount)
        var dropped: [(String, Int)] = []
        for filter in [RowFilter(column: config.target, condition: .present)] + config.filters {
            guard let column = batch.column(named: filter.column) else {
                throw Failure(message: "filter '\(filter)' names a column that is not in the data")
            }
            let before = keep.count
            keep = keep.filter { Self.passes(filter.condition, column, row: $0) }
            dropped.append((filter.description, before - keep.count))
        }
        return (batch.selecting(rows: keep), dropped)
    }

    static func passes(_ condition: RowFilter.Condition, _ column: Column, row: Int) -> Bool {
        switch (condition, column) {
        case (.present, _):
            if case .numeric(let numeric) = column { return !numeric.values[row].isNaN }
            if case .categorical(let categorical) = column { return categorical.codes[row] >= 0 }
            return false
        case (.between(let low, let high), .numeric(let numeric)): return numeric.values[row] >= low && numeric.values[row] <= high
        case (.atLeast(let low), .numeric(let numeric)): return numeric.values[row] >= low
        case (.atMost(let high), .numeric(let numeric)): return numeric.values[row] <= high
        case (.oneOf(let values), .categorical(let categorical)): return categorical.value(at: row).map(values.contains) ?? false
        case (.oneOf(let values), .numeric(let numeric)):
            let value = numeric.values[row]
            return values.compactMap(Double.init).contains(value)
        default: return false
        }
    }

    /// The target as numbers: the value itself for regression, 1/0 for the positive class.
    func targetValues(_ batch: ColumnarBatch) throws -> (values: [Double], positiveClass: String?) {
        switch batch.column(named: config.target) {
        case .numeric(let numeric)?:
            if config.task == .regression { return (numeric.values, nil) }
            let positive = Double(config.positiveClass ?? "1") ?? 1
            return (numeric.values.map { $0 == positive ? 1 : 0 }, config.positiveClass ?? "1")
        case .categorical(let categorical)?:
            let present = Set(categorical.codes.filter { $0 >= 0 }.map { categorical.categories[Int($0)] })
            let positive: String
            if let configured = config.positiveClass {
                positive = configured
            } else if let natural = ["1", "true", "yes", "True", "TRUE"].first(where: present.contains) {
                positive = natural
            } else {
                throw Failure(message: "set positive_class: the target '\(config.target)' has values \(present.sorted().prefix(5).joined(separator: ", "))")
            }
            guard present.count <= 2 else {
                throw Failure(message: "binary classification needs a target with two values; '\(config.target)' has \(present.count)")
            }
            return ((0..<batch.rowCount).map { categorical.value(at: $0) == positive ? 1 : 0 }, positive)
        case .vector?:
            throw Failure(message: "the target column '\(config.target)' holds vectors; a target is a number or a class")
        case nil:
            throw Failure(message: "the target column '\(config.target)' is not in the data")
        }
    }

    /// 3–5. Features, search and final fit, with every trial tracked under `parentRun`.
    public func train(tracker: any TrainingTracker = NoTracking(), parentRun: String? = nil) async throws -> Outcome {
        let (raw, fingerprint) = try timed("ingest") { try ingest() }
        log("ingest: \(raw.rowCount) rows from \(config.data)")
        let (batch, dropped) = try timed("transform") { try transform(raw) }
        for (rule, rows) in dropped where rows > 0 { log("transform: dropped \(rows) rows failing '\(rule)'") }
        log("transform: \(batch.rowCount) rows remain")
        try validate(batch)
        let (y, positiveClass) = try targetValues(batch)
        if config.task == .binaryClassification, Set(y).count < 2 {
            throw Failure(message: "the target '\(config.target)' has only one class after filtering")
        }
        let splits = makeSplits(rows: batch.rowCount)
        let candidates = searchSpace()
        log("search: \(candidates.count) setting(s) of \(config.modelKind.rawValue), \(splits.count == 1 ? "holdout \(config.search.validation)" : "\(splits.count)-fold")")
        var trials: [Trial] = []
        for (index, params) in candidates.enumerated() {
            let run = try await tracker.start(name: "trial-\(index + 1)", parent: parentRun)
            do {
                let metrics = try timed("trial \(index + 1)") { try evaluate(params: params, batch: batch, y: y, splits: splits) }
                try await tracker.log(run: run, params: params.mapValues { String($0) }, metrics: metrics, tags: ["stage": "search"])
                try await tracker.finish(run: run, succeeded: true)
                trials.append(Trial(params: params, metrics: metrics))
                log("trial \(index + 1): \(describe(params)) → \(selectionMetric) \(String(format: "%.5g", metrics[selectionMetric] ?? .nan))")
            } catch {
                try? await tracker.finish(run: run, succeeded: false)
                throw error
            }
        }
        let best = trials.min { better($0, $1) }!
        log("search: best \(describe(best.params))")
        // Final fit on every row with the chosen parameters.
        let (model, encoded) = try timed("final fit") { () -> (Model, DenseMatrix) in
            let encoder = try FeatureEncoder.fit(config.features, on: batch)
            let x = try encoder.encode(batch)
            try checkShape(x)
            let fitted = try HyperParameters.fit(kind: config.modelKind, task: config.task, params: best.params, x: x, y: y, seed: config.seed)
            return (Model(kind: config.modelKind, task: config.task, encoder: encoder, fitted: fitted, positiveClass: positiveClass), x)
        }
        let predictions = model.predict(encoded: encoded)
        let referenceBatch = batch.appending(ColumnSchema(name: config.predictionColumn, kind: .numeric, role: .prediction),
                                             .numeric(NumericColumn(values: predictions)))
        let profile = ReferenceProfile(batch: referenceBatch, multivariateSampleRows: MultivariateProfile.defaultSampleRows)
        let inputSchema = Schema(columns: batch.schema.columns.filter { model.encoder.inputColumns.contains($0.name) || $0.name == config.target })
        let artifact = ModelArtifact(
            model: model, schema: inputSchema, target: config.target, predictionColumn: config.predictionColumn,
            params: HyperParameters.defaults(for: config.modelKind).merging(best.params) { $1 }, metrics: best.metrics,
            training: TrainingProvenance(fingerprint: fingerprint, rows: batch.rowCount, codeVersion: codeVersion, trainedAt: Date(), seed: config.seed))
        return Outcome(artifact: artifact, profile: profile, trials: trials, best: best, dropped: dropped, trainingRows: batch.rowCount)
    }

    // MARK: Pieces

    func validate(_ batch: ColumnarBatch) throws {
        guard batch.rowCount >= 2 else {
            throw Failure(message: "training needs at least 2 rows after filtering, found \(batch.rowCount)")
        }
        if config.task == .regression, case .numeric(let target)? = batch.column(named: config.target) {
            let values = target.presentValues
            if let first = values.first, values.allSatisfy({ $0 == first }) {
                throw Failure(message: "the target '\(config.target)' is constant (\(first)) in every training row; there is nothing to learn")
            }
        }
        for name in config.features.categorical {
            if case .categorical(let column)? = batch.column(named: name), column.missingCount == column.codes.count {
                throw Failure(message: "categorical feature '\(name)' has no values in the training data")
            }
        }
    }

    func checkShape(_ x: DenseMatrix) throws {
        if x.columns > x.rows {
            throw Failure(message: "the encoded features (\(x.columns) columns) outnumber the training rows (\(x.rows)); lower max_categories, drop features or add data")
        }
    }

    /// Train/validation row sets: one seeded holdout, or k folds.
    func makeSplits(rows: Int) -> [(train: [Int], validation: [Int])] {
        var order = Array(0..<rows)
        var generator = SplitMix64(seed: config.seed)
        order.shuffle(using: &generator)
        let folds = config.search.folds
        if folds >= 2 {
            return (0..<folds).map { fold in
                let validation = order.enumerated().filter { $0.offset % folds == fold }.map(\.element).sorted()
                let held = Set(validation)
                return (order.filter { !held.contains($0) }.sorted(), validation)
            }
        }
        let holdout = min(rows - 1, max(1, Int((Double(rows) * config.search.validation).rounded())))
        return [(Array(order.dropFirst(holdout)).sorted(), Array(order.prefix(holdout)).sorted())]
    }

    /// The settings to try: every combination (grid) or a seeded sample of them (random).
    func searchSpace() -> [[String: Double]] {
        let base = config.params
        let names = config.search.space.keys.sorted()
        var grid: [[String: Double]] = [base]
        for name in names {
            grid = grid.flatMap { partial in config.search.space[name]!.map { partial.merging([name: $0]) { $1 } } }
        }
        guard config.search.strategy == .random, grid.count > config.search.trials else { return grid }
        var generator = SplitMix64(seed: config.seed &+ 1)
        return Array(grid.shuffled(using: &generator).prefix(config.search.trials))
    }

    /// Validation metrics of one setting, averaged over the splits.
    func evaluate(params: [String: Double], batch: ColumnarBatch, y: [Double], splits: [(train: [Int], validation: [Int])]) throws -> [String: Double] {
        var sums: [String: Double] = [:]
        for split in splits {
            let train = batch.selecting(rows: split.train), validation = batch.selecting(rows: split.validation)
            let encoder = try FeatureEncoder.fit(config.features, on: train)
            let x = try encoder.encode(train)
            try checkShape(x)
            let fitted = try HyperParameters.fit(kind: config.modelKind, task: config.task, params: params,
                                                 x: x, y: split.train.map { y[$0] }, seed: config.seed)
            let model = Model(kind: config.modelKind, task: config.task, encoder: encoder, fitted: fitted)
            let predicted = model.predict(encoded: try encoder.encode(validation))
            let actual = split.validation.map { y[$0] }
            for (key, value) in Self.metrics(task: config.task, actual: actual, predicted: predicted) {
                sums[key, default: 0] += value
            }
        }
        return sums.mapValues { $0 / Double(splits.count) }
    }

    /// The quality metrics of predictions against actual values (1/0 for classification), by name.
    public static func metrics(task: LearningTask, actual: [Double], predicted: [Double]) -> [String: Double] {
        switch task {
        case .regression:
            let m = RegressionMetrics(actual: actual, predicted: predicted)
            return ["rmse": m.rootMeanSquaredError, "mae": m.meanAbsoluteError, "mape": m.meanAbsolutePercentageError,
                    "r2": m.r2, "mean_error": m.meanError]
        case .binaryClassification:
            let m = BinaryClassificationMetrics(actual: actual.map { $0 == 1 }, predicted: predicted.map { $0 >= 0.5 }, probabilities: predicted)
            var result = ["accuracy": m.accuracy, "precision": m.precision, "recall": m.recall, "f1": m.f1]
            if let logLoss = m.logLoss { result["log_loss"] = logLoss }
            if let auc = m.rocAUC { result["roc_auc"] = auc }
            return result
        }
    }

    /// The metric that chooses among trials (and gates a challenger).
    public var selectionMetric: String {
        config.search.metric ?? (config.task == .regression ? "rmse" : "log_loss")
    }

    /// Whether a larger value of the metric is better.
    public static func higherIsBetter(_ metric: String) -> Bool {
        ["r2", "accuracy", "precision", "recall", "f1", "roc_auc"].contains(metric)
    }

    /// Whether trial `a` beats trial `b` on the selection metric (ties keep the earlier trial).
    func better(_ a: Trial, _ b: Trial) -> Bool {
        let name = selectionMetric
        let higherIsBetter = Self.higherIsBetter(name)
        let x = a.metrics[name] ?? .nan, y = b.metrics[name] ?? .nan
        return higherIsBetter ? x > y : x < y
    }

    func describe(_ params: [String: Double]) -> String {
        params.isEmpty ? "defaults" : params.keys.sorted().map { "\($0)=\(String(format: "%g", params[$0]!))" }.joined(separator: " ")
    }

    func timed<T>(_ stage: String, _ body: () throws -> T) throws -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { log(String(format: "%@ took %.3f s", stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try body()
    }
}

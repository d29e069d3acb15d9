import DriftwatchData
import Foundation

/// `driftwatch models import`: an XGBoost model file becomes a model artifact with the contract it
/// serves (input columns and kinds, target, prediction column), and, given the data it was trained
/// on, the reference profile an agent follows it with. Every way the pieces can contradict each
/// other is refused with the file and the field or column named.
public struct XGBoostImport: Sendable {
    /// The model file's bytes and the name errors give it.
    public var file: Data
    public var source: String
    /// The user's schema and the file it came from: input kinds, target and prediction column.
    public var schema: (spec: SchemaSpec, source: String)?
    public var target: String?
    public var predictionColumn: String?
    public var oneHotAbsent: XGBoostInputs.OneHotAbsent = .missing
    /// The training data, profiled with the model's predictions.
    public var referencePath: String?

    public init(file: Data, source: String) {
        self.file = file
        self.source = source
    }

    public struct Outcome: Sendable {
        /// The artifact; its `metrics` are the model's on the reference rows that have a target,
        /// named `reference_<metric>` since they are measured on the rows it was trained on.
        public var artifact: ModelArtifact
        public var profile: ReferenceProfile?

        public init(artifact: ModelArtifact, profile: ReferenceProfile?) {
            self.artifact = artifact
            self.profile = profile
        }
    }

    public func run(codeVersion: String) throws -> Outcome {
        let spec = schema?.spec
        let schemaSource = schema?.source ?? "--schema"
        guard let target = target ?? spec?.target else {
            throw DataError(file: source, "the target column is not named: give --target NAME or a schema with 'target:'")
        }
        let predictionColumn = predictionColumn ?? spec?.prediction ?? "prediction"
        let listed = spec?.resolvedColumns ?? []
        let features = listed.filter { ($0.role ?? .feature) == .feature }
        let imported = try XGBoostModel(file: file, source: source, featureNames: spec.map { _ in features.map(\.name) }, oneHotAbsent: oneHotAbsent)
        if imported.booster.featureNames == nil, let categorical = features.first(where: { $0.kind == .categorical }) {
            throw DataError(file: schemaSource, column: categorical.name, "is categorical, but the booster has no feature names to say which features are its one-hots")
        }
        let inputs = imported.inputs
        for name in [target, predictionColumn] where inputs.numericColumns.contains(name) || inputs.categoricalColumns.contains(name) {
            throw DataError(file: source, "learner.feature_names reads '\(name)', which is named as the \(name == target ? "target" : "prediction") column")
        }
        if spec != nil {
            try check(inputs, against: listed, schemaSource: schemaSource)
        }
        let kinds = Dictionary(listed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let targetKind = kinds[target]?.kind ?? (imported.task == .regression ? .numeric : .categorical)
        var columns = inputs.numericColumns.map { ColumnSchema(name: $0, kind: .numeric, driftTest: kinds[$0]?.test) }
            + inputs.categoricalColumns.map { ColumnSchema(name: $0, kind: .categorical, driftTest: kinds[$0]?.test) }
        // The schema's order when there is one, else the booster's.
        if spec != nil { columns.sort { order(listed, $0.name) < order(listed, $1.name) } }
        columns.append(ColumnSchema(name: target, kind: targetKind, role: .target))
        let model = Model(kind: .xgboost, task: imported.task, encoder: imported.encoder, fitted: .xgboost(imported),
                          positiveClass: imported.task == .binaryClassification ? "1" : nil)

        var artifact = ModelArtifact(model: model, schema: Schema(columns: columns), target: target, predictionColumn: predictionColumn,
                                     params: [:], metrics: [:],
                                     training: TrainingProvenance(fingerprint: SHA256.hex(file), rows: 0, codeVersion: codeVersion, trainedAt: Date(), seed: 0))
        var profile: ReferenceProfile?
        if let referencePath {
            let reference = try artifact.reference(path: referencePath)
            profile = reference.profile
            artifact.metrics = reference.metrics
            artifact.training.fingerprint = reference.fingerprint
            artifact.training.rows = reference.rows
        }
        if let problem = artifact.problem() { throw DataError(file: source, problem) }
        return Outcome(artifact: artifact, profile: profile)
    }

    private func order(_ listed: [SchemaSpec.ColumnSpec], _ name: String) -> Int {
        listed.firstIndex { $0.name == name } ?? Int.max
    }

    /// Feature names against the schema: every input column listed, as a feature, of the kind the
    /// names give it.
    private func check(_ inputs: XGBoostInputs, against listed: [SchemaSpec.ColumnSpec], schemaSource: String) throws {
        let byName = Dictionary(listed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (columns, kind) in [(inputs.numericColumns, ColumnKind.numeric), (inputs.categoricalColumns, .categorical)] {
            for name in columns {
                guard let column = byName[name] else {
                    throw DataError(file: schemaSource, column: name, "the booster reads this column (learner.feature_names in \(source)) but the schema does not list it")
                }
                if let role = column.role, role != .feature {
                    throw DataError(file: schemaSource, column: name, "has role \(role.rawValue), but the booster reads it as a feature")
                }
                if let declared = column.kind, declared != kind {
                    throw DataError(file: schemaSource, column: name, kind == .categorical
                        ? "is \(declared.rawValue) here, but the booster's feature names one-hot it ('\(Message.short(name, limit: 40))=…')"
                        : "is \(declared.rawValue) here, but the booster reads it as a number (no '\(Message.short(name, limit: 40))=…' one-hots)")
                }
            }
        }
    }
}

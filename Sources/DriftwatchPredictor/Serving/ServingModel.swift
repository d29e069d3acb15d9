import DriftwatchData
import DriftwatchLearning
import NIOConcurrencyHelpers

/// A model version ready to serve: the artifact and its prepared single-record predictor.
public final class ServingModel: Sendable {
    public let name: String
    public let version: Int
    public let artifact: ModelArtifact
    let predictor: RecordPredictor
    /// Input columns every request must carry.
    public let inputColumns: [String]
    /// The input columns with their kinds, in order (the inference protocol's tensors).
    let inputKinds: [(name: String, kind: ColumnKind)]

    public init(name: String, version: Int, artifact: ModelArtifact) {
        self.name = name
        self.version = version
        self.artifact = artifact
        predictor = RecordPredictor(artifact.model)
        inputColumns = predictor.inputColumns
        let kinds = Dictionary(artifact.schema.columns.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        inputKinds = inputColumns.map { ($0, kinds[$0] ?? .numeric) }
    }

    /// Kinds of the input columns: the serving contract a replacement must honour.
    var contract: [String: ColumnKind] {
        Dictionary(inputKinds.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
    }

    func predict(_ record: [String: FeatureInput]) throws -> (value: Double, unseen: [String]) {
        try predictor.predict(record)
    }
}

/// The model currently serving. A reload swaps the reference in one step; a request that already
/// took the old model finishes with it.
public final class ModelSlot: Sendable {
    private let current = NIOLockedValueBox<ServingModel?>(nil)

    public init() {}

    public var model: ServingModel? { current.withLockedValue { $0 } }

    func replace(with model: ServingModel) {
        current.withLockedValue { $0 = model }
    }
}

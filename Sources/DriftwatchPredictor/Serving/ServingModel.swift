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

    public init(name: String, version: Int, artifact: ModelArtifact) {
        self.name = name
        self.version = version
        self.artifact = artifact
        predictor = RecordPredictor(artifact.model)
        inputColumns = predictor.inputColumns
    }

    /// Kinds of the input columns: the serving contract a replacement must honour.
    var contract: [String: ColumnKind] {
        var result: [String: ColumnKind] = [:]
        for column in artifact.schema.columns where inputColumns.contains(column.name) { result[column.name] = column.kind }
        return result
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

import DriftwatchData

/// Predicts single records (the serving path) for any model: a model Driftwatch trained through
/// its encoder with the category lookups built once, an imported booster through its own inputs.
public struct RecordPredictor: Sendable {
    private enum Path: Sendable {
        case encoded(RecordEncoder, Model)
        case imported(XGBoostModel)
    }

    private let path: Path
    /// Input columns every record must carry.
    public let inputColumns: [String]

    public init(_ model: Model) {
        if case .xgboost(let imported) = model.fitted {
            path = .imported(imported)
        } else {
            path = .encoded(RecordEncoder(model.encoder), model)
        }
        inputColumns = model.encoder.inputColumns
    }

    /// The prediction for a record keyed by input column, and the categorical columns whose value
    /// training never saw. Throws ``RecordError`` naming the feature when the record is unusable.
    public func predict(_ record: [String: FeatureInput]) throws -> (value: Double, unseen: [String]) {
        switch path {
        case .encoded(let encoder, let model):
            let encoded = try encoder.encode(record)
            return (model.predict(row: encoded.row[...]), encoded.unseen)
        case .imported(let imported):
            return try imported.predict(record)
        }
    }
}

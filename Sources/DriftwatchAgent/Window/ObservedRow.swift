import DriftwatchData
import DriftwatchLearning

/// One row seen in production: the model's inputs and output as a source delivered them, the
/// ground truth once it is known, and when the agent received it.
public struct ObservedRow: Sendable, Equatable {
    /// The row's id (a prediction id), when the source gives one; labels find rows by it.
    public var id: String?
    /// Column name → value, including the prediction column.
    public var values: [String: FeatureInput]
    public var actual: FeatureInput?
    /// Seconds since 1970 when the agent received the row.
    public var receivedAt: Double
    /// The registry version that served the row, when the source knows it (the predictor's log).
    public var modelVersion: Int?
    /// A shadow challenger's version and unreturned answer for the same row (the predictor's log).
    public var shadowVersion: Int?
    public var shadowPrediction: Double?

    public init(id: String?, values: [String: FeatureInput], actual: FeatureInput? = nil, receivedAt: Double, modelVersion: Int? = nil,
                shadowVersion: Int? = nil, shadowPrediction: Double? = nil) {
        self.id = id
        self.values = values
        self.actual = actual
        self.receivedAt = receivedAt
        self.modelVersion = modelVersion
        self.shadowVersion = shadowVersion
        self.shadowPrediction = shadowPrediction
    }
}

extension ObservedRow {
    /// A row from a flat JSON record: `id` and `actual` are reserved keys, the rest are column
    /// values. Nil when a value is unusable (a non-finite number, an id that is not a scalar).
    public init?(_ object: FlatJSONObject, receivedAt: Double) {
        var values: [String: FeatureInput] = [:], id: String?, actual: FeatureInput?
        values.reserveCapacity(object.members.count)
        for (key, value) in object.members {
            switch key {
            case "id":
                switch value {
                case .string(let text), .number(let text): id = text
                default: return nil
                }
            case "actual":
                guard let input = FeatureInput(value) else { return nil }
                actual = input == .missing ? nil : input
            default:
                guard let input = FeatureInput(value) else { return nil }
                values[key] = input
            }
        }
        self.init(id: id, values: values, actual: actual, receivedAt: receivedAt)
    }
}

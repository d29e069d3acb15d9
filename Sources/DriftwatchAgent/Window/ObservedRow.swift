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

    public init(id: String?, values: [String: FeatureInput], actual: FeatureInput? = nil, receivedAt: Double) {
        self.id = id
        self.values = values
        self.actual = actual
        self.receivedAt = receivedAt
    }
}

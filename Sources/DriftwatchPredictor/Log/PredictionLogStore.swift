import Foundation

/// A prediction waiting to be logged.
struct PendingPrediction: Sendable, Equatable {
    var id: String
    var timestamp: Double
    var modelVersion: Int
    /// The request's features as JSON text.
    var features: String
    var prediction: Double
    /// The shadow challenger's version and answer for the same record, when one scored it.
    var shadowVersion: Int? = nil
    var shadowPrediction: Double? = nil
}

/// A logged prediction, as `GET /v1/predictions` returns it.
public struct LoggedPrediction: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var timestamp: Double
    /// The predictor replica that served it.
    public var instance: String
    public var modelVersion: Int
    public var features: String
    public var prediction: Double
    /// Ground truth as JSON text, once feedback arrived.
    public var actual: String?
    /// The shadow challenger's version and answer for the same record (not returned to the client).
    public var shadowVersion: Int? = nil
    public var shadowPrediction: Double? = nil
}

/// Where logged predictions are kept: an SQLite file (one machine) or a PostgreSQL table that a
/// fleet of predictor replicas shares. `seq` is the cursor readers follow: it increases in the
/// order rows become visible, so reading `seq > cursor` in order loses nothing and repeats nothing.
protocol PredictionLogStore: Sendable {
    /// Where the log lives, for messages.
    var location: String { get }
    /// Appends a batch in one transaction. Rows whose id is already logged are skipped, so a
    /// batch whose commit was not confirmed can be written again without doubling it.
    func append(_ batch: [PendingPrediction], instance: String) async throws
    /// Records ground truth; false when no prediction has that id.
    func recordFeedback(id: String, actual: String, at: Double) async throws -> Bool
    /// Logged predictions with `seq > after`, oldest first; only `instance`'s when given.
    func page(after: Int64, limit: Int, instance: String?) async throws -> [LoggedPrediction]
    /// Deletes rows beyond the retention limits.
    func applyRetention(maxRows: Int, maxAge: Duration?) async throws
}

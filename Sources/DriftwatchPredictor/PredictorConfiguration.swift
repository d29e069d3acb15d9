import Foundation

/// Settings of `driftwatch serve`.
public struct PredictorConfiguration: Sendable {
    /// Registry directory holding the model.
    public var registry: String
    public var model: String
    /// Alias followed for hot reload.
    public var alias: String = "champion"
    public var host: String = "127.0.0.1"
    public var port: Int = 9696
    /// How often the alias is checked.
    public var reloadInterval: Duration = .seconds(2)
    /// The prediction log database (default: `predictions.sqlite` in the registry directory).
    public var logPath: String?
    /// Predictions waiting to be written; beyond this, new ones are dropped (and counted).
    public var logQueueCapacity: Int = 100_000
    /// How often queued predictions are written.
    public var logFlushInterval: Duration = .milliseconds(25)
    /// Keep at most this many logged predictions (0: no limit).
    public var retentionRows: Int = 0
    /// Delete logged predictions older than this (nil: keep).
    public var retentionAge: Duration?
    /// Largest request body accepted, in bytes.
    public var bodyLimit: Int = 1 << 20

    public init(registry: String, model: String) {
        self.registry = registry
        self.model = model
    }

    var resolvedLogPath: String {
        logPath ?? (registry as NSString).appendingPathComponent("predictions.sqlite")
    }
}

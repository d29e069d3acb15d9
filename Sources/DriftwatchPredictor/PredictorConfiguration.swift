import DriftwatchHTTP
import DriftwatchRegistry
import Foundation

/// Settings of `driftwatch serve`.
public struct PredictorConfiguration: Sendable {
    /// The registry holding the model: a directory or a postgres:// URL.
    public var registry: String
    public var model: String
    /// Alias followed for hot reload.
    public var alias: String = "champion"
    public var host: String = "127.0.0.1"
    public var port: Int = 9696
    /// How often the alias is checked.
    public var reloadInterval: Duration = .seconds(2)
    /// The prediction log: an SQLite file or a postgres:// URL (default: `predictions.sqlite` in a
    /// registry directory, the registry's own database for a PostgreSQL registry).
    public var logPath: String?
    /// This replica's name in a shared prediction log (default: host name and port).
    public var instance: String?
    /// Predictions waiting to be written; beyond this, new ones are dropped (and counted).
    public var logQueueCapacity: Int = 100_000
    /// Answer a prediction only once its log row is committed (group commit across concurrent
    /// requests); otherwise the log is written in the background and a crash loses the last
    /// `logFlushInterval` of answered predictions.
    public var durableLog = false
    /// How often queued predictions are written.
    public var logFlushInterval: Duration = .milliseconds(25)
    /// Keep at most this many logged predictions (0: no limit).
    public var retentionRows: Int = 0
    /// Delete logged predictions older than this (nil: keep).
    public var retentionAge: Duration?
    /// Largest request body accepted, in bytes.
    public var bodyLimit: Int = 1 << 20
    /// TLS, users, bearer tokens and request limits of the listener.
    public var security = ServerSecurity()

    public init(registry: String, model: String) {
        self.registry = registry
        self.model = model
    }

    public var resolvedLogPath: String {
        if let logPath { return logPath }
        if PostgresLocation.isURL(registry) { return registry }
        return (registry as NSString).appendingPathComponent("predictions.sqlite")
    }

    var resolvedInstance: String {
        instance ?? "\(ProcessInfo.processInfo.hostName):\(port)"
    }
}

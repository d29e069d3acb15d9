import Foundation
import GRDB
import NIOConcurrencyHelpers

/// A prediction waiting to be logged.
struct PendingPrediction: Sendable {
    var id: String
    var timestamp: Double
    var modelVersion: Int
    /// The request's features as JSON text.
    var features: String
    var prediction: Double
}

/// A logged prediction, as `GET /v1/predictions` returns it.
public struct LoggedPrediction: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var timestamp: Double
    public var modelVersion: Int
    public var features: String
    public var prediction: Double
    /// Ground truth as JSON text, once feedback arrived.
    public var actual: String?
}

/// The durable prediction log: SQLite in WAL mode, fed through a bounded in-memory queue that a
/// background writer empties in batches, so requests never wait on the disk. A full queue drops
/// (and counts) instead of blocking. `seq` is the log's cursor: strictly increasing, never reused.
public final class PredictionLog: Sendable {
    let pool: DatabasePool
    let capacity: Int
    let metrics: PredictorMetrics
    private let queue = NIOLockedValueBox<[PendingPrediction]>([])
    /// Serialises writers so rows reach the table in queue order.
    private let writeLock = NIOLock()

    public init(path: String, capacity: Int, metrics: PredictorMetrics) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        self.capacity = capacity
        self.metrics = metrics
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: prediction log") { db in
            try db.execute(sql: """
                CREATE TABLE prediction (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    ts REAL NOT NULL,
                    model_version INTEGER NOT NULL,
                    features TEXT NOT NULL,
                    prediction REAL NOT NULL,
                    actual TEXT,
                    actual_at REAL
                );
                CREATE INDEX prediction_by_time ON prediction(ts);
                """)
        }
        try migrator.migrate(pool)
    }

    /// Queues predictions for writing; false (and counted as dropped) when the queue is full.
    @discardableResult
    func enqueue(_ entries: [PendingPrediction]) -> Bool {
        let accepted = queue.withLockedValue { queue -> Bool in
            guard queue.count + entries.count <= capacity else { return false }
            queue.append(contentsOf: entries)
            return true
        }
        if !accepted { metrics.dropped(entries.count) }
        return accepted
    }

    /// Writes everything queued so far, in one transaction.
    public func flush() {
        writeLock.withLock {
            let batch = queue.withLockedValue { queue -> [PendingPrediction] in
                let batch = queue
                queue.removeAll(keepingCapacity: true)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try pool.write { db in
                    let statement = try db.cachedStatement(sql: "INSERT INTO prediction (id, ts, model_version, features, prediction) VALUES (?, ?, ?, ?, ?)")
                    for entry in batch {
                        try statement.execute(arguments: [entry.id, entry.timestamp, entry.modelVersion, entry.features, entry.prediction])
                    }
                }
                metrics.logged(batch.count)
            } catch {
                metrics.writeFailed(batch.count)
            }
        }
    }

    /// Records ground truth for a logged prediction; false when no prediction has that id.
    public func feedback(id: String, actual: String) throws -> Bool {
        flush()  // a prediction may still be queued
        return try pool.write { db in
            try db.execute(sql: "UPDATE prediction SET actual = ?, actual_at = ? WHERE id = ?", arguments: [actual, Date().timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    /// Logged predictions with `seq > after`, oldest first.
    public func page(after: Int64, limit: Int) throws -> [LoggedPrediction] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, id, ts, model_version, features, prediction, actual FROM prediction WHERE seq > ? ORDER BY seq LIMIT ?",
                             arguments: [after, limit]).map {
                LoggedPrediction(seq: $0["seq"], id: $0["id"], timestamp: $0["ts"], modelVersion: $0["model_version"],
                                 features: $0["features"], prediction: $0["prediction"], actual: $0["actual"])
            }
        }
    }

    /// Deletes rows beyond the retention limits.
    public func applyRetention(maxRows: Int, maxAge: Duration?) throws {
        try pool.write { db in
            if maxRows > 0 {
                try db.execute(sql: "DELETE FROM prediction WHERE seq <= (SELECT MAX(seq) FROM prediction) - ?", arguments: [maxRows])
            }
            if let maxAge {
                let cutoff = Date().timeIntervalSince1970 - Double(maxAge.components.seconds)
                try db.execute(sql: "DELETE FROM prediction WHERE ts < ?", arguments: [cutoff])
            }
        }
    }
}

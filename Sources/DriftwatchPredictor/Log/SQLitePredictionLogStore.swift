import Foundation
import GRDB

/// The prediction log in an SQLite file in WAL mode.
struct SQLitePredictionLogStore: PredictionLogStore {
    let pool: DatabasePool
    let location: String

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        location = path
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
        migrator.registerMigration("v2: predictor instance") { db in
            try db.execute(sql: """
                ALTER TABLE prediction ADD COLUMN instance TEXT NOT NULL DEFAULT '';
                CREATE INDEX prediction_by_instance ON prediction(instance, seq);
                """)
        }
        migrator.registerMigration("v3: shadow predictions") { db in
            try db.execute(sql: """
                ALTER TABLE prediction ADD COLUMN shadow_version INTEGER;
                ALTER TABLE prediction ADD COLUMN shadow_prediction REAL;
                """)
        }
        try migrator.migrate(pool)
    }

    func append(_ batch: [PendingPrediction], instance: String) throws {
        try pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO prediction (id, ts, instance, model_version, features, prediction, shadow_version, shadow_prediction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in batch {
                try statement.execute(arguments: [entry.id, entry.timestamp, instance, entry.modelVersion, entry.features, entry.prediction, entry.shadowVersion, entry.shadowPrediction])
            }
        }
    }

    func recordFeedback(id: String, actual: String, at: Double) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE prediction SET actual = ?, actual_at = ? WHERE id = ?", arguments: [actual, at, id])
            return db.changesCount > 0
        }
    }

    func page(after: Int64, limit: Int, instance: String?) throws -> [LoggedPrediction] {
        try pool.read { db in
            let columns = "SELECT seq, id, ts, instance, model_version, features, prediction, actual, shadow_version, shadow_prediction FROM prediction"
            let rows = if let instance {
                try Row.fetchAll(db, sql: columns + " WHERE instance = ? AND seq > ? ORDER BY seq LIMIT ?", arguments: [instance, after, limit])
            } else {
                try Row.fetchAll(db, sql: columns + " WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
            }
            return rows.map {
                LoggedPrediction(seq: $0["seq"], id: $0["id"], timestamp: $0["ts"], instance: $0["instance"], modelVersion: $0["model_version"],
                                 features: $0["features"], prediction: $0["prediction"], actual: $0["actual"],
                                 shadowVersion: $0["shadow_version"], shadowPrediction: $0["shadow_prediction"])
            }
        }
    }

    func applyRetention(maxRows: Int, maxAge: Duration?) throws {
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

import DriftwatchRegistry
import Foundation
import PostgresNIO

/// The prediction log in PostgreSQL, written by every predictor replica of a fleet.
///
/// Rows get their `seq` from a sequence while the writer holds a transaction-scoped advisory lock,
/// so batches take their numbers in the order they commit: a reader that has seen `seq = n` can
/// never later find a row below `n` appear. (A plain sequence would not do: a transaction that
/// drew 9 may commit after one that drew 10, and a reader past 10 would skip 9.) Batches are
/// written every few milliseconds per replica, so the lock is held briefly.
struct PostgresPredictionLogStore: PredictionLogStore {
    let database: PostgresPool
    var location: String { database.location.display }

    /// The advisory lock key of appends ("DWPL").
    static let appendLock: Int64 = 0x4457_504C

    static let migrator = PostgresMigrator(component: "prediction_log", migrations: [
        .init(version: 1, name: "prediction log", statements: [
            """
            CREATE TABLE prediction (
                seq BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                ts DOUBLE PRECISION NOT NULL,
                instance TEXT NOT NULL,
                model_version BIGINT NOT NULL,
                features TEXT NOT NULL,
                prediction DOUBLE PRECISION NOT NULL,
                actual TEXT,
                actual_at DOUBLE PRECISION
            )
            """,
            "CREATE INDEX prediction_by_time ON prediction(ts)",
            "CREATE INDEX prediction_by_instance ON prediction(instance, seq)",
        ]),
        .init(version: 2, name: "shadow predictions", statements: [
            "ALTER TABLE prediction ADD COLUMN shadow_version BIGINT",
            "ALTER TABLE prediction ADD COLUMN shadow_prediction DOUBLE PRECISION",
        ]),
    ])

    static func open(_ location: PostgresLocation) async throws -> PostgresPredictionLogStore {
        let database = try await PostgresPool.open(location)
        try await migrator.migrate(database)
        return PostgresPredictionLogStore(database: database)
    }

    func append(_ batch: [PendingPrediction], instance: String) async throws {
        guard !batch.isEmpty else { return }
        let ids = batch.map(\.id), times = batch.map(\.timestamp), versions = batch.map { Int64($0.modelVersion) }
        let features = batch.map(\.features), predictions = batch.map(\.prediction)
        // Arrays of NULLs do not bind: -1 and NaN stand for "no shadow" and become NULL below.
        let shadowVersions = batch.map { Int64($0.shadowVersion ?? -1) }, shadowPredictions = batch.map { $0.shadowPrediction ?? .nan }
        // A short bound: a batch stuck on a lost connection goes back to the queue and is
        // written again on a fresh one (its ids make a late commit of the first try harmless).
        try await database.transaction(timeout: .seconds(5)) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.appendLock))", logger: PostgresPool.logger)
            try await connection.query("""
                INSERT INTO prediction (id, ts, instance, model_version, features, prediction, shadow_version, shadow_prediction)
                SELECT id, ts, \(instance), model_version, features, prediction, NULLIF(shadow_version, -1), NULLIF(shadow_prediction, 'NaN'::float8)
                FROM UNNEST(\(ids)::text[], \(times)::float8[], \(versions)::int8[], \(features)::text[], \(predictions)::float8[],
                            \(shadowVersions)::int8[], \(shadowPredictions)::float8[])
                    WITH ORDINALITY AS batch(id, ts, model_version, features, prediction, shadow_version, shadow_prediction, ordinality)
                ORDER BY ordinality
                ON CONFLICT (id) DO NOTHING
                """, logger: PostgresPool.logger)
        }
    }

    func recordFeedback(id: String, actual: String, at: Double) async throws -> Bool {
        let updated = try await database.query("UPDATE prediction SET actual = \(actual), actual_at = \(at) WHERE id = \(id) RETURNING seq") { try await $0.decode(Int64.self).collect() }
        return !updated.isEmpty
    }

    func page(after: Int64, limit: Int, instance: String?) async throws -> [LoggedPrediction] {
        let query: PostgresQuery = if let instance {
            "SELECT seq, id, ts, instance, model_version, features, prediction, actual, shadow_version, shadow_prediction FROM prediction WHERE instance = \(instance) AND seq > \(after) ORDER BY seq LIMIT \(limit)"
        } else {
            "SELECT seq, id, ts, instance, model_version, features, prediction, actual, shadow_version, shadow_prediction FROM prediction WHERE seq > \(after) ORDER BY seq LIMIT \(limit)"
        }
        return try await database.query(query) { try await $0.decode((Int64, String, Double, String, Int, String, Double, String?, Int?, Double?).self).collect() }.map {
            LoggedPrediction(seq: $0.0, id: $0.1, timestamp: $0.2, instance: $0.3, modelVersion: $0.4, features: $0.5, prediction: $0.6, actual: $0.7,
                             shadowVersion: $0.8, shadowPrediction: $0.9)
        }
    }

    func applyRetention(maxRows: Int, maxAge: Duration?) async throws {
        if maxRows > 0 {
            try await database.execute("DELETE FROM prediction WHERE seq <= (SELECT MAX(seq) FROM prediction) - \(maxRows)")
        }
        if let maxAge {
            try await database.execute("DELETE FROM prediction WHERE ts < \(Date().timeIntervalSince1970 - Double(maxAge.components.seconds))")
        }
    }
}

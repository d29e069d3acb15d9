import DriftwatchData
import Foundation
import GRDB

/// The agent's durable state: the window's rows and each source's read position, saved together
/// in one transaction. After a crash the agent resumes from the last save: the rows read since
/// were not saved, and neither was the position past them, so they are read again — nothing is
/// lost and nothing counted twice.
///
/// A save writes only what changed (rows that arrived or got a label, and the sequence numbers of
/// rows that left), so its cost follows the traffic, not the window's size.
public final class AgentStateStore: Sendable {
    let queue: DatabaseQueue

    public init(path: String) throws {
        // Write-ahead log, synced at checkpoints: a commit survives the agent being killed (pushed
        // rows and labels are acknowledged once committed) without an fsync per save.
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: agent state") { db in
            try db.execute(sql: """
                CREATE TABLE source_position (source TEXT PRIMARY KEY, position TEXT NOT NULL);
                CREATE TABLE window_row (position INTEGER PRIMARY KEY, row TEXT NOT NULL);
                """)
        }
        // Rows keyed by their sequence number in the window, stored as flat JSON records.
        migrator.registerMigration("v2: window rows by sequence") { db in
            try db.execute(sql: """
                DROP TABLE window_row;
                CREATE TABLE window_row (sequence INTEGER PRIMARY KEY, received_at REAL NOT NULL, record TEXT NOT NULL);
                """)
        }
        // The latest snapshot, as its /metrics text and its JSON, so a restart serves it (with its
        // true age) until the window refills.
        migrator.registerMigration("v3: last snapshot") { db in
            try db.execute(sql: """
                CREATE TABLE last_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), evaluated_at REAL NOT NULL, exposition TEXT NOT NULL, json TEXT NOT NULL);
                """)
        }
        // The latest snapshot as data (its Codable encoding): a restart publishes it again through
        // the exporter and the JSON route. A v3 row held rendered text and cannot be read back as
        // data, so it goes; the restored window is evaluated at once anyway.
        migrator.registerMigration("v4: last snapshot as data") { db in
            try db.execute(sql: """
                DROP TABLE last_snapshot;
                CREATE TABLE last_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), evaluated_at REAL NOT NULL, snapshot BLOB NOT NULL);
                """)
        }
        try migrator.migrate(queue)
    }

    /// Non-finite values (an infinite chi-square statistic, an undefined loss) are kept as such.
    private static let floats = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// The snapshot's saved form.
    static func encode(_ snapshot: Snapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
        return try encoder.encode(snapshot)
    }

    static func decode(_ data: Data) throws -> Snapshot {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
        return try decoder.decode(Snapshot.self, from: data)
    }

    public func save(_ changes: WindowChanges, positions: [String: String], snapshot: Snapshot? = nil) throws {
        let encoded = try snapshot.map(Self.encode)
        try queue.write { db in
            if let snapshot, let encoded {
                try db.execute(sql: "INSERT OR REPLACE INTO last_snapshot (id, evaluated_at, snapshot) VALUES (1, ?, ?)",
                               arguments: [snapshot.evaluatedAt, encoded])
            }
            if changes.replaceAll {
                try db.execute(sql: "DELETE FROM window_row")
            } else if !changes.removed.isEmpty {
                let delete = try db.makeStatement(sql: "DELETE FROM window_row WHERE sequence = ?")
                for sequence in changes.removed { try delete.execute(arguments: [sequence]) }
            }
            let insert = try db.makeStatement(sql: "INSERT OR REPLACE INTO window_row (sequence, received_at, record) VALUES (?, ?, ?)")
            for row in changes.written { try insert.execute(arguments: [row.sequence, row.receivedAt, row.record]) }
            for (source, position) in positions {
                try db.execute(sql: "INSERT OR REPLACE INTO source_position (source, position) VALUES (?, ?)", arguments: [source, position])
            }
        }
    }

    /// The latest snapshot saved, if any. One this build cannot read (saved by a release whose
    /// snapshot had other fields) counts as none: it is derived from the window, which is kept.
    public func loadSnapshot() throws -> Snapshot? {
        let data = try queue.read { db in try Data.fetchOne(db, sql: "SELECT snapshot FROM last_snapshot WHERE id = 1") }
        return data.flatMap { try? Self.decode($0) }
    }

    /// The saved rows, oldest first, and the source positions.
    public func load() throws -> (rows: [ObservedRow], positions: [String: String]) {
        try queue.read { db in
            var rows: [ObservedRow] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT sequence, received_at, record FROM window_row ORDER BY sequence")
            while let saved = try cursor.next() {
                var record: String = saved["record"]
                let object = try record.withUTF8 { try FlatJSONObject.parse($0) }
                guard let row = ObservedRow(object, receivedAt: saved["received_at"]) else {
                    throw DatabaseError(message: "saved window row \(saved["sequence"] as Int64) is not a valid record")
                }
                rows.append(row)
            }
            var positions: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, position FROM source_position") { positions[row["source"]] = row["position"] }
            return (rows, positions)
        }
    }
}

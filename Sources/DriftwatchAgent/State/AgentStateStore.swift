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
        queue = try DatabaseQueue(path: path)
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
        try migrator.migrate(queue)
    }

    public func save(_ changes: WindowChanges, positions: [String: String], snapshot: SavedSnapshot? = nil) throws {
        try queue.write { db in
            if let snapshot {
                try db.execute(sql: "INSERT OR REPLACE INTO last_snapshot (id, evaluated_at, exposition, json) VALUES (1, ?, ?, ?)",
                               arguments: [snapshot.evaluatedAt, snapshot.exposition, snapshot.json])
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

    /// The latest snapshot saved, if any.
    public func loadSnapshot() throws -> SavedSnapshot? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT evaluated_at, exposition, json FROM last_snapshot WHERE id = 1").map {
                SavedSnapshot(evaluatedAt: $0["evaluated_at"], exposition: $0["exposition"], json: $0["json"])
            }
        }
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

/// A snapshot as saved: when it was taken, its gauges as Prometheus text, and its JSON.
public struct SavedSnapshot: Sendable, Equatable {
    public var evaluatedAt: Double
    public var exposition: String
    public var json: String
}

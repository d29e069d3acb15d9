import Foundation
import GRDB

/// The agent's durable state: the window's rows and each source's read position, saved together
/// in one transaction. After a crash the agent resumes from the last save: the rows read since
/// were not saved, and neither was the position past them, so they are read again — nothing is
/// lost and nothing counted twice.
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
        try migrator.migrate(queue)
    }

    public func save(rows: [ObservedRow], positions: [String: String]) throws {
        let encoder = JSONEncoder()
        let encoded = try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try queue.write { db in
            try db.execute(sql: "DELETE FROM window_row")
            let insert = try db.makeStatement(sql: "INSERT INTO window_row (position, row) VALUES (?, ?)")
            for (index, row) in encoded.enumerated() { try insert.execute(arguments: [index, row]) }
            for (source, position) in positions {
                try db.execute(sql: "INSERT OR REPLACE INTO source_position (source, position) VALUES (?, ?)", arguments: [source, position])
            }
        }
    }

    public func load() throws -> (rows: [ObservedRow], positions: [String: String]) {
        try queue.read { db in
            let decoder = JSONDecoder()
            let rows = try String.fetchAll(db, sql: "SELECT row FROM window_row ORDER BY position").map {
                try decoder.decode(ObservedRow.self, from: Data($0.utf8))
            }
            var positions: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, position FROM source_position") { positions[row["source"]] = row["position"] }
            return (rows, positions)
        }
    }
}

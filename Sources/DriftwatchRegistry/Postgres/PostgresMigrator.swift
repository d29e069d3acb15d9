import Foundation
import PostgresNIO

/// Versioned schema changes of one Driftwatch component (the registry, the prediction log) in a
/// PostgreSQL database, recorded in `driftwatch_migration`. Migrations only ever append. Several
/// processes may start at once: an advisory lock lets one migrate while the others wait, then
/// find nothing left to do.
public struct PostgresMigrator: Sendable {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        /// Run one by one (the extended query protocol takes one statement at a time).
        public var statements: [String]

        public init(version: Int, name: String, statements: [String]) {
            self.version = version
            self.name = name
            self.statements = statements
        }
    }

    public var component: String
    public var migrations: [Migration]

    public init(component: String, migrations: [Migration]) {
        self.component = component
        self.migrations = migrations
    }

    /// The advisory lock key all Driftwatch migrations take ("DWMG").
    static let lockKey: Int64 = 0x4457_4D47

    /// Brings the component's schema up to date. A database that holds tables but no Driftwatch
    /// migration record is another application's, and is refused.
    public func migrate(_ database: PostgresPool) async throws {
        try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: PostgresPool.logger)
            let hasRecord = try await connection.query("SELECT to_regclass('driftwatch_migration') IS NOT NULL", logger: PostgresPool.logger)
                .decode(Bool.self).first { _ in true } ?? false
            if !hasRecord {
                let tables = try await connection.query("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = current_schema() ORDER BY table_name LIMIT 4
                    """, logger: PostgresPool.logger).decode(String.self).collect()
                if !tables.isEmpty {
                    throw RegistryError.notARegistry(path: database.location.display,
                                                     reason: "the database holds other tables (\(tables.joined(separator: ", "))) and no Driftwatch schema; use a database of its own")
                }
                try await connection.query("""
                    CREATE TABLE driftwatch_migration (
                        component TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        applied_at DOUBLE PRECISION NOT NULL,
                        PRIMARY KEY (component, version)
                    )
                    """, logger: PostgresPool.logger)
            }
            let applied = Set(try await connection.query("SELECT version FROM driftwatch_migration WHERE component = \(component)", logger: PostgresPool.logger)
                .decode(Int.self).collect())
            if let newest = applied.max(), newest > (migrations.map(\.version).max() ?? 0) {
                throw RegistryError.notARegistry(path: database.location.display,
                                                 reason: "its \(component) schema (version \(newest)) is newer than this Driftwatch knows; upgrade Driftwatch")
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: PostgresPool.logger)
                }
                try await connection.query("""
                    INSERT INTO driftwatch_migration (component, version, name, applied_at)
                    VALUES (\(component), \(migration.version), \(migration.name), \(Date().timeIntervalSince1970))
                    """, logger: PostgresPool.logger)
            }
        }
    }
}

extension AsyncSequence {
    /// Every element, in order.
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}

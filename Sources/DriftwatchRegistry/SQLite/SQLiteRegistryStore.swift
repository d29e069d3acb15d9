import Foundation
import GRDB

/// The registry in one directory: an SQLite file in WAL mode (the predictor and the agent read
/// while a trainer writes; every write is one transaction) and the model artifacts beside it
/// (`artifacts/<model>/<checksum>.dwm`), each written before the row that names it.
public final class SQLiteRegistryStore: RegistryStore {
    let pool: DatabasePool
    public let path: String
    /// The directory artifact paths are relative to: the database's.
    public var location: String { (path as NSString).deletingLastPathComponent }

    /// Opens (creating if needed) the registry database at `path`, refusing a file that is not a
    /// Driftwatch registry, and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw Self.openingError(error, path: path)
        }
        do {
            let (id, tables) = try pool.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            }
            if id != RegistryMigrations.applicationID && !tables.isEmpty {
                throw RegistryError.notARegistry(path: path, reason: "it is another application's SQLite database")
            }
            try RegistryMigrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.openingError(error, path: path)
        }
    }

    static func openingError(_ error: DatabaseError, path: String) -> RegistryError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notARegistry(path: path, reason: "the file is not an SQLite database")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(path: path, reason: "\(error.message ?? "permission denied") (is the directory writable?)")
        default:
            return .cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    // MARK: Tracking

    public func startRun(experiment: String, name: String, parentRunID: String?) async throws -> Run {
        try RegistryError.validate(name: experiment)
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let now = Date()
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO experiment (name, created_at) VALUES (?, ?)", arguments: [experiment, now.timeIntervalSince1970])
            let experimentID = try Int64.fetchOne(db, sql: "SELECT id FROM experiment WHERE name = ?", arguments: [experiment])!
            try db.execute(sql: "INSERT INTO run (id, experiment_id, name, status, started_at, parent_run_id) VALUES (?, ?, ?, 'running', ?, ?)",
                           arguments: [id, experimentID, name, now.timeIntervalSince1970, parentRunID])
        }
        return Run(id: id, experiment: experiment, name: name, status: .running, startedAt: Date(timeIntervalSince1970: now.timeIntervalSince1970),
                   endedAt: nil, parentRunID: parentRunID, params: [:], metrics: [:], tags: [:], artifacts: [])
    }

    public func logParams(runID: String, _ params: [String: String]) async throws {
        try await writeKeyValues(table: "run_param", runID: runID, params.map { ($0.key, $0.value.databaseValue) })
    }

    public func logMetrics(runID: String, _ metrics: [String: Double]) async throws {
        try await writeKeyValues(table: "run_metric", runID: runID, metrics.map { ($0.key, $0.value.databaseValue) })
    }

    public func setTags(runID: String, _ tags: [String: String]) async throws {
        try await writeKeyValues(table: "run_tag", runID: runID, tags.map { ($0.key, $0.value.databaseValue) })
    }

    private func writeKeyValues(table: String, runID: String, _ pairs: [(String, DatabaseValue)]) async throws {
        try await pool.write { db in
            try Self.requireRun(db, runID)
            for (key, value) in pairs {
                try db.execute(sql: "INSERT OR REPLACE INTO \(table) (run_id, key, value) VALUES (?, ?, ?)", arguments: [runID, key, value])
            }
        }
    }

    public func addArtifact(runID: String, _ artifact: RunArtifact) async throws {
        try await pool.write { db in
            try Self.requireRun(db, runID)
            try db.execute(sql: "INSERT OR REPLACE INTO run_artifact (run_id, path, checksum) VALUES (?, ?, ?)", arguments: [runID, artifact.path, artifact.checksum])
        }
    }

    public func finishRun(runID: String, status: RunStatus) async throws {
        try await pool.write { db in
            try Self.requireRun(db, runID)
            try db.execute(sql: "UPDATE run SET status = ?, ended_at = ? WHERE id = ?", arguments: [status.rawValue, Date().timeIntervalSince1970, runID])
        }
    }

    private static func requireRun(_ db: Database, _ runID: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [runID]) != nil else {
            throw RegistryError.unknownRun(runID)
        }
    }

    public func run(id: String) async throws -> Run? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.runQuery + " WHERE run.id = ?", arguments: [id]).map { try Self.run(from: $0, db) }
        }
    }

    public func runs(experiment: String?) async throws -> [Run] {
        try await pool.read { db in
            let rows: [Row]
            if let experiment {
                rows = try Row.fetchAll(db, sql: Self.runQuery + " WHERE experiment.name = ? ORDER BY run.started_at, run.rowid", arguments: [experiment])
            } else {
                rows = try Row.fetchAll(db, sql: Self.runQuery + " ORDER BY run.started_at, run.rowid")
            }
            return try rows.map { try Self.run(from: $0, db) }
        }
    }

    static let runQuery = """
        SELECT run.id, experiment.name AS experiment, run.name, run.status, run.started_at, run.ended_at, run.parent_run_id
        FROM run JOIN experiment ON experiment.id = run.experiment_id
        """

    static func run(from row: Row, _ db: Database) throws -> Run {
        let id: String = row["id"]
        func pairs<T: DatabaseValueConvertible>(_ table: String) throws -> [String: T] {
            var result: [String: T] = [:]
            for pair in try Row.fetchAll(db, sql: "SELECT key, value FROM \(table) WHERE run_id = ?", arguments: [id]) {
                result[pair["key"]] = pair["value"]
            }
            return result
        }
        let artifacts = try Row.fetchAll(db, sql: "SELECT path, checksum FROM run_artifact WHERE run_id = ? ORDER BY path", arguments: [id])
            .map { RunArtifact(path: $0["path"], checksum: $0["checksum"]) }
        let ended: Double? = row["ended_at"]
        return Run(id: id, experiment: row["experiment"], name: row["name"], status: RunStatus(rawValue: row["status"]) ?? .failed,
                   startedAt: Date(timeIntervalSince1970: row["started_at"]), endedAt: ended.map(Date.init(timeIntervalSince1970:)),
                   parentRunID: row["parent_run_id"], params: try pairs("run_param"), metrics: try pairs("run_metric"),
                   tags: try pairs("run_tag"), artifacts: artifacts)
    }

    public func experiments() async throws -> [Experiment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at FROM experiment ORDER BY id").map {
                Experiment(id: $0["id"], name: $0["name"], createdAt: Date(timeIntervalSince1970: $0["created_at"]))
            }
        }
    }

    // MARK: Registry

    public func createVersion(_ new: NewModelVersion) async throws -> ModelVersion {
        try RegistryError.validate(name: new.model)
        guard let artifact = new.artifact else { return try await insertVersion(new) }
        // The file first: a row never names a missing file. A failed insert removes it again.
        let url = URL(fileURLWithPath: (location as NSString).appendingPathComponent(new.artifactPath))
        let existed = FileManager.default.fileExists(atPath: url.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try artifact.write(to: url, options: .atomic)
        } catch {
            throw RegistryError.cannotOpen(path: url.path, reason: "cannot write the model artifact (\((error as NSError).localizedDescription))")
        }
        do {
            return try await insertVersion(new)
        } catch {
            if !existed { try? FileManager.default.removeItem(at: url) }
            throw error
        }
    }

    public func artifact(model: String, version: Int) async throws -> Data? {
        guard let record = try await self.version(model: model, version: version) else { return nil }
        let path = (location as NSString).appendingPathComponent(record.artifactPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RegistryError.artifactMissing(model: model, version: version, path: path)
        }
        return data
    }

    private func insertVersion(_ new: NewModelVersion) async throws -> ModelVersion {
        let now = Date().timeIntervalSince1970
        let metrics = String(decoding: try JSONEncoder().encode(new.metrics), as: UTF8.self)
        let number = try await pool.write { db -> Int in
            try db.execute(sql: "INSERT OR IGNORE INTO registered_model (name, created_at) VALUES (?, ?)", arguments: [new.model, now])
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM model_version WHERE model = ?", arguments: [new.model]) ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO model_version (model, version, run_id, artifact_path, checksum, metrics, training_rows, fingerprint, code_version, reference_profile, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [new.model, next, new.runID, new.artifactPath, new.checksum, metrics, new.trainingRows, new.fingerprint, new.codeVersion, new.referenceProfile, now])
            return next
        }
        return try await version(model: new.model, version: number)!
    }

    public func models() async throws -> [RegisteredModel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT registered_model.name, registered_model.created_at, MAX(model_version.version) AS latest
                FROM registered_model JOIN model_version ON model_version.model = registered_model.name
                GROUP BY registered_model.name ORDER BY registered_model.name
                """).map { row in
                let name: String = row["name"]
                var aliases: [String: Int] = [:]
                for alias in try Row.fetchAll(db, sql: "SELECT alias, version FROM model_alias WHERE model = ?", arguments: [name]) {
                    aliases[alias["alias"]] = alias["version"]
                }
                return RegisteredModel(name: name, createdAt: Date(timeIntervalSince1970: row["created_at"]), latestVersion: row["latest"], aliases: aliases)
            }
        }
    }

    public func versions(model: String) async throws -> [ModelVersion] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.versionQuery + " WHERE model = ? ORDER BY version", arguments: [model]).map { try Self.version(from: $0, db) }
        }
    }

    public func version(model: String, version: Int) async throws -> ModelVersion? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.versionQuery + " WHERE model = ? AND version = ?", arguments: [model, version]).map { try Self.version(from: $0, db) }
        }
    }

    static let versionQuery = "SELECT model, version, run_id, artifact_path, checksum, metrics, training_rows, fingerprint, code_version, created_at FROM model_version"

    static func version(from row: Row, _ db: Database) throws -> ModelVersion {
        let model: String = row["model"], number: Int = row["version"]
        let metricsText: String = row["metrics"]
        let aliases = try String.fetchAll(db, sql: "SELECT alias FROM model_alias WHERE model = ? AND version = ? ORDER BY alias", arguments: [model, number])
        return ModelVersion(model: model, version: number, runID: row["run_id"], artifactPath: row["artifact_path"], checksum: row["checksum"],
                            metrics: (try? JSONDecoder().decode([String: Double].self, from: Data(metricsText.utf8))) ?? [:],
                            trainingRows: row["training_rows"], fingerprint: row["fingerprint"], codeVersion: row["code_version"],
                            createdAt: Date(timeIntervalSince1970: row["created_at"]), aliases: aliases)
    }

    public func referenceProfile(model: String, version: Int) async throws -> Data? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT reference_profile FROM model_version WHERE model = ? AND version = ?", arguments: [model, version])
        }
    }

    public func setAlias(model: String, alias: String, version: Int, kind: AliasMoveKind, reason: String, actor: String) async throws -> AliasMove {
        try RegistryError.validate(name: alias)
        let now = Date().timeIntervalSince1970
        return try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM model_version WHERE model = ? AND version = ?", arguments: [model, version]) != nil else {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM registered_model WHERE name = ?", arguments: [model]) == nil {
                    throw RegistryError.unknownModel(model)
                }
                throw RegistryError.unknownVersion(model: model, version: version)
            }
            let previous = try Int.fetchOne(db, sql: "SELECT version FROM model_alias WHERE model = ? AND alias = ?", arguments: [model, alias])
            try db.execute(sql: "INSERT OR REPLACE INTO model_alias (model, alias, version, updated_at) VALUES (?, ?, ?, ?)", arguments: [model, alias, version, now])
            try db.execute(sql: "INSERT INTO alias_audit (model, alias, from_version, to_version, kind, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [model, alias, previous, version, kind.rawValue, reason, actor, now])
            return AliasMove(id: db.lastInsertedRowID, model: model, alias: alias, fromVersion: previous, toVersion: version,
                             kind: kind, reason: reason, actor: actor, at: Date(timeIntervalSince1970: now))
        }
    }

    public func aliasVersion(model: String, alias: String) async throws -> Int? {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT version FROM model_alias WHERE model = ? AND alias = ?", arguments: [model, alias])
        }
    }

    public func auditLog(model: String) async throws -> [AliasMove] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, model, alias, from_version, to_version, kind, reason, actor, at FROM alias_audit WHERE model = ? ORDER BY id", arguments: [model]).map {
                AliasMove(id: $0["id"], model: $0["model"], alias: $0["alias"], fromVersion: $0["from_version"], toVersion: $0["to_version"],
                          kind: AliasMoveKind(rawValue: $0["kind"]) ?? .move, reason: $0["reason"], actor: $0["actor"], at: Date(timeIntervalSince1970: $0["at"]))
            }
        }
    }

    // MARK: Retrain loop

    public func beginAttempt(model: String, trigger: String, championVersion: Int?) async throws -> RetrainAttempt? {
        let now = Date().timeIntervalSince1970
        return try await pool.write { db in
            if try Self.activeAttempt(db, model: model) != nil { return nil }
            try db.execute(sql: "INSERT INTO retrain_attempt (model, state, trigger, started_at, updated_at, champion_version) VALUES (?, 'triggered', ?, ?, ?, ?)",
                           arguments: [model, trigger, now, now, championVersion])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (?, NULL, 'triggered', ?, ?)",
                           arguments: [id, now, trigger])
            return try Self.attempt(db, id: id)
        }
    }

    public func recordResume(id: Int64, state: LoopState) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, state.rawValue, state.rawValue, Date().timeIntervalSince1970, RetrainAttempt.resumedNote])
            return try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM retrain_transition WHERE attempt_id = ? AND detail = ? AND to_state = ?
                    AND id > (SELECT COALESCE(MAX(id), 0) FROM retrain_transition WHERE attempt_id = ? AND detail != ?)
                """, arguments: [id, RetrainAttempt.resumedNote, state.rawValue, id, RetrainAttempt.resumedNote]) ?? 0
        }
    }

    public func advanceAttempt(id: Int64, from: LoopState, to: LoopState, update: AttemptUpdate, aliasMove: AttemptAliasMove?, traffic: TrafficStep?) async throws -> RetrainAttempt {
        guard from.next.contains(to) else { throw RegistryError.invalidStep(from: from, to: to) }
        let now = Date().timeIntervalSince1970
        let moved = try await pool.write { db -> RetrainAttempt in
            guard var attempt = try Self.attempt(db, id: id), attempt.state == from else {
                throw RegistryError.attemptConflict(id: id, expected: from, found: try Self.attempt(db, id: id)?.state)
            }
            update.apply(to: &attempt)
            attempt.state = to
            try db.execute(sql: """
                UPDATE retrain_attempt SET state = ?, updated_at = ?, challenger_version = ?, metric = ?, champion_score = ?,
                    challenger_score = ?, verified_score = ?, detail = ? WHERE id = ?
                """, arguments: [to.rawValue, now, attempt.challengerVersion, attempt.metric, attempt.championScore,
                                  attempt.challengerScore, attempt.verifiedScore, attempt.detail, id])
            try db.execute(sql: "INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, from.rawValue, to.rawValue, now, update.detail ?? ""])
            if let move = aliasMove {
                let previous = try Int.fetchOne(db, sql: "SELECT version FROM model_alias WHERE model = ? AND alias = ?", arguments: [attempt.model, move.alias])
                try db.execute(sql: "INSERT OR REPLACE INTO model_alias (model, alias, version, updated_at) VALUES (?, ?, ?, ?)",
                               arguments: [attempt.model, move.alias, move.version, now])
                try db.execute(sql: "INSERT INTO alias_audit (model, alias, from_version, to_version, kind, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [attempt.model, move.alias, previous, move.version, move.kind.rawValue, move.reason, move.actor, now])
            }
            if let traffic {
                _ = try Self.setTraffic(db, model: attempt.model, traffic.request, reason: traffic.reason, actor: traffic.actor, now: now)
            }
            return try Self.attempt(db, id: id)!
        }
        return moved
    }

    public func activeAttempt(model: String) async throws -> RetrainAttempt? {
        try await pool.read { db in try Self.activeAttempt(db, model: model) }
    }

    public func attempts(model: String, limit: Int) async throws -> [RetrainAttempt] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retrain_attempt WHERE model = ? ORDER BY id DESC LIMIT ?", arguments: [model, limit]).map(Self.attempt(row:))
        }
    }

    public func saveAttemptData(id: Int64, _ data: AttemptData) async throws {
        try await pool.write { db in
            guard try Self.attempt(db, id: id) != nil else { throw RegistryError.unknownAttempt(id) }
            try db.execute(sql: "INSERT OR REPLACE INTO retrain_attempt_data (attempt_id, train, holdout) VALUES (?, ?, ?)", arguments: [id, data.train, data.holdout])
        }
    }

    public func attemptData(id: Int64) async throws -> AttemptData? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT train, holdout FROM retrain_attempt_data WHERE attempt_id = ?", arguments: [id]).map {
                AttemptData(train: $0["train"], holdout: $0["holdout"])
            }
        }
    }

    static func activeAttempt(_ db: Database, model: String) throws -> RetrainAttempt? {
        try Row.fetchOne(db, sql: "SELECT * FROM retrain_attempt WHERE model = ? AND state IN \(LoopState.activeSQL)",
                         arguments: [model]).map(attempt(row:))
    }

    static func attempt(_ db: Database, id: Int64) throws -> RetrainAttempt? {
        try Row.fetchOne(db, sql: "SELECT * FROM retrain_attempt WHERE id = ?", arguments: [id]).map(attempt(row:))
    }

    static func attempt(row: Row) -> RetrainAttempt {
        RetrainAttempt(id: row["id"], model: row["model"], state: LoopState(rawValue: row["state"]) ?? .failed, trigger: row["trigger"],
                       startedAt: Date(timeIntervalSince1970: row["started_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                       championVersion: row["champion_version"], challengerVersion: row["challenger_version"], metric: row["metric"],
                       championScore: row["champion_score"], challengerScore: row["challenger_score"], verifiedScore: row["verified_score"],
                       detail: row["detail"])
    }

    // MARK: Traffic

    public func trafficPolicy(model: String) async throws -> TrafficPolicy? {
        try await pool.read { db in try Self.trafficPolicy(db, model: model) }
    }

    public func setTraffic(model: String, _ request: TrafficRequest?, reason: String, actor: String) async throws -> TrafficChange {
        let now = Date().timeIntervalSince1970
        return try await pool.write { db in try Self.setTraffic(db, model: model, request, reason: reason, actor: actor, now: now) }
    }

    public func trafficLog(model: String) async throws -> [TrafficChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM traffic_audit WHERE model = ? ORDER BY id", arguments: [model]).map {
                TrafficChange(id: $0["id"], model: $0["model"], fromMode: ($0["from_mode"] as String?).flatMap(TrafficMode.init(rawValue:)),
                              toMode: ($0["to_mode"] as String?).flatMap(TrafficMode.init(rawValue:)), fromWeight: $0["from_weight"], toWeight: $0["to_weight"],
                              challengerAlias: $0["challenger_alias"], reason: $0["reason"], actor: $0["actor"], at: Date(timeIntervalSince1970: $0["at"]))
            }
        }
    }

    static func trafficPolicy(_ db: Database, model: String) throws -> TrafficPolicy? {
        try Row.fetchOne(db, sql: "SELECT * FROM traffic_policy WHERE model = ?", arguments: [model]).map {
            TrafficPolicy(model: $0["model"], mode: TrafficMode(rawValue: $0["mode"]) ?? .shadow, challengerAlias: $0["challenger_alias"], weight: $0["weight"],
                          key: $0["routing_key"], updatedAt: Date(timeIntervalSince1970: $0["updated_at"]))
        }
    }

    static func setTraffic(_ db: Database, model: String, _ request: TrafficRequest?, reason: String, actor: String, now: Double) throws -> TrafficChange {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM registered_model WHERE name = ?", arguments: [model]) != nil else { throw RegistryError.unknownModel(model) }
        let current = try trafficPolicy(db, model: model)
        if let request {
            try request.validate()
            guard try Int.fetchOne(db, sql: "SELECT version FROM model_alias WHERE model = ? AND alias = ?", arguments: [model, request.challengerAlias]) != nil else {
                throw RegistryError.unknownAlias(model: model, alias: request.challengerAlias)
            }
            try request.checkAgainst(current)
            try db.execute(sql: "INSERT OR REPLACE INTO traffic_policy (model, mode, challenger_alias, weight, routing_key, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [model, request.mode.rawValue, request.challengerAlias, request.weight, request.key, now])
        } else {
            try db.execute(sql: "DELETE FROM traffic_policy WHERE model = ?", arguments: [model])
        }
        try db.execute(sql: """
            INSERT INTO traffic_audit (model, from_mode, to_mode, from_weight, to_weight, challenger_alias, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [model, current?.mode.rawValue, request?.mode.rawValue, current?.weight, request?.weight,
                             request?.challengerAlias ?? current?.challengerAlias, reason, actor, now])
        return TrafficChange(id: db.lastInsertedRowID, model: model, fromMode: current?.mode, toMode: request?.mode, fromWeight: current?.weight,
                             toWeight: request?.weight, challengerAlias: request?.challengerAlias ?? current?.challengerAlias, reason: reason, actor: actor,
                             at: Date(timeIntervalSince1970: now))
    }
}

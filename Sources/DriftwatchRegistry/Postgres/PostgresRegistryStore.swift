import DriftwatchData
import Foundation
import PostgresNIO

/// The registry in a PostgreSQL database, for a fleet: predictors, agents and trainers on several
/// machines share it without a shared disk. Every write is one transaction; the rules that must
/// hold across processes (one active retrain attempt per model, consecutive version numbers, an
/// append-only audit) are the database's constraints and row locks, not in-process locks. Alias
/// moves are announced with `NOTIFY driftwatch_alias` so that followers reload at once.
public final class PostgresRegistryStore: RegistryStore {
    public let database: PostgresPool
    public var location: String { database.location.display }
    /// The channel alias moves are announced on; the payload is the model's name.
    static let aliasChannel = "driftwatch_alias"

    init(database: PostgresPool) {
        self.database = database
    }

    /// Connects, refuses a database that is not a Driftwatch registry, and migrates it.
    public static func open(_ location: PostgresLocation) async throws -> PostgresRegistryStore {
        let database = try await PostgresPool.open(location)
        try await PostgresRegistryMigrations.migrator.migrate(database)
        return PostgresRegistryStore(database: database)
    }


    // MARK: Tracking

    public func startRun(experiment: String, name: String, parentRunID: String?) async throws -> Run {
        try RegistryError.validate(name: experiment)
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let now = Date().timeIntervalSince1970
        try await database.transaction { connection in
            try await connection.query("INSERT INTO experiment (name, created_at) VALUES (\(experiment), \(now)) ON CONFLICT (name) DO NOTHING", logger: PostgresPool.logger)
            try await connection.query("""
                INSERT INTO run (id, experiment_id, name, status, started_at, parent_run_id)
                SELECT \(id), id, \(name), 'running', \(now), \(parentRunID) FROM experiment WHERE name = \(experiment)
                """, logger: PostgresPool.logger)
        }
        return Run(id: id, experiment: experiment, name: name, status: .running, startedAt: Date(timeIntervalSince1970: now),
                   endedAt: nil, parentRunID: parentRunID, params: [:], metrics: [:], tags: [:], artifacts: [])
    }

    public func logParams(runID: String, _ params: [String: String]) async throws {
        try await writeKeyValues(runID: runID, params) { connection, key, value in
            try await connection.query("""
                INSERT INTO run_param (run_id, key, value) VALUES (\(runID), \(key), \(value))
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                """, logger: PostgresPool.logger)
        }
    }

    public func logMetrics(runID: String, _ metrics: [String: Double]) async throws {
        try await writeKeyValues(runID: runID, metrics) { connection, key, value in
            try await connection.query("""
                INSERT INTO run_metric (run_id, key, value) VALUES (\(runID), \(key), \(value))
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                """, logger: PostgresPool.logger)
        }
    }

    public func setTags(runID: String, _ tags: [String: String]) async throws {
        try await writeKeyValues(runID: runID, tags) { connection, key, value in
            try await connection.query("""
                INSERT INTO run_tag (run_id, key, value) VALUES (\(runID), \(key), \(value))
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                """, logger: PostgresPool.logger)
        }
    }

    private func writeKeyValues<Value: Sendable>(runID: String, _ pairs: [String: Value],
                                                 _ write: @escaping @Sendable (PostgresConnection, String, Value) async throws -> Void) async throws {
        try await database.transaction { connection in
            try await Self.requireRun(connection, runID)
            for (key, value) in pairs.sorted(by: { $0.key < $1.key }) { try await write(connection, key, value) }
        }
    }

    public func addArtifact(runID: String, _ artifact: RunArtifact) async throws {
        try await database.transaction { connection in
            try await Self.requireRun(connection, runID)
            try await connection.query("""
                INSERT INTO run_artifact (run_id, path, checksum) VALUES (\(runID), \(artifact.path), \(artifact.checksum))
                ON CONFLICT (run_id, path) DO UPDATE SET checksum = excluded.checksum
                """, logger: PostgresPool.logger)
        }
    }

    public func finishRun(runID: String, status: RunStatus) async throws {
        try await database.transaction { connection in
            try await Self.requireRun(connection, runID)
            try await connection.query("UPDATE run SET status = \(status.rawValue), ended_at = \(Date().timeIntervalSince1970) WHERE id = \(runID)", logger: PostgresPool.logger)
        }
    }

    private static func requireRun(_ connection: PostgresConnection, _ runID: String) async throws {
        let found = try await connection.query("SELECT 1 FROM run WHERE id = \(runID)", logger: PostgresPool.logger).decode(Int32.self).collect()
        guard !found.isEmpty else { throw RegistryError.unknownRun(runID) }
    }

    public func run(id: String) async throws -> Run? {
        try await database.connection { connection in
            try await Self.runs(connection, where: "WHERE run.id = $1", [id]).first
        }
    }

    public func runs(experiment: String?) async throws -> [Run] {
        try await database.connection { connection in
            if let experiment {
                return try await Self.runs(connection, where: "WHERE experiment.name = $1", [experiment])
            }
            return try await Self.runs(connection, where: "", [])
        }
    }

    private static func runs(_ connection: PostgresConnection, where clause: String, _ arguments: [String]) async throws -> [Run] {
        var bindings = PostgresBindings()
        for argument in arguments { bindings.append(argument) }
        let query = PostgresQuery(unsafeSQL: """
            SELECT run.id, experiment.name, run.name, run.status, run.started_at, run.ended_at, run.parent_run_id
            FROM run JOIN experiment ON experiment.id = run.experiment_id \(clause) ORDER BY run.started_at, run.seq
            """, binds: bindings)
        let rows = try await connection.query(query, logger: PostgresPool.logger)
            .decode((String, String, String, String, Double, Double?, String?).self).collect()
        var runs: [Run] = []
        for (id, experiment, name, status, started, ended, parent) in rows {
            let params = try await connection.query("SELECT key, value FROM run_param WHERE run_id = \(id)", logger: PostgresPool.logger).decode((String, String).self).collect()
            let metrics = try await connection.query("SELECT key, value FROM run_metric WHERE run_id = \(id)", logger: PostgresPool.logger).decode((String, Double).self).collect()
            let tags = try await connection.query("SELECT key, value FROM run_tag WHERE run_id = \(id)", logger: PostgresPool.logger).decode((String, String).self).collect()
            let artifacts = try await connection.query("SELECT path, checksum FROM run_artifact WHERE run_id = \(id) ORDER BY path", logger: PostgresPool.logger)
                .decode((String, String).self).collect().map { RunArtifact(path: $0.0, checksum: $0.1) }
            runs.append(Run(id: id, experiment: experiment, name: name, status: RunStatus(rawValue: status) ?? .failed, startedAt: Date(timeIntervalSince1970: started),
                            endedAt: ended.map(Date.init(timeIntervalSince1970:)), parentRunID: parent,
                            params: Dictionary(params, uniquingKeysWith: { $1 }), metrics: Dictionary(metrics, uniquingKeysWith: { $1 }),
                            tags: Dictionary(tags, uniquingKeysWith: { $1 }), artifacts: artifacts))
        }
        return runs
    }

    public func experiments() async throws -> [Experiment] {
        try await database.query("SELECT id, name, created_at FROM experiment ORDER BY id") { try await $0.decode((Int64, String, Double).self).collect() }.map {
            Experiment(id: $0.0, name: $0.1, createdAt: Date(timeIntervalSince1970: $0.2))
        }
    }

    // MARK: Registry

    public func createVersion(_ new: NewModelVersion) async throws -> ModelVersion {
        try RegistryError.validate(name: new.model)
        let now = Date().timeIntervalSince1970
        let metrics = String(decoding: try JSONEncoder().encode(new.metrics), as: UTF8.self)
        let number = try await database.transaction { connection -> Int in
            try await connection.query("INSERT INTO registered_model (name, created_at) VALUES (\(new.model), \(now)) ON CONFLICT (name) DO NOTHING", logger: PostgresPool.logger)
            // The model's row lock numbers its versions one process at a time.
            try await connection.query("SELECT name FROM registered_model WHERE name = \(new.model) FOR UPDATE", logger: PostgresPool.logger)
            let latest = try await connection.query("SELECT MAX(version) FROM model_version WHERE model = \(new.model)", logger: PostgresPool.logger).decode(Int?.self).collect()
            let next = (latest.first.flatMap { $0 } ?? 0) + 1
            try await connection.query("""
                INSERT INTO model_version (model, version, run_id, artifact_path, checksum, metrics, training_rows, fingerprint, code_version, reference_profile, created_at)
                VALUES (\(new.model), \(next), \(new.runID), \(new.artifactPath), \(new.checksum), \(metrics), \(new.trainingRows), \(new.fingerprint),
                        \(new.codeVersion), \(new.referenceProfile), \(now))
                """, logger: PostgresPool.logger)
            if let artifact = new.artifact {
                try await connection.query("INSERT INTO model_artifact (model, version, data) VALUES (\(new.model), \(next), \(artifact))", logger: PostgresPool.logger)
            }
            return next
        }
        return try await version(model: new.model, version: number)!
    }

    public func artifact(model: String, version: Int) async throws -> Data? {
        guard let record = try await self.version(model: model, version: version) else { return nil }
        let rows = try await database.query("SELECT data FROM model_artifact WHERE model = \(model) AND version = \(version)") { try await $0.decode(Data.self).collect() }
        guard let data = rows.first else {
            throw RegistryError.artifactMissing(model: model, version: version, path: "\(location) (\(record.artifactPath))")
        }
        return data
    }

    public func models() async throws -> [RegisteredModel] {
        try await database.connection { connection in
            let rows = try await connection.query("""
                SELECT registered_model.name, registered_model.created_at, MAX(model_version.version)
                FROM registered_model JOIN model_version ON model_version.model = registered_model.name
                GROUP BY registered_model.name, registered_model.created_at ORDER BY registered_model.name
                """, logger: PostgresPool.logger).decode((String, Double, Int).self).collect()
            var models: [RegisteredModel] = []
            for (name, created, latest) in rows {
                let aliases = try await connection.query("SELECT alias, version FROM model_alias WHERE model = \(name)", logger: PostgresPool.logger)
                    .decode((String, Int).self).collect()
                models.append(RegisteredModel(name: name, createdAt: Date(timeIntervalSince1970: created), latestVersion: latest,
                                              aliases: Dictionary(aliases, uniquingKeysWith: { $1 })))
            }
            return models
        }
    }

    public func versions(model: String) async throws -> [ModelVersion] {
        try await versions(model: model, version: nil)
    }

    public func version(model: String, version: Int) async throws -> ModelVersion? {
        try await versions(model: model, version: version).first
    }

    private func versions(model: String, version: Int?) async throws -> [ModelVersion] {
        try await database.connection { connection in
            let query: PostgresQuery = version.map { number in
                "SELECT model, version, run_id, artifact_path, checksum, metrics, training_rows, fingerprint, code_version, created_at FROM model_version WHERE model = \(model) AND version = \(number)"
            } ?? "SELECT model, version, run_id, artifact_path, checksum, metrics, training_rows, fingerprint, code_version, created_at FROM model_version WHERE model = \(model) ORDER BY version"
            let rows = try await connection.query(query, logger: PostgresPool.logger)
                .decode((String, Int, String?, String, String, String, Int, String, String, Double).self).collect()
            var versions: [ModelVersion] = []
            for (model, number, runID, path, checksum, metrics, rows, fingerprint, code, created) in rows {
                let aliases = try await connection.query("SELECT alias FROM model_alias WHERE model = \(model) AND version = \(number) ORDER BY alias",
                                                         logger: PostgresPool.logger).decode(String.self).collect()
                versions.append(ModelVersion(model: model, version: number, runID: runID, artifactPath: path, checksum: checksum,
                                             metrics: (try? JSONDecoder().decode([String: Double].self, from: Data(metrics.utf8))) ?? [:],
                                             trainingRows: rows, fingerprint: fingerprint, codeVersion: code,
                                             createdAt: Date(timeIntervalSince1970: created), aliases: aliases))
            }
            return versions
        }
    }

    public func referenceProfile(model: String, version: Int) async throws -> Data? {
        try await database.query("SELECT reference_profile FROM model_version WHERE model = \(model) AND version = \(version)") { try await $0.decode(Data?.self).collect() }.first.flatMap { $0 }
    }

    public func setAlias(model: String, alias: String, version: Int, kind: AliasMoveKind, reason: String, actor: String) async throws -> AliasMove {
        try RegistryError.validate(name: alias)
        return try await database.transaction { connection in
            try await Self.moveAlias(connection, model: model, alias: alias, version: version, kind: kind, reason: reason, actor: actor)
        }
    }

    /// Points the alias and appends the audit entry, under the model's row lock, and announces the
    /// move (delivered when the transaction commits).
    private static func moveAlias(_ connection: PostgresConnection, model: String, alias: String, version: Int, kind: AliasMoveKind,
                                  reason: String, actor: String) async throws -> AliasMove {
        let locked = try await connection.query("SELECT name FROM registered_model WHERE name = \(model) FOR UPDATE", logger: PostgresPool.logger).decode(String.self).collect()
        guard !locked.isEmpty else { throw RegistryError.unknownModel(model) }
        let exists = try await connection.query("SELECT 1 FROM model_version WHERE model = \(model) AND version = \(version)", logger: PostgresPool.logger).decode(Int32.self).collect()
        guard !exists.isEmpty else { throw RegistryError.unknownVersion(model: model, version: version) }
        let previous = try await connection.query("SELECT version FROM model_alias WHERE model = \(model) AND alias = \(alias)", logger: PostgresPool.logger).decode(Int.self).collect().first
        let now = Date().timeIntervalSince1970
        try await connection.query("""
            INSERT INTO model_alias (model, alias, version, updated_at) VALUES (\(model), \(alias), \(version), \(now))
            ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
            """, logger: PostgresPool.logger)
        let id = try await connection.query("""
            INSERT INTO alias_audit (model, alias, from_version, to_version, kind, reason, actor, at)
            VALUES (\(model), \(alias), \(previous), \(version), \(kind.rawValue), \(reason), \(actor), \(now)) RETURNING id
            """, logger: PostgresPool.logger).decode(Int64.self).collect()
        try await connection.query("SELECT pg_notify(\(aliasChannel), \(model))", logger: PostgresPool.logger)
        return AliasMove(id: id[0], model: model, alias: alias, fromVersion: previous, toVersion: version, kind: kind, reason: reason, actor: actor,
                         at: Date(timeIntervalSince1970: now))
    }

    public func aliasVersion(model: String, alias: String) async throws -> Int? {
        try await database.query("SELECT version FROM model_alias WHERE model = \(model) AND alias = \(alias)") { try await $0.decode(Int.self).collect() }.first
    }

    public func auditLog(model: String) async throws -> [AliasMove] {
        try await database.query("SELECT id, model, alias, from_version, to_version, kind, reason, actor, at FROM alias_audit WHERE model = \(model) ORDER BY id") { try await $0.decode((Int64, String, String, Int?, Int, String, String, String, Double).self).collect() }.map {
                AliasMove(id: $0.0, model: $0.1, alias: $0.2, fromVersion: $0.3, toVersion: $0.4, kind: AliasMoveKind(rawValue: $0.5) ?? .move,
                          reason: $0.6, actor: $0.7, at: Date(timeIntervalSince1970: $0.8))
            }
    }

    // MARK: Retrain loop

    static let attemptColumns = "id, model, state, trigger, started_at, updated_at, champion_version, challenger_version, metric, champion_score, challenger_score, verified_score, detail"
    typealias AttemptRow = (Int64, String, String, String, Double, Double, Int?, Int?, String?, Double?, Double?, Double?, String)

    static func attempt(_ row: AttemptRow) -> RetrainAttempt {
        RetrainAttempt(id: row.0, model: row.1, state: LoopState(rawValue: row.2) ?? .failed, trigger: row.3,
                       startedAt: Date(timeIntervalSince1970: row.4), updatedAt: Date(timeIntervalSince1970: row.5),
                       championVersion: row.6, challengerVersion: row.7, metric: row.8, championScore: row.9, challengerScore: row.10,
                       verifiedScore: row.11, detail: row.12)
    }

    private static func attempts(_ connection: PostgresConnection, _ sql: String, _ bindings: PostgresBindings) async throws -> [RetrainAttempt] {
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(attemptColumns) FROM retrain_attempt " + sql, binds: bindings), logger: PostgresPool.logger)
            .decode(AttemptRow.self).collect().map(attempt)
    }

    private static func bindings(_ values: any PostgresEncodable & Sendable...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try? bindings.append(value) }
        return bindings
    }

    static let activeStates = "state IN \(LoopState.activeSQL)"

    public func beginAttempt(model: String, trigger: String, championVersion: Int?) async throws -> RetrainAttempt? {
        let now = Date().timeIntervalSince1970
        do {
            return try await database.transaction { connection in
                if try await !Self.attempts(connection, "WHERE model = $1 AND \(Self.activeStates)", Self.bindings(model)).isEmpty { return nil }
                let ids = try await connection.query("""
                    INSERT INTO retrain_attempt (model, state, trigger, started_at, updated_at, champion_version)
                    VALUES (\(model), 'triggered', \(trigger), \(now), \(now), \(championVersion)) RETURNING id
                    """, logger: PostgresPool.logger).decode(Int64.self).collect()
                try await connection.query("""
                    INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (\(ids[0]), NULL, 'triggered', \(now), \(trigger))
                    """, logger: PostgresPool.logger)
                return try await Self.attempts(connection, "WHERE id = $1", Self.bindings(ids[0])).first
            }
        } catch let error as PSQLError where error.sqlState == "23505" {
            // Another process started one between our check and our insert: the index said no.
            return nil
        }
    }

    public func recordResume(id: Int64, state: LoopState) async throws -> Int {
        let now = Date().timeIntervalSince1970, note = RetrainAttempt.resumedNote
        return try await database.transaction { connection in
            try await connection.query("""
                INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (\(id), \(state.rawValue), \(state.rawValue), \(now), \(note))
                """, logger: PostgresPool.logger)
            let counts = try await connection.query("""
                SELECT COUNT(*)::BIGINT FROM retrain_transition WHERE attempt_id = \(id) AND detail = \(note) AND to_state = \(state.rawValue)
                    AND id > (SELECT COALESCE(MAX(id), 0) FROM retrain_transition WHERE attempt_id = \(id) AND detail <> \(note))
                """, logger: PostgresPool.logger).decode(Int64.self).collect()
            return Int(counts.first ?? 0)
        }
    }

    public func advanceAttempt(id: Int64, from: LoopState, to: LoopState, update: AttemptUpdate, aliasMove: AttemptAliasMove?, traffic: TrafficStep?) async throws -> RetrainAttempt {
        guard from.next.contains(to) else { throw RegistryError.invalidStep(from: from, to: to) }
        let now = Date().timeIntervalSince1970
        return try await database.transaction { connection in
            guard var attempt = try await Self.attempts(connection, "WHERE id = $1 FOR UPDATE", Self.bindings(id)).first, attempt.state == from else {
                throw RegistryError.attemptConflict(id: id, expected: from, found: try await Self.attempts(connection, "WHERE id = $1", Self.bindings(id)).first?.state)
            }
            update.apply(to: &attempt)
            attempt.state = to
            try await connection.query("""
                UPDATE retrain_attempt SET state = \(to.rawValue), updated_at = \(now), challenger_version = \(attempt.challengerVersion), metric = \(attempt.metric),
                    champion_score = \(attempt.championScore), challenger_score = \(attempt.challengerScore), verified_score = \(attempt.verifiedScore),
                    detail = \(attempt.detail) WHERE id = \(id)
                """, logger: PostgresPool.logger)
            try await connection.query("""
                INSERT INTO retrain_transition (attempt_id, from_state, to_state, at, detail) VALUES (\(id), \(from.rawValue), \(to.rawValue), \(now), \(update.detail ?? ""))
                """, logger: PostgresPool.logger)
            if let move = aliasMove {
                _ = try await Self.moveAlias(connection, model: attempt.model, alias: move.alias, version: move.version, kind: move.kind, reason: move.reason, actor: move.actor)
            }
            if let traffic {
                _ = try await Self.setTraffic(connection, model: attempt.model, traffic.request, reason: traffic.reason, actor: traffic.actor)
            }
            return try await Self.attempts(connection, "WHERE id = $1", Self.bindings(id))[0]
        }
    }

    public func activeAttempt(model: String) async throws -> RetrainAttempt? {
        try await database.connection { connection in
            try await Self.attempts(connection, "WHERE model = $1 AND \(Self.activeStates)", Self.bindings(model)).first
        }
    }

    public func attempts(model: String, limit: Int) async throws -> [RetrainAttempt] {
        try await database.connection { connection in
            try await Self.attempts(connection, "WHERE model = $1 ORDER BY id DESC LIMIT $2", Self.bindings(model, limit))
        }
    }

    public func saveAttemptData(id: Int64, _ data: AttemptData) async throws {
        try await database.transaction { connection in
            guard try await !Self.attempts(connection, "WHERE id = $1", Self.bindings(id)).isEmpty else { throw RegistryError.unknownAttempt(id) }
            try await connection.query("""
                INSERT INTO retrain_attempt_data (attempt_id, train, holdout) VALUES (\(id), \(data.train), \(data.holdout))
                ON CONFLICT (attempt_id) DO UPDATE SET train = excluded.train, holdout = excluded.holdout
                """, logger: PostgresPool.logger)
        }
    }

    public func attemptData(id: Int64) async throws -> AttemptData? {
        try await database.query("SELECT train, holdout FROM retrain_attempt_data WHERE attempt_id = \(id)") { try await $0.decode((Data, Data).self).collect() }.first.map {
            AttemptData(train: $0.0, holdout: $0.1)
        }
    }

    // MARK: Traffic

    public func trafficPolicy(model: String) async throws -> TrafficPolicy? {
        try await database.connection { connection in try await Self.trafficPolicy(connection, model: model) }
    }

    public func setTraffic(model: String, _ request: TrafficRequest?, reason: String, actor: String) async throws -> TrafficChange {
        try await database.transaction { connection in
            try await Self.setTraffic(connection, model: model, request, reason: reason, actor: actor)
        }
    }

    public func trafficLog(model: String) async throws -> [TrafficChange] {
        try await database.query("""
            SELECT id, model, from_mode, to_mode, from_weight, to_weight, challenger_alias, reason, actor, at FROM traffic_audit WHERE model = \(model) ORDER BY id
            """) { try await $0.decode((Int64, String, String?, String?, Double?, Double?, String?, String, String, Double).self).collect() }.map {
            TrafficChange(id: $0.0, model: $0.1, fromMode: $0.2.flatMap(TrafficMode.init(rawValue:)), toMode: $0.3.flatMap(TrafficMode.init(rawValue:)),
                          fromWeight: $0.4, toWeight: $0.5, challengerAlias: $0.6, reason: $0.7, actor: $0.8, at: Date(timeIntervalSince1970: $0.9))
        }
    }

    private static func trafficPolicy(_ connection: PostgresConnection, model: String) async throws -> TrafficPolicy? {
        try await connection.query("SELECT model, mode, challenger_alias, weight, routing_key, updated_at FROM traffic_policy WHERE model = \(model)", logger: PostgresPool.logger)
            .decode((String, String, String, Double, String?, Double).self).collect().first.map {
                TrafficPolicy(model: $0.0, mode: TrafficMode(rawValue: $0.1) ?? .shadow, challengerAlias: $0.2, weight: $0.3, key: $0.4,
                              updatedAt: Date(timeIntervalSince1970: $0.5))
            }
    }

    /// Sets the policy and appends the audit entry under the model's row lock, and announces the
    /// change on the alias channel (predictors follow both the same way).
    private static func setTraffic(_ connection: PostgresConnection, model: String, _ request: TrafficRequest?, reason: String, actor: String) async throws -> TrafficChange {
        let locked = try await connection.query("SELECT name FROM registered_model WHERE name = \(model) FOR UPDATE", logger: PostgresPool.logger).decode(String.self).collect()
        guard !locked.isEmpty else { throw RegistryError.unknownModel(model) }
        let current = try await trafficPolicy(connection, model: model)
        let now = Date().timeIntervalSince1970
        if let request {
            try request.validate()
            let alias = try await connection.query("SELECT version FROM model_alias WHERE model = \(model) AND alias = \(request.challengerAlias)", logger: PostgresPool.logger)
                .decode(Int.self).collect()
            guard !alias.isEmpty else { throw RegistryError.unknownAlias(model: model, alias: request.challengerAlias) }
            try request.checkAgainst(current)
            try await connection.query("""
                INSERT INTO traffic_policy (model, mode, challenger_alias, weight, routing_key, updated_at)
                VALUES (\(model), \(request.mode.rawValue), \(request.challengerAlias), \(request.weight), \(request.key), \(now))
                ON CONFLICT (model) DO UPDATE SET mode = excluded.mode, challenger_alias = excluded.challenger_alias, weight = excluded.weight,
                    routing_key = excluded.routing_key, updated_at = excluded.updated_at
                """, logger: PostgresPool.logger)
        } else {
            try await connection.query("DELETE FROM traffic_policy WHERE model = \(model)", logger: PostgresPool.logger)
        }
        let alias = request?.challengerAlias ?? current?.challengerAlias
        let id = try await connection.query("""
            INSERT INTO traffic_audit (model, from_mode, to_mode, from_weight, to_weight, challenger_alias, reason, actor, at)
            VALUES (\(model), \(current?.mode.rawValue), \(request?.mode.rawValue), \(current?.weight), \(request?.weight), \(alias), \(reason), \(actor), \(now)) RETURNING id
            """, logger: PostgresPool.logger).decode(Int64.self).collect()
        try await connection.query("SELECT pg_notify(\(aliasChannel), \(model))", logger: PostgresPool.logger)
        return TrafficChange(id: id[0], model: model, fromMode: current?.mode, toMode: request?.mode, fromWeight: current?.weight, toWeight: request?.weight,
                             challengerAlias: alias, reason: reason, actor: actor, at: Date(timeIntervalSince1970: now))
    }

    // MARK: Notifications

    public func aliasMoves(model: String) -> AsyncStream<Void>? {
        database.notifications(channel: Self.aliasChannel) { $0 == model }
    }
}

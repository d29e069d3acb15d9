import Foundation

/// The registry kept in memory: the same behaviour as ``SQLiteRegistryStore`` for unit tests.
public actor InMemoryRegistryStore: RegistryStore {
    private var experimentList: [Experiment] = []
    private var runList: [Run] = []
    private var registered: [String: Date] = [:]
    private var versionList: [ModelVersion] = []
    private var profiles: [String: Data] = [:]
    private var aliases: [String: [String: Int]] = [:]
    private var audit: [AliasMove] = []
    private var attemptList: [RetrainAttempt] = []
    private var artifacts: [String: Data] = [:]
    private var attemptRows: [Int64: AttemptData] = [:]
    /// Resumes per attempt and state (cleared when the attempt moves on).
    private var resumes: [String: Int] = [:]
    private var policies: [String: TrafficPolicy] = [:]
    private var trafficAudit: [TrafficChange] = []

    public nonisolated let location = "memory"

    public init() {}

    public func startRun(experiment: String, name: String, parentRunID: String?) throws -> Run {
        try RegistryError.validate(name: experiment)
        if !experimentList.contains(where: { $0.name == experiment }) {
            experimentList.append(Experiment(id: Int64(experimentList.count + 1), name: experiment, createdAt: Date()))
        }
        let run = Run(id: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), experiment: experiment, name: name,
                      status: .running, startedAt: Date(), endedAt: nil, parentRunID: parentRunID, params: [:], metrics: [:], tags: [:], artifacts: [])
        runList.append(run)
        return run
    }

    private func update(_ runID: String, _ change: (inout Run) -> Void) throws {
        guard let index = runList.firstIndex(where: { $0.id == runID }) else { throw RegistryError.unknownRun(runID) }
        change(&runList[index])
    }

    public func logParams(runID: String, _ params: [String: String]) throws {
        try update(runID) { $0.params.merge(params) { $1 } }
    }

    public func logMetrics(runID: String, _ metrics: [String: Double]) throws {
        try update(runID) { $0.metrics.merge(metrics) { $1 } }
    }

    public func setTags(runID: String, _ tags: [String: String]) throws {
        try update(runID) { $0.tags.merge(tags) { $1 } }
    }

    public func addArtifact(runID: String, _ artifact: RunArtifact) throws {
        try update(runID) { run in
            run.artifacts.removeAll { $0.path == artifact.path }
            run.artifacts.append(artifact)
            run.artifacts.sort { $0.path < $1.path }
        }
    }

    public func finishRun(runID: String, status: RunStatus) throws {
        try update(runID) {
            $0.status = status
            $0.endedAt = Date()
        }
    }

    public func run(id: String) -> Run? { runList.first { $0.id == id } }

    public func runs(experiment: String?) -> [Run] {
        runList.filter { experiment == nil || $0.experiment == experiment }
    }

    public func experiments() -> [Experiment] { experimentList }

    public func createVersion(_ new: NewModelVersion) throws -> ModelVersion {
        try RegistryError.validate(name: new.model)
        if registered[new.model] == nil { registered[new.model] = Date() }
        let number = (versionList.filter { $0.model == new.model }.map(\.version).max() ?? 0) + 1
        let version = ModelVersion(model: new.model, version: number, runID: new.runID, artifactPath: new.artifactPath, checksum: new.checksum,
                                   metrics: new.metrics, trainingRows: new.trainingRows, fingerprint: new.fingerprint,
                                   codeVersion: new.codeVersion, createdAt: Date(), aliases: [])
        versionList.append(version)
        if let profile = new.referenceProfile { profiles["\(new.model)#\(number)"] = profile }
        if let artifact = new.artifact { artifacts["\(new.model)#\(number)"] = artifact }
        return version
    }

    public func artifact(model: String, version: Int) throws -> Data? {
        guard let record = self.version(model: model, version: version) else { return nil }
        guard let data = artifacts["\(model)#\(version)"] else {
            throw RegistryError.artifactMissing(model: model, version: version, path: record.artifactPath)
        }
        return data
    }

    public func models() -> [RegisteredModel] {
        registered.keys.sorted().map { name in
            RegisteredModel(name: name, createdAt: registered[name]!, latestVersion: versionList.filter { $0.model == name }.map(\.version).max() ?? 0,
                            aliases: aliases[name] ?? [:])
        }
    }

    private func withAliases(_ version: ModelVersion) -> ModelVersion {
        var result = version
        result.aliases = (aliases[version.model] ?? [:]).filter { $0.value == version.version }.map(\.key).sorted()
        return result
    }

    public func versions(model: String) -> [ModelVersion] {
        versionList.filter { $0.model == model }.map(withAliases)
    }

    public func version(model: String, version: Int) -> ModelVersion? {
        versionList.first { $0.model == model && $0.version == version }.map(withAliases)
    }

    public func referenceProfile(model: String, version: Int) -> Data? { profiles["\(model)#\(version)"] }

    public func setAlias(model: String, alias: String, version: Int, kind: AliasMoveKind, reason: String, actor: String) throws -> AliasMove {
        try RegistryError.validate(name: alias)
        guard registered[model] != nil else { throw RegistryError.unknownModel(model) }
        guard versionList.contains(where: { $0.model == model && $0.version == version }) else {
            throw RegistryError.unknownVersion(model: model, version: version)
        }
        let move = AliasMove(id: Int64(audit.count + 1), model: model, alias: alias, fromVersion: aliases[model]?[alias], toVersion: version,
                             kind: kind, reason: reason, actor: actor, at: Date())
        aliases[model, default: [:]][alias] = version
        audit.append(move)
        return move
    }

    public func aliasVersion(model: String, alias: String) -> Int? { aliases[model]?[alias] }

    public func auditLog(model: String) -> [AliasMove] { audit.filter { $0.model == model } }

    public func beginAttempt(model: String, trigger: String, championVersion: Int?) -> RetrainAttempt? {
        guard activeAttempt(model: model) == nil else { return nil }
        let now = Date()
        let attempt = RetrainAttempt(id: Int64(attemptList.count + 1), model: model, state: .triggered, trigger: trigger, startedAt: now, updatedAt: now,
                                     championVersion: championVersion)
        attemptList.append(attempt)
        return attempt
    }

    public func recordResume(id: Int64, state: LoopState) -> Int {
        let key = "\(id) \(state.rawValue)"
        resumes[key, default: 0] += 1
        return resumes[key]!
    }

    public func advanceAttempt(id: Int64, from: LoopState, to: LoopState, update: AttemptUpdate, aliasMove: AttemptAliasMove?, traffic: TrafficStep?) throws -> RetrainAttempt {
        guard from.next.contains(to) else { throw RegistryError.invalidStep(from: from, to: to) }
        guard let index = attemptList.firstIndex(where: { $0.id == id }), attemptList[index].state == from else {
            throw RegistryError.attemptConflict(id: id, expected: from, found: attemptList.first { $0.id == id }?.state)
        }
        var attempt = attemptList[index]
        update.apply(to: &attempt)
        attempt.state = to
        attempt.updatedAt = Date()
        if let move = aliasMove {
            _ = try setAlias(model: attempt.model, alias: move.alias, version: move.version, kind: move.kind, reason: move.reason, actor: move.actor)
        }
        if let traffic { _ = try setTraffic(model: attempt.model, traffic.request, reason: traffic.reason, actor: traffic.actor) }
        attemptList[index] = attempt
        resumes = resumes.filter { !$0.key.hasPrefix("\(id) ") }
        return attempt
    }

    public func activeAttempt(model: String) -> RetrainAttempt? {
        attemptList.first { $0.model == model && $0.state.isActive }
    }

    public func attempts(model: String, limit: Int) -> [RetrainAttempt] {
        Array(attemptList.filter { $0.model == model }.reversed().prefix(limit))
    }

    public func saveAttemptData(id: Int64, _ data: AttemptData) throws {
        guard attemptList.contains(where: { $0.id == id }) else { throw RegistryError.unknownAttempt(id) }
        attemptRows[id] = data
    }

    public func attemptData(id: Int64) -> AttemptData? { attemptRows[id] }

    public func trafficPolicy(model: String) -> TrafficPolicy? { policies[model] }

    public func setTraffic(model: String, _ request: TrafficRequest?, reason: String, actor: String) throws -> TrafficChange {
        guard registered[model] != nil else { throw RegistryError.unknownModel(model) }
        let current = policies[model]
        if let request {
            try request.validate()
            guard aliases[model]?[request.challengerAlias] != nil else { throw RegistryError.unknownAlias(model: model, alias: request.challengerAlias) }
            try request.checkAgainst(current)
            policies[model] = TrafficPolicy(model: model, mode: request.mode, challengerAlias: request.challengerAlias, weight: request.weight, key: request.key, updatedAt: Date())
        } else {
            policies[model] = nil
        }
        let change = TrafficChange(id: Int64(trafficAudit.count + 1), model: model, fromMode: current?.mode, toMode: request?.mode, fromWeight: current?.weight,
                                   toWeight: request?.weight, challengerAlias: request?.challengerAlias ?? current?.challengerAlias, reason: reason, actor: actor, at: Date())
        trafficAudit.append(change)
        return change
    }

    public func trafficLog(model: String) -> [TrafficChange] { trafficAudit.filter { $0.model == model } }
}

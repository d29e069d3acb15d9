import DriftwatchData
import Foundation

/// Persistence of experiments, runs and the model registry, artifacts included. SQLite (one
/// directory) is the default; PostgreSQL serves a fleet of processes on several machines; an
/// in-memory twin serves unit tests.
public protocol RegistryStore: Sendable {
    /// Where the store lives, for messages (a directory, or `user@host:port/database`).
    var location: String { get }

    // Tracking
    func startRun(experiment: String, name: String, parentRunID: String?) async throws -> Run
    func logParams(runID: String, _ params: [String: String]) async throws
    func logMetrics(runID: String, _ metrics: [String: Double]) async throws
    func setTags(runID: String, _ tags: [String: String]) async throws
    func addArtifact(runID: String, _ artifact: RunArtifact) async throws
    func finishRun(runID: String, status: RunStatus) async throws
    func run(id: String) async throws -> Run?
    func runs(experiment: String?) async throws -> [Run]
    func experiments() async throws -> [Experiment]

    // Registry
    /// Registers the model's next version, keeping its artifact (when given) where the store keeps
    /// artifacts. The artifact is stored no later than the version row, so an alias can never
    /// point at a missing artifact; a failed registration leaves neither behind.
    func createVersion(_ version: NewModelVersion) async throws -> ModelVersion
    /// The stored artifact bytes of a version (nil for an unknown version); throws
    /// ``RegistryError/artifactMissing(model:version:path:)`` when they are gone.
    func artifact(model: String, version: Int) async throws -> Data?
    func models() async throws -> [RegisteredModel]
    func versions(model: String) async throws -> [ModelVersion]
    func version(model: String, version: Int) async throws -> ModelVersion?
    func referenceProfile(model: String, version: Int) async throws -> Data?
    /// Points `alias` at `version` and appends the move to the audit log, in one transaction.
    func setAlias(model: String, alias: String, version: Int, kind: AliasMoveKind, reason: String, actor: String) async throws -> AliasMove
    func aliasVersion(model: String, alias: String) async throws -> Int?
    func auditLog(model: String) async throws -> [AliasMove]

    // Retrain loop
    /// Starts an attempt in state `triggered`, unless one is already active for the model (then
    /// nil): never two at once, even across processes.
    func beginAttempt(model: String, trigger: String, championVersion: Int?) async throws -> RetrainAttempt?
    /// Moves an attempt from `from` to `to`, recording `update` and making `aliasMove` (if any), in
    /// one transaction. Throws ``RegistryError/attemptConflict(id:expected:found:)`` when the
    /// attempt is no longer in `from`.
    func advanceAttempt(id: Int64, from: LoopState, to: LoopState, update: AttemptUpdate, aliasMove: AttemptAliasMove?, traffic: TrafficStep?) async throws -> RetrainAttempt
    /// Notes in the attempt's transition log that a process resumed it at its current state, and
    /// returns how many times it has been resumed at that state since it got there: a step that
    /// keeps stopping the process (a crash loop) shows as a growing count.
    func recordResume(id: Int64, state: LoopState) async throws -> Int
    /// The model's active attempt, if any.
    func activeAttempt(model: String) async throws -> RetrainAttempt?
    /// The model's attempts, newest first.
    func attempts(model: String, limit: Int) async throws -> [RetrainAttempt]
    /// Keeps the rows an attempt trains and gates on, so that whichever process resumes the
    /// attempt (on whatever machine) uses the same rows.
    func saveAttemptData(id: Int64, _ data: AttemptData) async throws
    func attemptData(id: Int64) async throws -> AttemptData?

    // Traffic between versions
    /// The model's traffic policy, if one is in force.
    func trafficPolicy(model: String) async throws -> TrafficPolicy?
    /// Sets the policy (nil turns it off) and appends the change to the traffic audit log, in one
    /// transaction, announced like an alias move. Refuses an alias that does not exist and a second
    /// policy while another mode is in force.
    func setTraffic(model: String, _ request: TrafficRequest?, reason: String, actor: String) async throws -> TrafficChange
    func trafficLog(model: String) async throws -> [TrafficChange]

    // Notifications
    /// Wakes the caller whenever an alias of `model` may have moved, when the store can tell
    /// (PostgreSQL's LISTEN/NOTIFY); nil when polling is the only way.
    func aliasMoves(model: String) -> AsyncStream<Void>?
}

extension RegistryStore {
    public func aliasMoves(model: String) -> AsyncStream<Void>? { nil }

    /// A step that moves no traffic.
    public func advanceAttempt(id: Int64, from: LoopState, to: LoopState, update: AttemptUpdate, aliasMove: AttemptAliasMove?) async throws -> RetrainAttempt {
        try await advanceAttempt(id: id, from: from, to: to, update: update, aliasMove: aliasMove, traffic: nil)
    }
}

/// The rows of a retrain attempt, as CSV: what it trains on and what the gate scores on.
public struct AttemptData: Sendable, Equatable {
    public var train: Data
    public var holdout: Data

    public init(train: Data, holdout: Data) {
        self.train = train
        self.holdout = holdout
    }
}

/// Errors a registry reports to users.
public enum RegistryError: DriftwatchError, Equatable, Sendable {
    case unknownRun(String)
    case unknownModel(String)
    case unknownVersion(model: String, version: Int)
    case unknownAlias(model: String, alias: String)
    case nothingToRollBack(model: String, alias: String)
    case notARegistry(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case invalidName(String)
    case noReferenceProfile(model: String, version: Int)
    case attemptConflict(id: Int64, expected: LoopState, found: LoopState?)
    case unknownAttempt(Int64)
    case invalidStep(from: LoopState, to: LoopState)
    case artifactMissing(model: String, version: Int, path: String)
    case artifactChecksumMismatch(model: String, version: Int)
    case invalidTraffic(String)
    case trafficConflict(model: String, current: String)
    /// `models approve|reject` with no attempt waiting for approval (`state`: the active one's, if any).
    case nothingAwaitingApproval(model: String, state: LoopState?)
    /// Something a registry lacks, said with the registry's location (a wrong registry is a usual cause).
    indirect case inRegistry(String, RegistryError)

    public var description: String {
        switch self {
        case .unknownRun(let id): "no run with id \(id)"
        case .unknownModel(let name): "no registered model named '\(name)'"
        case .unknownVersion(let model, let version): "model '\(model)' has no version \(version)"
        case .unknownAlias(let model, let alias): "model '\(model)' has no alias '\(alias)'"
        case .nothingToRollBack(let model, let alias): "alias '\(alias)' of model '\(model)' has no earlier version to roll back to"
        case .notARegistry(let path, let reason): "\(path) is not a Driftwatch registry: \(reason)"
        case .cannotOpen(let path, let reason): "cannot open the registry at \(path): \(reason)"
        case .invalidName(let name): "invalid name '\(name)': use letters, digits, '.', '_' and '-'"
        case .noReferenceProfile(let model, let version): "version \(version) of model '\(model)' was registered without a reference profile"
        case .attemptConflict(let id, let expected, let found): "retrain attempt \(id) is \(found?.rawValue ?? "missing"), not \(expected.rawValue): another process moved it"
        case .unknownAttempt(let id): "no retrain attempt with id \(id)"
        case .invalidStep(let from, let to): "a retrain attempt cannot go from \(from.rawValue) to \(to.rawValue)"
        case .artifactMissing(let model, let version, let path): "artifact of \(model) version \(version) is missing at \(path)"
        case .artifactChecksumMismatch(let model, let version): "artifact of \(model) version \(version) does not match its registered checksum"
        case .invalidTraffic(let message): "invalid traffic policy: \(message)"
        case .nothingAwaitingApproval(let model, let state):
            "model '\(model)' has no challenger awaiting approval (" + (state.map { "its retrain attempt is \($0.rawValue)" } ?? "no retrain attempt is under way") + ")"
        case .inRegistry(let location, let error): "\(error.description) (registry: \(location))"
        case .trafficConflict(let model, let current): "model '\(model)' already has a traffic policy (\(current)); turn it off first (driftwatch models traffic \(model) --off)"
        }
    }

    /// Whether the error is about something the registry lacks: a model, version, alias, run, or
    /// an earlier version to roll back to.
    public var isLookup: Bool {
        switch self {
        case .unknownRun, .unknownModel, .unknownVersion, .unknownAlias, .nothingToRollBack, .nothingAwaitingApproval, .noReferenceProfile: true
        default: false
        }
    }

    /// Model, alias and experiment names are used in paths and labels, so they stay simple.
    static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= 128, allowed, name.first != ".", name.first != "-" else {
            throw RegistryError.invalidName(name)
        }
    }
}

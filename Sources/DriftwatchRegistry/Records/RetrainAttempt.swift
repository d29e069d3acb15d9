import Foundation

/// Where a retrain attempt stands. The loop is `watching` while no attempt is active; an attempt
/// moves `triggered → training → gating → promoting → verifying` (with a rollout, `gating →
/// canary → promoting`: the challenger answers a growing share of traffic first) and ends `promoted` (verified
/// and kept), `rejected` (the gate kept the champion), `failed` (with the reason; the champion
/// keeps serving) or `rolled_back` (worse in production than the champion it replaced).
public enum LoopState: String, Sendable, Codable, CaseIterable {
    case watching
    case triggered
    case training
    case gating
    /// The challenger passed the gate and waits for a person (`loop.approval: manual`):
    /// `driftwatch models approve|reject MODEL`.
    case awaitingApproval = "awaiting_approval"
    /// A person approved the challenger; the loop releases it (promotion or rollout) next.
    case approved
    /// The challenger serves in shadow or at a canary weight, compared with the champion live.
    case canary
    case promoting
    case verifying
    case promoted
    case rejected
    case failed
    case rolledBack = "rolled_back"

    /// The states under way, as SQL text (for the stores' one-active-attempt index and queries).
    public static var activeSQL: String {
        "(" + allCases.filter(\.isActive).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// Whether an attempt in this state is still under way (at most one per model is).
    public var isActive: Bool {
        switch self {
        case .triggered, .training, .gating, .awaitingApproval, .approved, .canary, .promoting, .verifying: true
        case .watching, .promoted, .rejected, .failed, .rolledBack: false
        }
    }

    /// Whether the attempt waits here for something outside the process (live rows, a person)
    /// rather than for a step the process takes: a restart while waiting is no crash loop.
    public var waitsForEvents: Bool {
        switch self {
        case .awaitingApproval, .canary, .verifying: true
        default: false
        }
    }

    /// The steps an attempt may take from this state.
    public var next: Set<LoopState> {
        switch self {
        case .triggered: [.training, .failed]
        case .training: [.gating, .failed]
        case .gating: [.promoting, .canary, .awaitingApproval, .rejected, .failed]
        case .awaitingApproval: [.approved, .rejected, .failed]
        case .approved: [.promoting, .canary, .failed]
        case .canary: [.canary, .promoting, .rolledBack, .failed]
        case .promoting: [.verifying, .failed]
        case .verifying: [.promoted, .rolledBack, .failed]
        case .watching, .promoted, .rejected, .failed, .rolledBack: []
        }
    }
}

/// One retrain attempt: why it started, where it stands, and what it measured.
public struct RetrainAttempt: Sendable, Equatable, Codable {
    /// The transition-log note of a resume (a process picking the attempt up at its state).
    public static let resumedNote = "resumed"
    /// Resumes at one state after which the attempt ends `failed` instead: the step stopped the
    /// process every time (a crash loop), so resuming it again would only repeat that.
    public static let maximumResumes = 1

    public var id: Int64
    public var model: String
    public var state: LoopState
    /// What started it: `drift`, `accuracy`, `prediction_drift`, `alertmanager`, `manual`, with detail.
    public var trigger: String
    public var startedAt: Date
    public var updatedAt: Date
    /// The champion when the attempt started (the version a rollback returns to).
    public var championVersion: Int?
    public var challengerVersion: Int?
    /// The gate's metric and both models' scores on the held-out rows.
    public var metric: String?
    public var championScore: Double?
    public var challengerScore: Double?
    /// The verification's measurement of the new champion in production.
    public var verifiedScore: Double?
    /// Why the attempt ended as it did (or the last step's note).
    public var detail: String

    public init(id: Int64, model: String, state: LoopState, trigger: String, startedAt: Date, updatedAt: Date, championVersion: Int?,
                challengerVersion: Int? = nil, metric: String? = nil, championScore: Double? = nil, challengerScore: Double? = nil,
                verifiedScore: Double? = nil, detail: String = "") {
        self.id = id
        self.model = model
        self.state = state
        self.trigger = trigger
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.championVersion = championVersion
        self.challengerVersion = challengerVersion
        self.metric = metric
        self.championScore = championScore
        self.challengerScore = challengerScore
        self.verifiedScore = verifiedScore
        self.detail = detail
    }
}

/// What a step of an attempt records, besides its new state.
public struct AttemptUpdate: Sendable, Equatable {
    public var challengerVersion: Int?
    public var metric: String?
    public var championScore: Double?
    public var challengerScore: Double?
    public var verifiedScore: Double?
    public var detail: String?

    public init(challengerVersion: Int? = nil, metric: String? = nil, championScore: Double? = nil, challengerScore: Double? = nil,
                verifiedScore: Double? = nil, detail: String? = nil) {
        self.challengerVersion = challengerVersion
        self.metric = metric
        self.championScore = championScore
        self.challengerScore = challengerScore
        self.verifiedScore = verifiedScore
        self.detail = detail
    }

    func apply(to attempt: inout RetrainAttempt) {
        if let challengerVersion { attempt.challengerVersion = challengerVersion }
        if let metric { attempt.metric = metric }
        if let championScore { attempt.championScore = championScore }
        if let challengerScore { attempt.challengerScore = challengerScore }
        if let verifiedScore { attempt.verifiedScore = verifiedScore }
        if let detail { attempt.detail = detail }
    }
}

/// An alias move made in the same transaction as a step (promotion, rollback).
public struct AttemptAliasMove: Sendable, Equatable {
    public var alias: String
    public var version: Int
    public var kind: AliasMoveKind
    public var reason: String
    public var actor: String

    public init(alias: String = "champion", version: Int, kind: AliasMoveKind, reason: String, actor: String) {
        self.alias = alias
        self.version = version
        self.kind = kind
        self.reason = reason
        self.actor = actor
    }
}

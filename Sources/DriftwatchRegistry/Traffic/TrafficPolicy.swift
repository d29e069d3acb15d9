import Foundation

/// How a predictor shares requests between the champion and a challenger.
public enum TrafficMode: String, Sendable, Codable, CaseIterable {
    /// The challenger scores every request too; its answer is logged, never returned.
    case shadow
    /// A small, growing share of requests is answered by the challenger (a release).
    case canary
    /// A fixed share of requests is answered by the challenger (an experiment).
    case ab
}

/// The traffic policy of a model, as the registry keeps it: at most one per model. Predictors
/// follow it like an alias; the retrain loop moves it during a canary rollout.
public struct TrafficPolicy: Sendable, Equatable, Codable {
    public var model: String
    public var mode: TrafficMode
    /// The alias whose version is the challenger (never `champion`).
    public var challengerAlias: String
    /// Percentage of requests (0–100) answered by the challenger; 0 for shadow, which answers none.
    public var weight: Double
    /// A request field whose value routes the request (the same value always lands on the same
    /// version for a given weight); nil routes by the `Driftwatch-Routing-Key` header or at random.
    public var key: String?
    public var updatedAt: Date

    public init(model: String, mode: TrafficMode, challengerAlias: String, weight: Double, key: String?, updatedAt: Date) {
        self.model = model
        self.mode = mode
        self.challengerAlias = challengerAlias
        self.weight = weight
        self.key = key
        self.updatedAt = updatedAt
    }
}

/// What a caller asks the policy to become; nil in its place turns traffic splitting off.
public struct TrafficRequest: Sendable, Equatable {
    public var mode: TrafficMode
    public var challengerAlias: String
    public var weight: Double
    public var key: String?

    public init(mode: TrafficMode, challengerAlias: String = "challenger", weight: Double, key: String? = nil) {
        self.mode = mode
        self.challengerAlias = challengerAlias
        self.weight = mode == .shadow ? 0 : weight
        self.key = key
    }

    /// Refuses a weight outside 0–100, the champion as its own challenger, and a bad alias or key name.
    func validate() throws {
        guard weight.isFinite, (0...100).contains(weight) else { throw RegistryError.invalidTraffic("weight must be a percentage between 0 and 100, got \(weight)") }
        guard challengerAlias != "champion" else { throw RegistryError.invalidTraffic("the challenger alias cannot be 'champion': it is what the challenger is compared with") }
        try RegistryError.validate(name: challengerAlias)
        if let key, key.isEmpty || key.count > 128 { throw RegistryError.invalidTraffic("the routing key must be a field name of 1 to 128 characters") }
    }

    /// Refuses a second policy while another mode is in force: one is turned off before the next starts.
    func checkAgainst(_ current: TrafficPolicy?) throws {
        guard let current, current.mode != mode || current.challengerAlias != challengerAlias else { return }
        throw RegistryError.trafficConflict(model: current.model, current: "\(current.mode.rawValue) of alias '\(current.challengerAlias)'")
    }
}

/// One entry of the append-only audit log of traffic changes.
public struct TrafficChange: Sendable, Equatable, Codable {
    public var id: Int64
    public var model: String
    /// The mode before and after (nil: no policy).
    public var fromMode: TrafficMode?
    public var toMode: TrafficMode?
    public var fromWeight: Double?
    public var toWeight: Double?
    public var challengerAlias: String?
    public var reason: String
    public var actor: String
    public var at: Date

    public init(id: Int64, model: String, fromMode: TrafficMode?, toMode: TrafficMode?, fromWeight: Double?, toWeight: Double?, challengerAlias: String?,
                reason: String, actor: String, at: Date) {
        self.id = id
        self.model = model
        self.fromMode = fromMode
        self.toMode = toMode
        self.fromWeight = fromWeight
        self.toWeight = toWeight
        self.challengerAlias = challengerAlias
        self.reason = reason
        self.actor = actor
        self.at = at
    }
}

/// A traffic change made in the same transaction as a retrain attempt's step (a canary's next
/// weight, its rollback to 0, the policy's end at promotion).
public struct TrafficStep: Sendable, Equatable {
    /// The policy afterwards; nil turns it off.
    public var request: TrafficRequest?
    public var reason: String
    public var actor: String

    public init(request: TrafficRequest?, reason: String, actor: String) {
        self.request = request
        self.reason = reason
        self.actor = actor
    }
}

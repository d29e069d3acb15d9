import DriftwatchData
import DriftwatchRegistry
import Yams

/// How a challenger that passed the offline gate reaches production: the `loop.rollout` section.
///
/// ```yaml
/// rollout: {mode: canary, steps: [5, 25, 50, 100], min_rows: 200, require: not_worse, key: user_id}
/// ```
/// `direct` promotes at once (then verifies); `shadow` has the challenger score every request
/// unreturned until `min_rows` labelled rows compare it with the champion; `canary` sends it
/// `steps` percent of requests in turn, each for `min_rows` labelled challenger rows. Every step
/// needs the challenger not significantly worse (`require: not_worse`) — or, at the last step,
/// significantly better (`require: better`, given up after `max_rows` rows); a worse challenger
/// is rolled back at once.
public struct Rollout: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case direct, shadow, canary
    }

    public enum Requirement: String, Sendable, CaseIterable {
        case notWorse = "not_worse"
        case better
    }

    public var mode = Mode.direct
    /// Canary weights in percent, increasing, the last at most 100.
    public var steps: [Double] = [5, 25, 50, 100]
    /// Labelled challenger rows each step waits for.
    public var minRows = 200
    public var require = Requirement.notWorse
    /// With `require: better`, the last step gives up after this many labelled challenger rows.
    public var maxRows = 2_000
    /// The request field that routes canary traffic (nil: the routing header, else at random).
    public var key: String?

    public init() {}

    /// What to do next, given the comparison and the labelled challenger rows at this step.
    public enum Decision: Sendable, Equatable {
        case wait
        case widen(to: Double)
        case promote
        case rollBack(String)
    }

    /// The next move of a rollout at `weight` (nil in shadow) after `rows` labelled challenger
    /// rows at this step.
    public func decide(_ comparison: ChallengerComparison?, weight: Double?, rows: Int) -> Decision {
        guard let comparison, comparison.verdict != .insufficient else { return .wait }
        if comparison.verdict == .worse {
            return .rollBack("challenger worse than the champion (\(comparison.test), p = \(RetrainCoordinator.format(comparison.pValue)), loss \(RetrainCoordinator.format(comparison.challengerLoss)) vs \(RetrainCoordinator.format(comparison.championLoss)))")
        }
        guard rows >= minRows else { return .wait }
        let next = weight.flatMap { current in steps.first { $0 > current } }
        if let next { return .widen(to: next) }
        // The last step (or shadow): promotion.
        if require == .better && comparison.verdict != .better {
            return rows >= maxRows ? .rollBack("challenger not shown better after \(rows) labelled rows (p = \(RetrainCoordinator.format(comparison.pValue)))") : .wait
        }
        return .promote
    }

    /// The traffic policy a rollout starts with.
    func firstRequest() -> TrafficRequest? {
        switch mode {
        case .direct: nil
        case .shadow: TrafficRequest(mode: .shadow, weight: 0, key: key)
        case .canary: TrafficRequest(mode: .canary, weight: steps[0], key: key)
        }
    }

    static let knownKeys = ["mode", "steps", "min_rows", "require", "max_rows", "key"]

    static func parse(_ node: Node, source: String) throws -> Rollout {
        let section = try ConfigurationSection(node, path: "loop.rollout", known: knownKeys, source: source)
        var rollout = Rollout()
        if let mode: Mode = try section.choice("mode", "must be direct, shadow or canary") { rollout.mode = mode }
        if let value = section["steps"] {
            guard let steps = value.sequence?.compactMap(\.float), steps.count == value.sequence?.count, !steps.isEmpty,
                  steps.allSatisfy({ $0 > 0 && $0 <= 100 }), zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw section.error("steps", "loop.rollout.steps must be increasing percentages in (0, 100], e.g. [5, 25, 50, 100]")
            }
            rollout.steps = steps
        }
        if let value = try section.whole("min_rows", minimum: 2) { rollout.minRows = value }
        if let requirement: Requirement = try section.choice("require", "must be not_worse or better") { rollout.require = requirement }
        if let value = try section.whole("max_rows", minimum: 2) { rollout.maxRows = value }
        if let value = section["key"] {
            guard let field = value.string, !field.isEmpty else { throw section.error("key", "loop.rollout.key must be a field name") }
            rollout.key = field
        }
        guard rollout.maxRows >= rollout.minRows else { throw DataError(file: source, line: node.mark?.line, "loop.rollout.max_rows must be at least min_rows") }
        return rollout
    }
}

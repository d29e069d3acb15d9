import DriftwatchLearning

/// The recent production rows an evaluation looks at, in bounded memory whatever the traffic.
///
/// - `.rows(n)`: the last `n` rows.
/// - `.time(seconds, maxRows)`: rows received in the last `seconds`; when more than `maxRows`
///   arrive within that span, a uniform sample of `maxRows` of them is kept (reservoir sampling,
///   Vitter's Algorithm R) and the rows left out are counted.
public struct SlidingWindow: Sendable {
    public enum Policy: Sendable, Equatable {
        case rows(Int)
        case time(seconds: Double, maxRows: Int)
    }

    public let policy: Policy
    /// Rows in arrival order (a reservoir replacement keeps the replaced row's place).
    public private(set) var rows: [ObservedRow] = []
    /// Rows that arrived but were left out of a full time window by the reservoir.
    public private(set) var sampledOut = 0
    /// Rows seen since the oldest kept row arrived: the reservoir's denominator.
    private var seenInSpan = 0
    private var generator: AgentRandom

    public init(policy: Policy, seed: UInt64 = 1) {
        switch policy {
        case .rows(let n): precondition(n > 0)
        case .time(let seconds, let maxRows): precondition(seconds > 0 && maxRows > 0)
        }
        self.policy = policy
        generator = AgentRandom(seed: seed)
    }

    public var count: Int { rows.count }

    /// Adds rows that arrived at `now` (seconds since 1970).
    public mutating func append(_ incoming: [ObservedRow], now: Double) {
        switch policy {
        case .rows(let capacity):
            rows.append(contentsOf: incoming)
            if rows.count > capacity { rows.removeFirst(rows.count - capacity) }
        case .time(let seconds, let capacity):
            expire(olderThan: now - seconds)
            for row in incoming {
                seenInSpan += 1
                if rows.count < capacity {
                    rows.append(row)
                } else {
                    // Algorithm R: keep the new row with probability capacity / seen, in place of a random kept one.
                    let slot = Int(generator.next() % UInt64(seenInSpan))
                    if slot < capacity {
                        rows[slot] = row
                    }
                    sampledOut += 1
                }
            }
        }
    }

    /// Drops rows received before `cutoff` (time windows only; call before evaluating).
    public mutating func expire(olderThan cutoff: Double) {
        guard case .time = policy else { return }
        let before = rows.count
        rows.removeAll { $0.receivedAt < cutoff }
        if rows.count < before { seenInSpan = max(rows.count, seenInSpan - (before - rows.count)) }
        if rows.isEmpty { seenInSpan = 0 }
    }

    /// Puts back rows saved before a restart (oldest first), keeping the policy's bound.
    public mutating func restore(_ saved: [ObservedRow]) {
        rows = []
        seenInSpan = 0
        switch policy {
        case .rows(let capacity): rows = Array(saved.suffix(capacity))
        case .time(_, let capacity): rows = Array(saved.suffix(capacity))
        }
        seenInSpan = rows.count
    }

    /// Attaches ground truth to the row with this id; false when no row in the window has it.
    @discardableResult
    public mutating func label(id: String, actual: FeatureInput) -> Bool {
        guard let index = rows.lastIndex(where: { $0.id == id }) else { return false }
        rows[index].actual = actual
        return true
    }
}

/// SplitMix64, for the reservoir's choices.
struct AgentRandom: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return RowSampler.mix(state &- 0x9E37_79B9_7F4A_7C15)
    }
}

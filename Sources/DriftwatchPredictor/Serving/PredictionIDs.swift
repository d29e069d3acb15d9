import NIOConcurrencyHelpers

/// Prediction ids: a random per-process prefix and a counter, unique across restarts and cheap to make.
final class PredictionIDs: Sendable {
    private let prefix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    private let counter = NIOLockedValueBox<UInt64>(0)

    func next(_ count: Int) -> [String] {
        let first = counter.withLockedValue { value -> UInt64 in
            let first = value
            value += UInt64(count)
            return first
        }
        return (0..<UInt64(count)).map { "\(prefix)-\(String(first + $0, radix: 16))" }
    }
}

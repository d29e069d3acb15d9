import DriftwatchRegistry
import NIOConcurrencyHelpers

/// The traffic policy in force and the challenger version it sends requests to, swapped together
/// in one step when either changes, like ``ModelSlot``.
public final class ChallengerSlot: Sendable {
    public struct Traffic: Sendable {
        public let policy: TrafficPolicy
        public let model: ServingModel
    }

    private let current = NIOLockedValueBox<Traffic?>(nil)

    public init() {}

    public var traffic: Traffic? { current.withLockedValue { $0 } }

    func replace(with traffic: Traffic?) {
        current.withLockedValue { $0 = traffic }
    }
}

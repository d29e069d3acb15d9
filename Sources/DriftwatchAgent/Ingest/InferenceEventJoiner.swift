import Foundation

/// Holds each inference's first half until the other arrives (KServe's logger sends the request
/// and the response as separate events, in either order), bounded: past `capacity` waiting halves
/// the oldest is dropped and counted, so a stream of unpaired events cannot grow memory without end.
actor InferenceEventJoiner {
    private var pending: [String: InferenceEvent] = [:]
    /// Ids in arrival order; ids already paired are skipped, and swept when the list doubles.
    private var order: [String] = []
    let capacity: Int
    private(set) var dropped = 0

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The request and response when `event` completes a pair; nil while it waits for the other half.
    func take(_ event: InferenceEvent) -> (request: InferenceEvent, response: InferenceEvent)? {
        if let other = pending[event.id], other.kind != event.kind {
            pending[event.id] = nil
            return event.kind == .request ? (event, other) : (other, event)
        }
        if pending[event.id] == nil { order.append(event.id) }
        pending[event.id] = event
        if order.count > 2 * capacity { order = order.filter { pending[$0] != nil } }
        var first = 0
        while pending.count > capacity, first < order.count {
            if pending.removeValue(forKey: order[first]) != nil { dropped += 1 }
            first += 1
        }
        if first > 0 { order.removeFirst(first) }
        return nil
    }

    var waiting: Int { pending.count }
}

import Foundation
import NIOConcurrencyHelpers

/// Hands a batch run's predictions to the prediction log in groups, written off the scoring
/// thread, with at most `depth` groups waiting: memory stays bounded whatever the file's size,
/// and the scoring thread waits when the database falls behind. The first failed write stops the
/// run (``send(_:)`` throws it).
final class BatchLogWriter: Sendable {
    let store: any PredictionLogStore
    let instance: String
    private let slots: DispatchSemaphore
    private let continuation: AsyncStream<[PendingPrediction]>.Continuation
    private let failure = NIOLockedValueBox<(any Error)?>(nil)
    private let consumer: Task<Int, Never>

    init(log: PredictionLog, instance: String, depth: Int = 4) {
        store = log.store
        self.instance = instance
        let slots = DispatchSemaphore(value: depth)
        self.slots = slots
        let (stream, continuation) = AsyncStream.makeStream(of: [PendingPrediction].self)
        self.continuation = continuation
        let failure = failure, store = store
        consumer = Task {
            var written = 0
            for await batch in stream {
                if failure.withLockedValue({ $0 == nil }) {
                    do {
                        try await store.append(batch, instance: instance)
                        written += batch.count
                    } catch {
                        failure.withLockedValue { $0 = error }
                    }
                }
                slots.signal()
            }
            return written
        }
    }

    /// Queues a group for writing, waiting (on this thread) while `depth` groups wait already.
    func send(_ batch: [PendingPrediction]) throws {
        if let error = failure.withLockedValue({ $0 }) { throw error }
        slots.wait()
        continuation.yield(batch)
    }

    /// Waits for every queued group; the number of predictions written.
    func finish() async throws -> Int {
        continuation.finish()
        let written = await consumer.value
        if let error = failure.withLockedValue({ $0 }) { throw error }
        return written
    }
}

import DriftwatchRegistry
import Foundation
import NIOConcurrencyHelpers

/// The durable prediction log, fed through a bounded in-memory queue that a background writer
/// empties in batches, so requests never wait on the database. A full queue drops (and counts)
/// instead of blocking. A batch whose write fails goes back to the head of the queue and is
/// written again at the next flush (counted as a write failure each time): losing the database
/// for a while costs queue space, not logged predictions.
public final class PredictionLog: Sendable {
    let store: any PredictionLogStore
    let capacity: Int
    let metrics: PredictorMetrics
    /// The replica this predictor is, recorded with each of its predictions.
    public let instance: String
    private let queue = NIOLockedValueBox<Queue>(Queue())
    /// Entries enqueued and entries written since the log opened: both grow in queue order (a
    /// failed batch goes back to the head), so an entry is written once `written` passes its ticket.
    struct Queue {
        var entries: [PendingPrediction] = []
        var enqueued = 0
        var written = 0
    }
    /// The newest flush: each flush waits for the one before it, so batches reach the store in
    /// queue order and a failed batch is back at the head before the next one is taken.
    private let lastFlush = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(store: any PredictionLogStore, instance: String, capacity: Int, metrics: PredictorMetrics) {
        self.store = store
        self.instance = instance
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Opens the log at `location`: a `postgres://` URL or an SQLite file path.
    public static func open(_ location: String, instance: String, capacity: Int, metrics: PredictorMetrics) async throws -> PredictionLog {
        let store: any PredictionLogStore
        if PostgresLocation.isURL(location) {
            store = try await PostgresPredictionLogStore.open(PostgresLocation(url: location))
        } else {
            do {
                store = try SQLitePredictionLogStore(path: location)
            } catch {
                throw RegistryError.cannotOpen(path: location, reason: "cannot open the prediction log (\(error))")
            }
        }
        return PredictionLog(store: store, instance: instance, capacity: capacity, metrics: metrics)
    }

    public var location: String { store.location }

    /// Predictions queued and not yet written.
    public var pending: Int { queue.withLockedValue { $0.entries.count } }

    /// Queues predictions for writing; returns their ticket for ``commit(through:)``, or nil (and
    /// counts them as dropped) when the queue is full.
    @discardableResult
    func enqueue(_ entries: [PendingPrediction]) -> Int? {
        let ticket = queue.withLockedValue { queue -> Int? in
            guard queue.entries.count + entries.count <= capacity else { return nil }
            queue.entries.append(contentsOf: entries)
            queue.enqueued += entries.count
            return queue.enqueued
        }
        if ticket == nil { metrics.dropped(entries.count) }
        return ticket
    }

    /// Waits until the entries up to `ticket` are in the store; false when a write failed first
    /// (they stay queued and are written when the store recovers). Requests that wait together
    /// share one transaction: the first flush writes everything queued by then.
    func commit(through ticket: Int) async -> Bool {
        if queue.withLockedValue({ $0.written >= ticket }) { return true }
        await flush()
        return queue.withLockedValue { $0.written >= ticket }
    }

    /// Writes everything queued so far, in one transaction; returns whether the queue was written.
    @discardableResult
    public func flush() async -> Bool {
        let task = lastFlush.withLockedValue { last -> Task<Void, Never> in
            let previous = last
            let next = Task { [self] in
                await previous?.value
                await writeQueued()
            }
            last = next
            return next
        }
        await task.value
        return pending == 0
    }

    private func writeQueued() async {
        let batch = queue.withLockedValue { queue -> [PendingPrediction] in
            let batch = queue.entries
            queue.entries.removeAll(keepingCapacity: true)
            return batch
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.append(batch, instance: instance)
            queue.withLockedValue { $0.written += batch.count }
            metrics.logged(batch.count)
        } catch {
            metrics.writeFailed(batch.count)
            queue.withLockedValue { $0.entries.insert(contentsOf: batch, at: 0) }
        }
    }

    /// Records ground truth for a logged prediction; false when no prediction has that id.
    public func feedback(id: String, actual: String) async throws -> Bool {
        await flush()  // a prediction may still be queued
        return try await store.recordFeedback(id: id, actual: actual, at: Date().timeIntervalSince1970)
    }

    /// Logged predictions with `seq > after`, oldest first: this replica's, or every replica's
    /// when `instance` is nil.
    public func page(after: Int64, limit: Int, instance: String?) async throws -> [LoggedPrediction] {
        try await store.page(after: after, limit: limit, instance: instance)
    }

    public func applyRetention(maxRows: Int, maxAge: Duration?) async throws {
        try await store.applyRetention(maxRows: maxRows, maxAge: maxAge)
    }
}

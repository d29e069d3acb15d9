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
    private let queue = NIOLockedValueBox<[PendingPrediction]>([])
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
    public var pending: Int { queue.withLockedValue { $0.count } }

    /// Queues predictions for writing; false (and counted as dropped) when the queue is full.
    @discardableResult
    func enqueue(_ entries: [PendingPrediction]) -> Bool {
        let accepted = queue.withLockedValue { queue -> Bool in
            guard queue.count + entries.count <= capacity else { return false }
            queue.append(contentsOf: entries)
            return true
        }
        if !accepted { metrics.dropped(entries.count) }
        return accepted
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
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            return batch
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.append(batch, instance: instance)
            metrics.logged(batch.count)
        } catch {
            metrics.writeFailed(batch.count)
            queue.withLockedValue { $0.insert(contentsOf: batch, at: 0) }
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

import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import DriftwatchPredictor

/// Predictor replicas on a PostgreSQL registry and prediction log: one ordered cursor over every
/// replica's predictions, writes that survive a lost database, and reloads announced by NOTIFY.
@Suite struct PostgresServingTests {
    func entries(_ prefix: String, _ count: Int) -> [PendingPrediction] {
        (0..<count).map { PendingPrediction(id: "\(prefix)-\($0)", timestamp: Double($0), modelVersion: 1, features: "{\"x\":\($0)}", prediction: Double($0)) }
    }

    /// Two replicas write batches at once while a reader follows the cursor: every prediction is
    /// read exactly once, in increasing `seq`, each replica's in the order it served them.
    @Test func manyWritersOneCursorLosesAndRepeatsNothing() async throws {
        let url = try await PostgresCluster.database("log")
        let metrics = PredictorMetrics(version: "test")
        let logs = [try await PredictionLog.open(url, instance: "a", capacity: 100_000, metrics: metrics),
                    try await PredictionLog.open(url, instance: "b", capacity: 100_000, metrics: metrics)]
        let reader = try await PredictionLog.open(url, instance: "reader", capacity: 10, metrics: metrics)
        let batches = 40, batchSize = 25
        async let written: Void = withThrowingTaskGroup(of: Void.self) { group in
            for (log, name) in zip(logs, ["a", "b"]) {
                group.addTask {
                    for batch in 0..<batches {
                        log.enqueue(self.entries("\(name)\(batch)", batchSize))
                        await log.flush()
                    }
                }
            }
            try await group.waitForAll()
        }
        var read: [LoggedPrediction] = [], cursor: Int64 = 0
        let total = 2 * batches * batchSize, deadline = ContinuousClock.now + .seconds(60)
        while read.count < total && ContinuousClock.now < deadline {
            let page = try await reader.page(after: cursor, limit: 37, instance: nil)
            read += page
            cursor = page.last?.seq ?? cursor
        }
        try await written
        #expect(read.count == total)
        #expect(Set(read.map(\.id)).count == total)
        #expect(zip(read, read.dropFirst()).allSatisfy { $0.seq < $1.seq })
        for name in ["a", "b"] {
            let mine = read.filter { $0.instance == name }.map(\.id)
            #expect(mine == (0..<batches).flatMap { batch in (0..<batchSize).map { "\(name)\(batch)-\($0)" } })
            // A replica's own page holds only its predictions.
            #expect(try await logs[0].page(after: 0, limit: 10_000, instance: name).map(\.id) == mine)
        }
    }

    /// A store that fails its first writes, standing in for a database that went away.
    final class FlakyStore: PredictionLogStore, @unchecked Sendable {
        let inner: any PredictionLogStore
        private let lock = NSLock()
        private var failuresLeft: Int
        var location: String { inner.location }

        init(_ inner: any PredictionLogStore, failures: Int) {
            self.inner = inner
            failuresLeft = failures
        }

        struct Lost: Error {}

        func append(_ batch: [PendingPrediction], instance: String) async throws {
            let fail = lock.withLock { () -> Bool in
                guard failuresLeft > 0 else { return false }
                failuresLeft -= 1
                return true
            }
            if fail { throw Lost() }
            try await inner.append(batch, instance: instance)
        }
        func recordFeedback(id: String, actual: String, at: Double) async throws -> Bool { try await inner.recordFeedback(id: id, actual: actual, at: at) }
        func page(after: Int64, limit: Int, instance: String?) async throws -> [LoggedPrediction] { try await inner.page(after: after, limit: limit, instance: instance) }
        func applyRetention(maxRows: Int, maxAge: Duration?) async throws {}
    }

    @Test func failedWritesAreCountedAndRetriedInOrder() async throws {
        let url = try await PostgresCluster.database("flaky")
        let metrics = PredictorMetrics(version: "test")
        let store = FlakyStore(try await PostgresPredictionLogStore.open(PostgresLocation(url: url)), failures: 2)
        let log = PredictionLog(store: store, instance: "a", capacity: 1_000, metrics: metrics)
        log.enqueue(entries("first", 10))
        #expect(await log.flush() == false)
        log.enqueue(entries("second", 10))
        #expect(await log.flush() == false)
        #expect(log.pending == 20)
        #expect(await log.flush())
        let logged = try await log.page(after: 0, limit: 100, instance: nil).map(\.id)
        #expect(logged == entries("first", 10).map(\.id) + entries("second", 10).map(\.id))
        let exposition = metrics.render()
        #expect(exposition.contains("driftwatch_predictor_prediction_log_write_failures_total 30"), "\(exposition)")
        #expect(exposition.contains("driftwatch_predictor_predictions_logged_total 20"))
        // A batch written twice (its commit confirmed only the second time) is logged once.
        try await store.inner.append(entries("first", 3), instance: "a")
        #expect(try await log.page(after: 0, limit: 100, instance: nil).count == 20)
    }

    /// A real lost connection: the server ends the predictor's sessions mid-stream; the log
    /// reconnects and nothing queued is lost or doubled.
    @Test func terminatedSessionsLoseNothing() async throws {
        let url = try await PostgresCluster.database("lost")
        let metrics = PredictorMetrics(version: "test")
        let log = try await PredictionLog.open(url, instance: "a", capacity: 100_000, metrics: metrics)
        let admin = try await PostgresPool.open(PostgresLocation(url: url))
        for round in 0..<10 {
            log.enqueue(entries("r\(round)", 20))
            if round % 3 == 1 {
                try await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            }
            var written = await log.flush()
            for _ in 0..<20 where !written {
                try await Task.sleep(for: .milliseconds(100))
                written = await log.flush()
            }
            #expect(written, "round \(round) still queued")
        }
        let ids = try await log.page(after: 0, limit: 1_000, instance: "a").map(\.id)
        #expect(ids == (0..<10).flatMap { round in entries("r\(round)", 20).map(\.id) })
    }

    /// Reloads are announced: with polling every 60 s, a promotion by another process still
    /// reaches the serving replica within seconds.
    @Test func replicasReloadWhenThePromotionIsAnnounced() async throws {
        let url = try await PostgresCluster.database("serve")
        let fixture = try await PredictorFixture(registry: url)
        try await fixture.register(slope: 3)
        try await fixture.register(slope: 5)
        try await fixture.registry.promote(model: "rides", version: 1, reason: "start", actor: "test")
        let replicas = [try await fixture.predictor(reloadInterval: .seconds(60), registryURL: url, instance: "r1"),
                        try await fixture.predictor(reloadInterval: .seconds(60), registryURL: url, instance: "r2")]
        #expect(replicas.allSatisfy { $0.slot.model?.version == 1 })
        let logger: Logger = {
            var logger = Logger(label: "test")
            logger.logLevel = .error
            return logger
        }()
        let registry = fixture.registry
        try await withThrowingTaskGroup(of: Void.self) { group in
            for replica in replicas {
                group.addTask {
                    let app = Application(router: replica.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                          services: replica.services(logger: logger), logger: logger)
                    try await app.test(.live) { client in
                        // Predictions of both replicas land in the shared log under their names.
                        let response = try await client.execute(uri: "/predict", method: .post, headers: [.contentType: "application/json"],
                                                                body: ByteBuffer(string: #"{"distance": 2, "zone": "b"}"#))
                        #expect(response.status == .ok)
                        if replica.log.instance == "r1" {
                            try await Task.sleep(for: .milliseconds(500))  // both replicas listening
                            try await registry.promote(model: "rides", version: 2, reason: "better", actor: "test")
                        }
                        let deadline = ContinuousClock.now + .seconds(10)
                        while replica.slot.model?.version != 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
                        #expect(replica.slot.model?.version == 2, "replica \(replica.log.instance) still serves \(replica.slot.model?.version ?? 0)")
                        let ours = try await client.execute(uri: "/v1/predictions?after=0", method: .get)
                        let page = try JSONSerialization.jsonObject(with: Data(buffer: ours.body)) as? [String: Any]
                        let items = page?["predictions"] as? [[String: Any]] ?? []
                        #expect(items.allSatisfy { $0["instance"] as? String == replica.log.instance })
                    }
                }
            }
            try await group.waitForAll()
        }
        let all = try await replicas[0].log.page(after: 0, limit: 100, instance: nil)
        #expect(Set(all.map(\.instance)) == ["r1", "r2"])
    }
}

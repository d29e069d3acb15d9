import DriftStatistics
import DriftwatchLearning
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchAgent

@Suite struct AgentStateTests {
    func statePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("agent.sqlite").path
    }

    @Test func aRestartResumesTheWindowAndTheSourcePositions() async throws {
        let path = try statePath()
        let first = AgentRouteTests().agent(minRows: 100)
        try await first.attach(AgentStateStore(path: path))
        var rows: [ObservedRow] = []
        for i in 0..<150 {
            let x = Double(i % 100)
            let values: [String: FeatureInput] = ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x + 0.5)]
            let actual: FeatureInput? = i == 7 ? .number(14) : nil
            rows.append(ObservedRow(id: "r\(i)", values: values, actual: actual, receivedAt: 1_800_000_000))
        }
        await first.ingest(rows, source: "pull", position: "150")
        try await first.persist()
        // Rows read after the last save are not in the saved state, and neither is their position.
        await first.ingest([ObservedRow(id: "late", values: ["x": .number(1)], receivedAt: 1_800_000_001)], source: "pull", position: "151")

        let second = AgentRouteTests().agent(minRows: 100)
        try await second.attach(AgentStateStore(path: path))
        #expect(await second.windowRows == 150)
        #expect(await second.positions == ["pull": "150"])
        // The restored window is evaluated at once, with the saved label.
        let snapshot = try #require(await second.latest)
        #expect(snapshot.windowRows == 150)
        #expect(snapshot.accuracy?.labelledRows == 1)
    }

    /// What a pushing client was told was taken survives a crash: the answer comes after the save.
    @Test func pushedRowsAndLabelsAreSavedBeforeTheyAreAcknowledged() async throws {
        let path = try statePath()
        let agent = AgentRouteTests().agent()
        try await agent.attach(AgentStateStore(path: path))
        let app = Application(router: agent.buildRouter())
        let json: HTTPFields = [.contentType: "application/json"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/ingest", method: .post, headers: json, body: ByteBuffer(string: AgentRouteTests().records(50))) { response in
                #expect(response.status == .ok)
            }
            // No evaluation or timed save ran: what another process finds is what the answers promised.
            #expect(try AgentStateStore(path: path).load().rows.count == 50)
            // Clients labelling at once share saves; every acknowledged label is in the file.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        try await client.execute(uri: "/v1/labels", method: .post, headers: json, body: ByteBuffer(string: #"{"id": "r\#(i)", "actual": \#(i)}"#)) { response in
                            #expect(String(buffer: response.body) == #"{"matched":1,"unmatched":0}"#)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let saved = try AgentStateStore(path: path).load().rows
            #expect(Dictionary(uniqueKeysWithValues: saved.compactMap { row in row.actual.map { (row.id ?? "", $0) } }) ==
                    Dictionary(uniqueKeysWithValues: (0..<20).map { ("r\($0)", FeatureInput.number(Double($0))) }))
        }
    }

    @Test func aPushThatCannotBeSavedIsAnswered503() async throws {
        let path = try statePath()
        let agent = AgentRouteTests().agent()
        try await agent.attach(AgentStateStore(path: path))
        let other = try DatabaseQueue(path: path)
        try await other.write { db in try db.execute(sql: "DROP TABLE window_row") }
        try other.close()
        let app = Application(router: agent.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: AgentRouteTests().records(5))) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("the rows were taken but could not be saved to the state file"))
            }
        }
    }

    @Test func theLastSnapshotIsServedAfterARestartUntilTheWindowRefills() async throws {
        let path = try statePath()
        let first = AgentRouteTests().agent(minRows: 100)
        try await first.attach(AgentStateStore(path: path))
        await first.ingest((0..<150).map { i in
            let x = Double(i % 100) + 40
            return ObservedRow(id: "r\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x + 0.5)], receivedAt: 1_800_000_000)
        })
        let snapshot = try #require(try await first.evaluate(now: 1_800_000_100))
        try await first.persist()

        // The next process needs more rows than were saved: it cannot evaluate yet, but /metrics
        // keeps the drift verdict and its true time, and the snapshot API its JSON.
        let second = AgentRouteTests().agent(minRows: 500)
        try await second.attach(AgentStateStore(path: path))
        #expect(await second.latest == nil)
        let metrics = second.exporter.render()
        #expect(metrics.contains("driftwatch_last_evaluation_timestamp_seconds{model=\"rides\"} 1800000100.0"))
        #expect(snapshot.report.columns.first { $0.name == "x" }?.drift == true)
        #expect(metrics.contains("driftwatch_column_drift{model=\"rides\",column=\"x\"} 1.0"))
        #expect(metrics.contains("driftwatch_build_info"))
        let saved = try #require(await second.restored)
        #expect(saved.json.rendered(pretty: false) == snapshot.json.rendered(pretty: false))
        // The saved data renders the same gauges the first process published.
        func gauges(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { $0.hasPrefix("driftwatch_column_") || $0.hasPrefix("driftwatch_dataset_") }.sorted()
        }
        #expect(!gauges(metrics).isEmpty)
        #expect(gauges(metrics) == gauges(first.exporter.render()))
        #expect(await second.statusPage(now: 1_800_000_160).contains("The last evaluation before the restart, 60 s ago"))
    }

    @Test func aSavedSnapshotKeepsValuesThatAreNotFinite() async throws {
        let agent = AgentRouteTests().agent(minRows: 100)
        await agent.ingest((0..<150).map { i in
            ObservedRow(id: "r\(i)", values: ["x": .number(Double(i % 100)), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(Double(i))], receivedAt: 1_800_000_000)
        })
        let evaluated = try #require(try await agent.evaluate(now: 1_800_000_100))
        var report = evaluated.report
        report.columns[0].chiSquare = ChiSquare.Result(statistic: .infinity, pValue: 0, degreesOfFreedom: 2, unexpectedCategories: [3])
        report.columns[0].psi = -.infinity
        let snapshot = Snapshot(model: evaluated.model, modelVersion: 4, evaluatedAt: evaluated.evaluatedAt, duration: evaluated.duration, windowRows: evaluated.windowRows,
                                report: report, accuracy: evaluated.accuracy, violations: evaluated.violations)
        let decoded = try AgentStateStore.decode(AgentStateStore.encode(snapshot))
        #expect(decoded.report == report)
        #expect(decoded.report.columns[0].chiSquare?.statistic == .infinity)
        #expect(decoded.modelVersion == 4)
        #expect(decoded.json.rendered(pretty: false) == snapshot.json.rendered(pretty: false))
    }

    @Test func aStateFileFromBeforeSnapshotsWereDataKeepsItsWindow() async throws {
        let path = try statePath()
        // The v3 layout: the snapshot saved as rendered text.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: agent state'), ('v2: window rows by sequence'), ('v3: last snapshot');
                CREATE TABLE source_position (source TEXT PRIMARY KEY, position TEXT NOT NULL);
                CREATE TABLE window_row (sequence INTEGER PRIMARY KEY, received_at REAL NOT NULL, record TEXT NOT NULL);
                CREATE TABLE last_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), evaluated_at REAL NOT NULL, exposition TEXT NOT NULL, json TEXT NOT NULL);
                INSERT INTO source_position VALUES ('pull', '42');
                INSERT INTO window_row VALUES (1, 1800000000, '{"id": "r1", "x": 3}');
                INSERT INTO last_snapshot VALUES (1, 1800000000, 'driftwatch_column_drift 1', '{}');
                """)
        }
        try old.close()
        let store = try AgentStateStore(path: path)
        #expect(try store.loadSnapshot() == nil)
        let (rows, positions) = try store.load()
        #expect(rows.map(\.id) == ["r1"])
        #expect(positions == ["pull": "42"])
    }

    @Test func fileTailResumesAtTheLastCompleteLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-tail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("rows.jsonl")
        try Data((#"{"id": "1"}"# + "\n" + #"{"id": "2"}"# + "\n" + #"{"id": "#).utf8).write(to: url)
        var tail = FileTail(path: url.path)
        #expect(try tail.read().rows.map(\.id) == ["1", "2"])
        let saved = tail.position
        var resumed = FileTail(path: url.path, position: saved)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\"3\"}\n".utf8))
        try handle.close()
        #expect(try resumed.read().rows.map(\.id) == ["3"])
    }
}

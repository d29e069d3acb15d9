import DriftwatchLearning
import Foundation
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
        #expect(saved.json == snapshot.json.rendered(pretty: false))
        #expect(await second.statusPage(now: 1_800_000_160).contains("The last evaluation before the restart, 60 s ago"))
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

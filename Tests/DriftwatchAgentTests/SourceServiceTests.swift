import DriftwatchData
import Foundation
import Logging
import Testing
@testable import DriftwatchAgent

/// The service that runs polled sources, on a real file and a closed port.
@Suite struct SourceServiceTests {
    func agent(sources: [AgentConfiguration.Source]) throws -> Agent {
        var configuration = AgentConfiguration(model: "rides", reference: .file(path: "unused", schema: nil), drift: AgentConfiguration.defaultDrift)
        configuration.window = .rows(1000)
        configuration.sources = sources
        return try Agent(configuration: configuration, profile: WindowEvaluatorTests().profile(), version: "test")
    }

    func lines(_ range: Range<Int>) -> Data {
        Data(range.map { #"{"id": "r\#($0)", "x": \#($0), "zone": "a", "p": \#(2 * $0)}"# + "\n" }.joined().utf8)
    }

    /// Polls `condition` for up to 30 seconds (a generous deadline for a loaded machine).
    func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<1500 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aTailedFileFeedsTheAgentAndItsPositionFollowsTheLastCompleteLine() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-source-\(UUID().uuidString).jsonl")
        try lines(0..<3).write(to: url)
        let agent = try agent(sources: [.tail(path: url.path, interval: 0.02)])
        let service = SourceService(agent: agent, source: FileTail(path: url.path), interval: .milliseconds(20), logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        #expect(try await eventually { await agent.windowRows == 3 })
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: lines(3..<5) + Data(#"{"id": "half"#.utf8))
        try handle.close()
        #expect(try await eventually { await agent.windowRows == 5 })
        // The saved position ends at the last complete line, not in the half-written one.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(await agent.positions["tail"]?.hasSuffix(":\(size - #"{"id": "half"#.utf8.count)") == true)
        #expect(agent.exporter.render().contains(#"driftwatch_rows_ingested_total{source="tail"} 5"#))
    }

    /// A tailed file that is not there is a counted error with the path, the agent is not ready,
    /// and the file is read once it appears.
    @Test func aMissingTailedFileIsAnErrorUntilItAppears() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-missing-\(UUID().uuidString).jsonl")
        var tail = FileTail(path: url.path)
        #expect { try tail.read() } throws: { "\($0)" == "\(url.path): no such file to tail (read once it exists)" }
        let agent = try agent(sources: [.tail(path: url.path, interval: 0.02)])
        let service = SourceService(agent: agent, source: FileTail(path: url.path), interval: .milliseconds(20), logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        #expect(try await eventually { agent.exporter.render().contains(#"driftwatch_source_errors_total{source="tail"} 1"#) })
        #expect(await agent.isReady == false)
        try lines(0..<3).write(to: url)
        #expect(try await eventually { await agent.windowRows == 3 })
        #expect(await agent.isReady)
    }

    @Test func aSourceThatCannotBeReadIsCountedAndTriedAgain() async throws {
        let agent = try agent(sources: [.pull(url: "http://127.0.0.1:1", interval: 0.02, prediction: nil, instance: nil)])
        let pull = PredictionLogPull(baseURL: URL(string: "http://127.0.0.1:1")!, predictionColumn: "p")
        let service = SourceService(agent: agent, source: pull, interval: .milliseconds(20), logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        // Two failures: the first read and a retry after the backed-off pause.
        #expect(try await eventually { agent.exporter.render().contains(#"driftwatch_source_errors_total{source="pull"} 2"#) })
        #expect(await agent.isReady == false)
    }
}

import DriftwatchTestSupport
import Foundation
import Testing

extension PythonToolTests {
    /// An agent fed the way KServe's inference logger feeds it: request and response CloudEvents per
    /// inference, built with the CloudEvents Python SDK (Tests/DriftwatchCLITests/Fixtures/kserve_logger_events.py),
    /// binary and structured, V1 and V2. Every inference becomes one window row, labels find them by
    /// the inference's id, and the agent evaluates drift and accuracy on them.
    @Suite struct KServeLoggerTests {
        @Test func loggedInferencesBecomeRowsTheAgentEvaluates() async throws {
            let scratch = try CommandRunner.Scratch()
            let port = try freeLoopbackPort()
            let rides = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides")
            let config = scratch.url.appendingPathComponent("agent.yaml").path
            try """
                model: ride-duration
                reference: {file: \(rides.appendingPathComponent("reference.csv").path), schema: \(rides.appendingPathComponent("schema.yaml").path)}
                listen: 127.0.0.1:\(port)
                window: {rows: 2000}
                min_rows: 200
                evaluate_every: 1
                sources: [push]
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config])
            defer { if agent.isRunning { agent.terminate() } }
            let base = "http://127.0.0.1:\(port)"
            try await Loopback.waitFor("the agent", seconds: 60) { (try? await Loopback.request(base + "/health"))?.status == 200 }
            let sent = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                                   ["python3", "Tests/DriftwatchCLITests/Fixtures/kserve_logger_events.py", base, rides.appendingPathComponent("current.csv").path, "300"])
            #expect(sent.status == 0, "\(sent.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [String: Any], "\(sent.stdout)")
            #expect(summary["accepted"] as? Int == 300 && summary["statuses"] as? [Int] == [202], "\(summary)")
            // The rides' true durations, as labels by the inferences' ids.
            let ids = try #require(summary["ids"] as? [String])
            let durations = try String(contentsOf: rides.appendingPathComponent("current.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst().prefix(300)
                .map { $0.split(separator: ",") }
            let labels = zip(ids, durations).map { ["id": $0, "actual": Double($1[9])!] as [String: Any] }
            let labelled = try await Loopback.request(base + "/v1/labels", body: try JSONSerialization.data(withJSONObject: labels))
            #expect(String(decoding: labelled.data, as: UTF8.self) == #"{"matched":300,"unmatched":0}"#)
            var snapshot: [String: Any] = [:]
            try await Loopback.waitFor("a snapshot of the 300 rows", seconds: 60) {
                let answer = try await Loopback.request(base + "/api/v1/snapshot")
                snapshot = (try? JSONSerialization.jsonObject(with: answer.data) as? [String: Any]) ?? [:]
                return (snapshot["window_rows"] as? Int) == 300 && snapshot["accuracy"] != nil
            }
            let metrics = try await Loopback.request(base + "/metrics")
            #expect(String(decoding: metrics.data, as: UTF8.self).contains("driftwatch_rows_ingested_total{source=\"push\"} 300"))
        }
    }
}

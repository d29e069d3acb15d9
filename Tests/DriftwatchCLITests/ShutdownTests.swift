import DriftwatchTestSupport
import Foundation
import Testing

/// SIGTERM stops a real `driftwatch agent` promptly, however long its evaluation interval, with
/// its state saved.
@Suite struct ShutdownTests {
    @Test func anAgentStopsOnSIGTERMWithoutWaitingForItsNextEvaluation() async throws {
        let scratch = try CommandRunner.Scratch()
        let port = try freeLoopbackPort()
        let root = CommandRunner.repositoryRoot.path
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {file: \(root)/examples/rides/reference.csv, schema: \(root)/examples/rides/schema.yaml}
            listen: 127.0.0.1:\(port)
            min_rows: 10
            evaluate_every: 600
            state: state.sqlite
            sources: [push]
            """)
        let output = Loopback.Output()
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: output)
        defer { Loopback.stop([agent]) }
        try await Loopback.waitUntilAnswering(port: port, seconds: 60, outputs: [output])
        let rows = try CommandRunner.runRecords(csv: "\(root)/examples/rides/current.csv")
        #expect(try await Loopback.request("http://127.0.0.1:\(port)/v1/ingest", body: rows).status == 200)
        let start = ContinuousClock.now
        agent.terminate()
        // Generous for a loaded machine, yet far below the 600 s interval the old pause waited out.
        try await Loopback.waitFor("the agent to stop", seconds: 60, outputs: [output]) { !agent.isRunning }
        let took = ContinuousClock.now - start
        print("agent stopped \(took) after SIGTERM (evaluate_every: 600)")
        #expect(agent.terminationReason == .exit && agent.terminationStatus == 0, "\(output.text)")
        #expect(try AgentCrashTests.savedRows(scratch.url.appendingPathComponent("state.sqlite").path) > 0)
    }
}

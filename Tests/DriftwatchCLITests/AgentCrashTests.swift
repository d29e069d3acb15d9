import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import GRDB
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real `driftwatch agent` killed with SIGKILL while a retrain runs, then started again: the
/// attempt resumes from the registry and ends consistent.
@Suite struct AgentCrashTests {
    func startAgent(config: String, port: Int) async throws -> Process {
        let agent = Process()
        agent.executableURL = try CommandRunner.binary
        agent.arguments = ["agent", "--config", config]
        agent.standardOutput = FileHandle.nullDevice
        agent.standardError = FileHandle.nullDevice
        try agent.run()
        for _ in 0..<150 {
            if (try? await Loopback.request("http://127.0.0.1:\(port)/health").0) == 200 { return agent }
            try await Task.sleep(for: .milliseconds(100))
        }
        agent.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "the agent did not come up on port \(port)"])
    }

    /// Rows of the window the agent has saved in its state file.
    static func savedRows(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM window_row") ?? 0 }
    }

    /// The example's drifted month as ingest records, with the ground truth in `actual`.
    func records(_ count: Int) throws -> String {
        let lines = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/current.csv"), encoding: .utf8)
            .components(separatedBy: .newlines).filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        let header = lines[0]
        let column = { (name: String) in header.firstIndex(of: name)! }
        return "[" + lines.dropFirst().prefix(count).map { cells in
            #"{"id": "\#(cells[column("ride_id")])", "pickup_hour": \#(cells[column("pickup_hour")]), "weekday": \#(cells[column("weekday")]), "trip_distance": \#(cells[column("trip_distance")]), "PU_location": "\#(cells[column("PU_location")])", "DO_location": "\#(cells[column("DO_location")])", "predicted_duration": \#(cells[column("predicted_duration")]), "actual": \#(cells[column("duration")])}"#
        }.joined(separator: ",") + "]"
    }

    @Test func aKilledAgentResumesItsRetrainConsistently() async throws {
        let scratch = try CommandRunner.Scratch()
        let registryPath = try await CommandRunner.registryWithChampion(in: scratch)
        let port = try freeLoopbackPort()
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {registry: \(registryPath), poll: 0.5}
            listen: 127.0.0.1:\(port)
            window: {rows: 2000}
            min_rows: 200
            evaluate_every: 0.3
            state: state.sqlite
            loop:
              training: \(CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/train.yaml").path)
              trigger: {drift_evaluations: 0, accuracy_margin: off}
              min_labelled_rows: 200
              gate_margin: 0
            """)
        var agent = try await startAgent(config: config, port: port)
        defer { if agent.isRunning { agent.terminate() } }
        let posted = 800
        let (ingested, answer) = try await Loopback.request("http://127.0.0.1:\(port)/v1/ingest", body: try records(posted))
        #expect(ingested == 200, "\(String(decoding: answer, as: UTF8.self))")
        // Let an evaluation save the window (the evaluation runs at low priority, so on a loaded
        // machine this can take a while), then ask for a retrain and kill the agent at once.
        let statePath = scratch.url.appendingPathComponent("state.sqlite").path
        var saved = 0
        for _ in 0..<300 where saved < posted {
            try await Task.sleep(for: .milliseconds(100))
            saved = (try? Self.savedRows(statePath)) ?? 0
        }
        #expect(saved == posted, "the agent did not save its window")
        let (status, _) = try await Loopback.request("http://127.0.0.1:\(port)/v1/retrain", body: #"{"reason": "crash test"}"#)
        #expect(status == 202)
        kill(agent.processIdentifier, SIGKILL)
        try await Loopback.exit(agent)
        #expect(agent.terminationReason == .uncaughtSignal)

        // A new agent resumes from the registry and the saved window.
        agent = try await startAgent(config: config, port: port)
        var state = ""
        for _ in 0..<100 where !["verifying", "promoted", "rejected", "failed"].contains(state) {
            let (_, data) = try await Loopback.request("http://127.0.0.1:\(port)/api/v1/loop")
            let attempts = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["attempts"] as? [[String: Any]] ?? []
            state = attempts.first?["state"] as? String ?? ""
            try await Task.sleep(for: .milliseconds(100))
        }
        agent.terminate()
        try await Loopback.exit(agent)
        // Whether the gate passes depends on the data; either way the attempt ended one way, once.
        #expect(state == "verifying" || state == "rejected")
        let registry = try Registry.open(directory: registryPath)
        let attempts = try await registry.store.attempts(model: "ride-duration", limit: 5)
        #expect(attempts.count == 1)
        let attempt = try #require(attempts.first)
        let challenger = try #require(attempt.challengerVersion)
        #expect(try await registry.store.aliasVersion(model: "ride-duration", alias: "challenger") == challenger)
        let champion = try #require(try await registry.store.aliasVersion(model: "ride-duration", alias: "champion"))
        #expect(champion == (attempt.state == .verifying ? challenger : 1))
        for version in [champion, challenger] {
            let stored = try #require(try await registry.store.version(model: "ride-duration", version: version))
            #expect(FileManager.default.fileExists(atPath: (registry.location as NSString).appendingPathComponent(stored.artifactPath)))
        }
        let moves = try await registry.store.auditLog(model: "ride-duration").filter { $0.alias == "champion" }.map(\.toVersion)
        #expect(moves == (attempt.state == .verifying ? [1, challenger] : [1]))
    }
}

import DriftwatchDemo
import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import Testing

/// `driftwatch demo --fast` end to end: the real binary, its predictor and agent on loopback, the
/// registry it leaves behind.
@Suite struct DemoCommandTests {
    /// Runs the demo to its end (at most 150 s); its exit status, output and error output.
    func demo(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try CommandRunner.binary
        process.arguments = ["demo", "--fast"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Bounded: a demo that hangs is stopped and fails the test.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(150))
            if process.isRunning { process.terminate() }
        }
        let (stdout, stderr) = try await offThePool {
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (stdout, stderr)
        }
        watchdog.cancel()
        return (process.terminationStatus, stdout, stderr)
    }

    /// A port another program holds ends the demo at once, with the reason and exit code 2.
    @Test func aPortInUseIsReportedAtOnce() async throws {
        let held = try HeldLoopbackPort()
        let scratch = try CommandRunner.Scratch()
        let started = ContinuousClock.now
        let (status, stdout, stderr) = try await demo(["--predictor-port", "\(held.port)", "--agent-port", "\(try freeLoopbackPort())", "--directory", scratch.url.path])
        #expect(status == 2, "stdout:\n\(stdout)\nstderr:\n\(stderr)")
        // Said first and alone, naming the address, before anything was trained or started.
        #expect(stderr == "driftwatch: error: cannot listen on 127.0.0.1:\(held.port): the address is in use (another program, or another Driftwatch, listens there) — choose other ports with --predictor-port and --agent-port\n", "\(stderr)")
        #expect(stdout.isEmpty, "\(stdout)")
        print("the demo reported the port in use after \(ContinuousClock.now - started)")
        withExtendedLifetime(held) {}
    }

    /// `serve` and `agent` say a taken port alone too, before loading a model or a reference.
    @Test func serveAndAgentSayAPortInUseAlone() async throws {
        let held = try HeldLoopbackPort()
        let scratch = try CommandRunner.Scratch()
        let registry = try await CommandRunner.registryWithChampion(in: scratch)
        let expected = "driftwatch: error: cannot listen on 127.0.0.1:\(held.port): the address is in use (another program, or another Driftwatch, listens there)\n"
        let serve = try await CommandRunner.run(["serve", "--registry", registry, "--model", "ride-duration", "--listen", "127.0.0.1:\(held.port)"])
        #expect(serve.status == 2 && serve.stderr == expected && serve.stdout.isEmpty, "\(serve.stdout)\(serve.stderr)")
        let root = CommandRunner.repositoryRoot.path
        let config = try scratch.write("agent.yaml", "model: ride-duration\nreference: {file: \(root)/examples/rides/reference.csv}\nlisten: 127.0.0.1:\(held.port)\n")
        let agent = try await CommandRunner.run(["agent", "--config", config])
        #expect(agent.status == 2 && agent.stderr == expected && agent.stdout.isEmpty, "\(agent.stdout)\(agent.stderr)")
        withExtendedLifetime(held) {}
    }

    @Test func theDemoRetrainsPromotesHotReloadsAndVerifies() async throws {
        let scratch = try CommandRunner.Scratch()
        let (status, stdout, stderr) = try await demo(["--predictor-port", "47696", "--agent-port", "47100", "--directory", scratch.url.path])
        #expect(status == 0, "stdout:\n\(stdout)\nstderr:\n\(stderr)")
        for line in ["made it champion", "the city changes", "loop: retrain attempt 1 triggered", "loop: gate passed",
                     "predictor hot-reloaded: now serving v2", "loop: verified in production", "Summary"] {
            #expect(stdout.contains(line), "missing '\(line)' in:\n\(stdout)")
        }
        // The registry tells the same story.
        let registry = try Registry.open(directory: scratch.url.appendingPathComponent("registry").path)
        #expect(try await registry.store.aliasVersion(model: "rides", alias: "champion") == 2)
        let audit = try await registry.store.auditLog(model: "rides").filter { $0.alias == "champion" }
        #expect(audit.map(\.toVersion) == [1, 2])
        let attempt = try #require(try await registry.store.attempts(model: "rides", limit: 5).first)
        #expect(attempt.state == .promoted)
        let challenger = try #require(attempt.challengerScore), champion = try #require(attempt.championScore)
        #expect(challenger < champion)
        let rows = try #require(try await registry.store.attemptData(id: attempt.id))
        // The rows it trained and gated on are kept with the attempt.
        #expect(String(decoding: rows.train, as: UTF8.self).split(separator: "\n").count > 100)
        #expect(String(decoding: rows.holdout, as: UTF8.self).split(separator: "\n").count > 10)
    }

    /// With a token file the whole run — traffic, labels, the agent pulling the predictor's log —
    /// goes through authenticated writes, and a write without the token is refused.
    @Test func theCanaryRolloutWidensStepByStepBeforeThePromotion() async throws {
        let scratch = try CommandRunner.Scratch()
        let tokens = try scratch.write("demo.token", "# the demo's writers\n\(UUID().uuidString)\n")
        let (status, stdout, stderr) = try await demo(["--rollout", "canary", "--predictor-port", "47697", "--agent-port", "47101", "--directory", scratch.url.path,
                                                       "--token-file", tokens])
        #expect(status == 0, "stdout:\n\(stdout)\nstderr:\n\(stderr)")
        #expect(stdout.contains("credentials: writes to the predictor and the agent need a token from \(tokens)") && stdout.contains("a label posted without one: 401"), "\(stdout)")
        let steps = ["canary at 10% for the live comparison", "predictor: v2 answers rides now", "canary at 50%: not worse at 10%",
                     "canary at 100%: not worse at 50%", "loop: rollout passed", "loop: promoted v2", "loop: verified in production"]
        let positions = steps.map { stdout.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "missing steps in:\n\(stdout)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "steps out of order in:\n\(stdout)")
        let registry = try Registry.open(directory: scratch.url.appendingPathComponent("registry").path)
        #expect(try await registry.store.trafficLog(model: "rides").map(\.toWeight) == [10, 50, 100, nil])
        #expect(try await registry.store.attempts(model: "rides", limit: 1).first?.state == .promoted)
    }

    /// The demo as a library, in this process: the retrained model is released through a shadow
    /// (compared on the same rides as the champion) before its promotion.
    @Test func theDemoReleasesThroughAShadowInProcess() async throws {
        let scratch = try CommandRunner.Scratch()
        var demo = DemoRun(version: "test")
        demo.fast = true
        demo.rollout = .shadow
        demo.predictorPort = try freeLoopbackPort()
        demo.agentPort = try freeLoopbackPort()
        demo.directory = scratch.url.path
        try await demo.run()
        let registry = try Registry.open(directory: scratch.url.appendingPathComponent("registry").path)
        let changes = try await registry.store.trafficLog(model: "rides")
        #expect(changes.map(\.toMode) == [.shadow, nil])
        let attempt = try #require(try await registry.store.attempts(model: "rides", limit: 1).first)
        let champion = try await registry.store.aliasVersion(model: "rides", alias: "champion")
        #expect(attempt.state == .promoted && champion == attempt.challengerVersion)
    }

    @Test func retrainNeedsALoopAndARunningAgent() async throws {
        let scratch = try CommandRunner.Scratch()
        let noLoop = try scratch.write("agent.yaml", "model: m\nreference: {file: r.csv}\n")
        let refused = try await CommandRunner.run(["retrain", "--config", noLoop])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("has no loop section"))
        let looped = try scratch.write("loop.yaml", "model: m\nreference: {registry: reg}\nlisten: 127.0.0.1:47199\nloop: {training: t.yaml}\n")
        let unreachable = try await CommandRunner.run(["retrain", "--config", looped])
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr.contains("cannot reach the agent at http://127.0.0.1:47199/v1/retrain"))
    }
}

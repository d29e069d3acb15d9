import DriftwatchTestSupport
import Foundation
import Testing

extension PythonToolTests {
    /// The Python client (clients/python), installed with pip from the repository, against a live
    /// agent with a state file and a token: 600 rides logged while the agent is stopped and started
    /// again, their labels, and the FastAPI and Flask hooks — every row arrives, every label finds its
    /// row, nothing is dropped (clients/python/tests/live_agent_check.py makes the checks).
    @Suite struct PythonClientTests {
        @Test func nothingIsLostAcrossAnAgentRestart() async throws {
            let scratch = try CommandRunner.Scratch()
            let env = URL(fileURLWithPath: "/usr/bin/env")
            let site = scratch.url.appendingPathComponent("site").path
            let install = try await CommandRunner.run(executable: env, ["python3", "-m", "pip", "install", "--quiet", "--no-deps",
                                                                         "--target", site, "clients/python"])
            #expect(install.status == 0, "pip install clients/python: \(install.stderr)")
            let port = try freeLoopbackPort()
            let rides = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides")
            let tokenFile = scratch.url.appendingPathComponent("token").path
            try "s3cret-token-for-tests-0123\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let config = scratch.url.appendingPathComponent("agent.yaml").path
            try """
                model: ride-duration
                reference: {file: \(rides.appendingPathComponent("reference.csv").path), schema: \(rides.appendingPathComponent("schema.yaml").path)}
                listen: 127.0.0.1:\(port)
                window: {rows: 2000}
                min_rows: 100
                evaluate_every: 1
                sources: [push]
                state: \(scratch.url.appendingPathComponent("agent-state.sqlite").path)
                token_file: \(tokenFile)
                """.write(toFile: config, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONPATH"] = site
            let check = try await CommandRunner.run(executable: env, ["python3", "clients/python/tests/live_agent_check.py", try CommandRunner.binary.path, config,
                                                                       "http://127.0.0.1:\(port)", tokenFile, rides.appendingPathComponent("current.csv").path],
                                                    environment: environment)
            #expect(check.status == 0, "\(check.stdout)\n\(check.stderr.suffix(3000))")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data((check.stdout.split(separator: "\n").last ?? "").utf8)) as? [String: Any])
            #expect(summary["window_rows"] as? Int == 610 && summary["labelled_rows"] as? Int == 610, "\(summary)")
        }
    }
}

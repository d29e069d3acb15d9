import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import Testing

@Suite struct RegistryCommandTests {
    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func trainPromoteRollbackThroughTheCommandLine() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        for _ in 0..<3 {
            let train = try await CommandRunner.run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"])
            #expect(train.status == 0, "stderr: \(train.stderr)")
        }
        let models = try #require(try json(await CommandRunner.run(["models", "list", "--registry", registry, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(models.first?["name"] as? String == "ride-duration")
        #expect(models.first?["latest_version"] as? Int == 3)

        for version in ["1", "3"] {
            #expect(try await CommandRunner.run(["models", "promote", "ride-duration", version, "--registry", registry]).status == 0)
        }
        let rollback = try await CommandRunner.run(["models", "rollback", "ride-duration", "--registry", registry])
        #expect(rollback.status == 0)
        #expect(rollback.stdout.contains("champion 3 → 1 (rollback)"))
        let details = try #require(try json(await CommandRunner.run(["models", "show", "ride-duration", "--registry", registry, "--format", "json"]).stdout) as? [String: Any])
        let audit = try #require(details["audit"] as? [[String: Any]])
        #expect(audit.map { $0["to_version"] as? Int } == [1, 3, 1])
        #expect(audit.map { $0["kind"] as? String } == ["move", "move", "rollback"])

        let runs = try #require(try json(await CommandRunner.run(["runs", "list", "--registry", registry, "--format", "json"]).stdout) as? [[String: Any]])
        // Each training: one run plus one per search trial (four alphas).
        #expect(runs.count == 3 * 5)
        let trainRun = try #require(runs.first { ($0["name"] as? String) == "train ride-duration" })
        let shown = try await CommandRunner.run(["runs", "show", trainRun["id"] as! String, "--registry", registry])
        #expect(shown.stdout.contains("artifact: artifacts/ride-duration/"))
        #expect(shown.stdout.contains("rmse:"))
    }

    /// The same rows as Parquet train the same model: same validation metrics, same profile.
    @Test func trainingFromParquetEqualsTrainingFromCSV() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        let config = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/train.yaml"), encoding: .utf8)
        for data in ["reference.csv", "reference.parquet"] {
            let path = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/\(data)").path
            let file = try scratch.write("train-\(data).yaml", config.replacingOccurrences(of: "data: reference.csv", with: "data: \(path)"))
            let train = try await CommandRunner.run(["train", "--config", file, "--registry", registry, "--quiet"])
            #expect(train.status == 0, "stderr: \(train.stderr)")
        }
        let details = try #require(try json(await CommandRunner.run(["models", "show", "ride-duration", "--registry", registry, "--format", "json"]).stdout) as? [String: Any])
        let versions = try #require(details["versions"] as? [[String: Any]])
        #expect(versions.count == 2)
        let metrics = versions.map { $0["metrics"] as? [String: Double] }
        #expect(metrics[0] != nil && metrics[0] == metrics[1], "\(metrics)")
    }

    /// `models approve|reject` on a challenger the loop holds for a person (`loop.approval: manual`).
    @Test func aWaitingChallengerIsApprovedOnceThroughTheCommandLine() async throws {
        let scratch = try CommandRunner.Scratch()
        let path = scratch.url.appendingPathComponent("registry").path
        try await CommandRunner.championAndChallenger(registry: path)
        let none = try await CommandRunner.run(["models", "approve", "ride-duration", "--registry", path])
        #expect(none.status == 2 && none.stderr.contains("model 'ride-duration' has no challenger awaiting approval (no retrain attempt is under way)"), "\(none.stderr)")
        // The loop's steps up to the wait, as an agent with approval: manual takes them.
        let store = try await Registry.open(path).store
        let attempt = try #require(try await store.beginAttempt(model: "ride-duration", trigger: "drift", championVersion: 1))
        for (from, to) in [(LoopState.triggered, LoopState.training), (.training, .gating), (.gating, .awaitingApproval)] {
            _ = try await store.advanceAttempt(id: attempt.id, from: from, to: to, update: AttemptUpdate(challengerVersion: 2), aliasMove: nil)
        }
        let shown = try await CommandRunner.run(["models", "show", "ride-duration", "--registry", path])
        #expect(shown.status == 0 && shown.stdout.contains("retrain attempts:") && shown.stdout.contains("awaiting_approval"), "\(shown.stdout)")
        let approved = try await CommandRunner.run(["models", "approve", "ride-duration", "--reason", "checked the scores", "--registry", path, "--format", "json"])
        #expect(approved.status == 0, "\(approved.stderr)")
        let record = try #require(try json(approved.stdout) as? [String: Any])
        #expect(record["state"] as? String == "approved" && record["id"] as? Int == Int(attempt.id))
        #expect((record["detail"] as? String)?.hasPrefix("version 2 approved by cli:") == true && (record["detail"] as? String)?.hasSuffix(": checked the scores") == true, "\(record)")
        let again = try await CommandRunner.run(["models", "reject", "ride-duration", "--registry", path])
        #expect(again.status == 2 && again.stderr.contains("has no challenger awaiting approval (its retrain attempt is approved)"), "\(again.stderr)")
        #expect(try await store.aliasVersion(model: "ride-duration", alias: "champion") == 1)
    }

    /// The binary knows the commit it was built from.
    @Test func theVersionCarriesTheGitRevision() async throws {
        let git = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["git", "rev-parse", "--short=12", "HEAD"])
        let revision = git.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = try await CommandRunner.run(["--version"])
        #expect(git.status == 0 && revision.count == 12)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0+\(revision)", "\(version.stdout)")
    }

    @Test func registryErrorsExitTwo() async throws {
        let scratch = try CommandRunner.Scratch()
        let notRegistry = try scratch.write("not-a-registry", "not a directory")
        let registry = try await CommandRunner.registryWithChampion(in: scratch)
        let misspelt = scratch.url.appendingPathComponent("registyr").path
        let missing = "\(misspelt) is not a Driftwatch registry: no such directory (driftwatch train --registry creates a registry)"
        let cases: [([String], String)] = [
            (["models", "list", "--registry", notRegistry], "is not a Driftwatch registry"),
            (["models", "promote", "ghost", "1", "--registry", registry], "no registered model named 'ghost'"),
            (["models", "approve", "ghost", "--registry", registry], "no registered model named 'ghost'"),
            (["runs", "show", "nope", "--registry", registry], "no run with id nope"),
            // A misspelt registry is refused by everything that reads one, and nothing is created.
            (["models", "list", "--registry", misspelt], missing),
            (["models", "show", "ride-duration", "--registry", misspelt], missing),
            (["runs", "list", "--registry", misspelt], missing),
            (["predict", "--registry", misspelt, "--model", "ride-duration", "--input", "examples/rides/current.csv", "--output", scratch.url.appendingPathComponent("out.csv").path], missing),
            (["serve", "--registry", misspelt, "--model", "ride-duration", "--listen", "127.0.0.1:\(try freeLoopbackPort())"], missing),
            (["agent", "--config", try scratch.write("agent.yaml", "model: ride-duration\nreference: {registry: \(misspelt)}\n")], missing),
            // What a registry lacks is said with where it looked.
            (["models", "show", "ghost", "--registry", registry], "no registered model named 'ghost' (registry: "),
            (["train", "--config", try scratch.write("bad.yaml", "model: x\n"), "--registry", scratch.url.appendingPathComponent("r").path], "missing key 'estimator'"),
        ]
        for (arguments, message) in cases {
            let result = try await CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: misspelt))
        // A garbage database file inside a registry directory.
        let directory = scratch.url.appendingPathComponent("garbage")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 2048).write(to: directory.appendingPathComponent("registry.sqlite"))
        let garbage = try await CommandRunner.run(["models", "list", "--registry", directory.path])
        #expect(garbage.status == 2)
        #expect(garbage.stderr.contains("is not a Driftwatch registry: the file is not an SQLite database"))
    }
}

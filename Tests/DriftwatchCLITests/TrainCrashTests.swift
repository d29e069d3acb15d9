import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import Testing

/// `driftwatch train` killed with SIGKILL mid-way: the next command that opens the registry shows
/// its runs failed, not `running` forever.
@Suite struct TrainCrashTests {
    @Test func aKilledTrainingLeavesItsRunsFailedForTheNextProcess() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        var config = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/train.yaml"), encoding: .utf8)
        // A slow search (gradient-boosted trees, six learning rates), so that the kill lands mid-way.
        config = config.replacingOccurrences(of: "data: reference.csv", with: "data: \(CommandRunner.repositoryRoot.path)/examples/rides/reference.csv")
            .replacingOccurrences(of: "kind: ridge", with: "kind: gradient_boosted_trees #")
            .replacingOccurrences(of: "params: {alpha: 1.0}", with: "params: {max_iter: 300}")
            .replacingOccurrences(of: "alpha: [0.1, 1, 10, 100]", with: "learning_rate: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3]")
        let configPath = try scratch.write("train.yaml", config)
        let train = try Loopback.launch(try CommandRunner.binary.path, ["train", "--config", configPath, "--registry", registry, "--quiet"])
        defer { Loopback.stop([train]) }
        try await Loopback.waitFor("the training's first trial to be recorded", seconds: 120) {
            let runs = try await Registry.open(directory: registry).store.runs(experiment: nil)
            return runs.contains { $0.name == "trial-1" }
        }
        kill(train.processIdentifier, SIGKILL)
        try await Loopback.exit(train)
        let listed = try await CommandRunner.run(["runs", "list", "--registry", registry])
        #expect(listed.status == 0)
        let rows = listed.stdout.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { !$0.contains(" running ") }, "\(listed.stdout)")
        #expect(rows.contains { $0.contains("train ride-duration") && $0.contains(" failed ") }, "\(listed.stdout)")
        let runs = try await Registry.open(directory: registry).store.runs(experiment: nil)
        let parent = try #require(runs.first { $0.name == "train ride-duration" })
        #expect(parent.tags["error"]?.contains("pid \(train.processIdentifier)") == true)
    }
}

import ArgumentParser
import DriftwatchRegistry
import Foundation

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List and inspect tracked training runs.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, oldest first.")

        @Option(help: "Only runs of this experiment.")
        var experiment: String?

        @OptionGroup var registryOptions: RegistryOptions

        func run() async throws {
            let runs = try await registryOptions.open().store.runs(experiment: experiment)
            if registryOptions.format == .json { return try Listing.json(runs) }
            Listing.table(["run", "experiment", "name", "status", "started", "metrics"], runs.map {
                [$0.id, $0.experiment, $0.name, $0.status.rawValue, Listing.date($0.startedAt), Listing.metrics($0.metrics, keys: ["rmse", "mae", "r2", "log_loss", "accuracy", "roc_auc"])]
            })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: params, metrics, tags, artifacts.")

        @Argument(help: "Run id.")
        var id: String

        @OptionGroup var registryOptions: RegistryOptions

        func run() async throws {
            let run = try await registryOptions.using { registry in
                guard let run = try await registry.store.run(id: id) else { throw RegistryError.unknownRun(id) }
                return run
            }
            if registryOptions.format == .json { return try Listing.json(run) }
            print("run \(run.id) (\(run.experiment) / \(run.name)): \(run.status.rawValue)")
            print("started \(Listing.date(run.startedAt)), ended \(Listing.date(run.endedAt))")
            if let parent = run.parentRunID { print("parent \(parent)") }
            for (title, pairs) in [("params", run.params), ("tags", run.tags)] where !pairs.isEmpty {
                print("\(title):")
                for key in pairs.keys.sorted() { print("  \(key): \(pairs[key]!)") }
            }
            if !run.metrics.isEmpty {
                print("metrics:")
                for key in run.metrics.keys.sorted() { print("  \(key): \(run.metrics[key]!)") }
            }
            for artifact in run.artifacts { print("artifact: \(artifact.path) sha256:\(artifact.checksum)") }
        }
    }
}

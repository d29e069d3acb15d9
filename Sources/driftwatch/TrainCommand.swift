import ArgumentParser
import DriftwatchLearning
import DriftwatchRegistry
import Foundation

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from a YAML config, track every trial and register the result.",
        discussion: "Stages: ingest → transform (filters) → features → hyper-parameter search → final fit → register."
    )

    @Option(help: ArgumentHelp("Training config (YAML).", valueName: "file"))
    var config: String

    @OptionGroup var registryOptions: RegistryOptions

    @Flag(help: "Print only the final summary, not each stage.")
    var quiet = false

    func run() async throws {
        let config = try TrainingConfig.load(path: config)
        let registry = try await registryOptions.open(create: true)
        let quiet = quiet
        let result = try await TrainingJob.run(config: config, registry: registry, codeVersion: DriftwatchVersion.current) { line in
            if !quiet { FileHandle.standardError.write(Data("driftwatch: \(line)\n".utf8)) }
        }
        if registryOptions.format == .json {
            try Listing.json(result.version)
            return
        }
        print("Registered \(config.model) version \(result.version.version) (run \(result.runID))")
        print("  \(config.modelKind.rawValue), \(result.outcome.trainingRows) training rows, \(result.outcome.trials.count) trial(s)")
        print("  validation: \(Listing.metrics(result.version.metrics))")
        print("  promote with: driftwatch models promote \(config.model) \(result.version.version) --registry \(PostgresLocation.redacted(registryOptions.registry))")
    }
}

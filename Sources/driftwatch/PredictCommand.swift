import ArgumentParser
import DriftwatchData
import DriftwatchPredictor
import DriftwatchRegistry
import Foundation

/// `driftwatch predict`: the batch pattern — a file of inputs, scored by a registered model, into
/// a file of predictions.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score a CSV or JSON Lines file with a registered model into a file of predictions, in bounded memory whatever the file's size.")

    @OptionGroup var selection: ModelOptions
    var registry: String { selection.registry }
    var model: String { selection.model }
    var alias: String { selection.alias }

    @Option(help: "Version that scores, instead of the alias's.")
    var version: Int?

    @Option(help: ArgumentHelp("Input file: CSV (header first) or JSON Lines.", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("Output file: .jsonl/.ndjson for JSON Lines, CSV otherwise (id, prediction, model, model_version).", valueName: "file"))
    var output: String

    @Option(name: .customLong("id-column"), help: ArgumentHelp("Input column that identifies each row in the output (default: the input's line number).", valueName: "column"))
    var idColumn: String?

    @Flag(name: .customLong("skip-bad-rows"), help: "Leave out rows that cannot be scored (counted and reported) instead of stopping at the first.")
    var skipBadRows = false

    @Flag(help: "Write every prediction to the prediction log too, so that an agent monitors batch predictions (pull with instance: batch, or *).")
    var log = false

    @Option(name: .customLong("log-path"), help: ArgumentHelp("Prediction log for --log: an SQLite file or postgres://… (default: predictions.sqlite in a registry directory; a PostgreSQL registry's own database).", valueName: "location"))
    var logPath: String?

    @Option(help: ArgumentHelp("The writer's name in the prediction log for --log.", valueName: "name"))
    var instance: String = "batch"

    func run() async throws {
        if let version, version < 1 { throw OptionValidationFailure(message: "--version must be a positive registry version") }
        let registry = try await Registry.open(self.registry)
        let chosen: Int
        if let version {
            chosen = version
        } else {
            guard let aliased = try await registry.store.aliasVersion(model: model, alias: alias) else {
                throw DataError(file: registry.location, "model '\(model)' has no alias '\(alias)' (promote a version, or pass --version)")
            }
            chosen = aliased
        }
        guard try await registry.store.version(model: model, version: chosen) != nil else {
            throw DataError(file: registry.location, "model '\(model)' has no version \(chosen)")
        }
        let artifact = try await registry.artifact(model: model, version: chosen)
        let scorer = BatchScorer(model: ServingModel(name: model, version: chosen, artifact: artifact), idColumn: idColumn, skipBadRows: skipBadRows)
        let start = ContinuousClock.now
        var predictionLog: PredictionLog?
        if log {
            var configuration = PredictorConfiguration(registry: self.registry, model: model)
            configuration.logPath = logPath
            predictionLog = try await PredictionLog.open(configuration.resolvedLogPath, instance: instance, capacity: 0, metrics: PredictorMetrics(version: DriftwatchVersion.current))
        } else if logPath != nil {
            throw OptionValidationFailure(message: "--log-path names the prediction log for --log; add --log")
        }
        let summary = try await scorer.run(input: input, output: output, log: predictionLog, instance: instance)
        let seconds = (ContinuousClock.now - start).inSeconds
        var report = "scored \(summary.scored) rows with \(model) version \(chosen) into \(output) in \(String(format: "%.2f", seconds)) s"
        if log { report += "; logged \(summary.logged) predictions as '\(instance)' in \(predictionLog?.location ?? "?")" }
        if summary.skipped > 0 { report += "; skipped \(summary.skipped) bad rows (first: \(summary.firstProblem ?? "?"))" }
        FileHandle.standardError.write(Data((report + "\n").utf8))
    }
}

import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation

/// What makes the loop's challengers.
public enum ChallengerSource: Sendable {
    /// Driftwatch's trainer with the champion's training config.
    case trainer(TrainingConfig)
    /// The team's own training code (`loop.training: {command: …}`).
    case command(TrainingCommand)

    /// The data the champion was trained on, when known: the default trusted rows and what
    /// `mix_reference` adds.
    var data: String? {
        switch self {
        case .trainer(let config): config.data
        case .command(let command): command.data
        }
    }
}

extension RetrainCoordinator {
    /// Runs the training command on the attempt's rows, then imports the model it wrote (an
    /// XGBoost booster, read with the champion's contract, or a Driftwatch artifact) as the
    /// challenger, profiled on the rows it trained on. The command's output is kept with the
    /// challenger's run (tag `output`); a failure ends the attempt with its last lines.
    func trainWithCommand(_ command: TrainingCommand, attempt: RetrainAttempt, train: String, holdout: String, scratch: URL) async throws -> Int {
        let output = scratch.appendingPathComponent("model.out").path
        let values = ["train": train, "holdout": holdout, "output": output, "model": model, "attempt": String(attempt.id)]
        let arguments = command.arguments(values)
        let environment = Dictionary(uniqueKeysWithValues: values.map { ("DRIFTWATCH_" + $0.key.uppercased(), $0.value) })
        let log = scratch.appendingPathComponent("output.log")
        let tracker = RegistryTracker(store: registry.store, experiment: "retrain")
        let run = try await tracker.start(name: "retrain \(model) attempt \(attempt.id)", parent: nil)
        do {
            logger.info("retrain attempt \(attempt.id): running \(arguments.joined(separator: " "))")
            let ending = try await TrainingProcess(arguments: arguments, environment: environment, workingDirectory: command.workingDirectory,
                                                   timeout: command.timeout, output: log).run()
            try await tracker.log(run: run, params: ["command": Message.short(arguments.joined(separator: " "), limit: 500)], metrics: ["training_seconds": ending.seconds],
                                  tags: ["output": TrainingProcess.tail(of: log, lines: 200, bytes: 8_000), "exit_status": String(ending.status)])
            let last = TrainingProcess.tail(of: log, lines: 5, bytes: 2_000).replacingOccurrences(of: "\n", with: " | ")
            if ending.timedOut {
                throw ModelGate.Failure(message: "the training command ran longer than loop.training.timeout (\(Self.format(command.timeout)) s) and was stopped; last output: \(last)")
            }
            guard ending.status == 0 else {
                throw ModelGate.Failure(message: "the training command exited with status \(ending.status); last output: \(last)")
            }
            guard let file = FileManager.default.contents(atPath: output), !file.isEmpty else {
                throw ModelGate.Failure(message: "the training command succeeded but wrote no model to {output}")
            }
            let outcome = try await challenger(from: file, trainedOn: train, attempt: attempt)
            let result = try await ImportJob.register(outcome, model: model, registry: registry, codeVersion: codeVersion,
                                                      origin: ["source": "training command", "attempt": String(attempt.id)], experiment: "retrain", run: run)
            return result.version.version
        } catch {
            try? await registry.store.setTags(runID: run, ["error": String(describing: error)])
            try? await tracker.finish(run: run, succeeded: false)
            throw error
        }
    }

    /// The model file the command wrote as a registrable challenger serving the champion's contract.
    private func challenger(from file: Data, trainedOn train: String, attempt: RetrainAttempt) async throws -> XGBoostImport.Outcome {
        let source = "the model the training command wrote"
        var champion: ModelArtifact?
        if let version = attempt.championVersion { champion = try await registry.artifact(model: model, version: version) }
        if file.starts(with: Data("DRIFTWATCH-MODEL".utf8)) {
            var artifact = try ModelArtifact.decode(file, path: source)
            let reference = try artifact.reference(path: train)
            artifact.metrics = artifact.metrics.merging(reference.metrics) { $1 }
            return XGBoostImport.Outcome(artifact: artifact, profile: reference.profile)
        }
        var request = XGBoostImport(file: file, source: source)
        request.referencePath = train
        if let champion {
            // The champion's contract: its inputs' kinds, target and prediction column.
            let columns = champion.schema.columns.map { SchemaSpec.ColumnSpec(name: $0.name, kind: $0.kind, role: $0.role, test: $0.driftTest) }
            request.schema = (SchemaSpec(columns: columns, target: champion.target, prediction: champion.predictionColumn), "the champion's schema")
            if case .xgboost(let imported) = champion.model.fitted { request.oneHotAbsent = imported.inputs.oneHotAbsent }
        } else {
            let schema = await agent.labelledBatch(limit: 1).schema
            request.target = schema.names(withRole: .target).first
            request.predictionColumn = schema.names(withRole: .prediction).first
        }
        return try request.run(codeVersion: codeVersion)
    }
}

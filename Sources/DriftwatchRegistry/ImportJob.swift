import DriftwatchData
import DriftwatchLearning
import Foundation

/// `driftwatch models import` end to end: a tracked run around the import, then registration of
/// the artifact with its reference profile, as `driftwatch train` registers its own models. A
/// failed import registers nothing and marks its run failed.
public enum ImportJob {
    public struct Result: Sendable {
        public var version: ModelVersion
        public var outcome: XGBoostImport.Outcome
        public var runID: String
    }

    /// Registers what ``XGBoostImport/run(codeVersion:)`` made (run first, so that a bad file is
    /// refused before the registry is touched). `origin` says where the file came from (its path,
    /// an MLflow URI), kept as the run's params.
    /// `run` is a run the caller already started (the loop's, which holds the training command's
    /// output); nil starts one.
    public static func register(_ outcome: XGBoostImport.Outcome, model: String, registry: Registry, codeVersion: String,
                                origin: [String: String], experiment: String = "imports", run: String? = nil) async throws -> Result {
        try RegistryError.validate(name: model)
        let tracker = RegistryTracker(store: registry.store, experiment: experiment)
        let runID: String
        if let run { runID = run } else { runID = try await tracker.start(name: "import \(model)", parent: nil) }
        do {
            let artifact = try outcome.artifact.encoded()
            let version = try await registry.register(model: model, artifact: artifact, runID: runID, metrics: outcome.artifact.metrics,
                                                      trainingRows: outcome.artifact.training.rows, fingerprint: outcome.artifact.training.fingerprint,
                                                      codeVersion: codeVersion, referenceProfile: outcome.profile)
            var params = origin
            if case .xgboost(let imported) = outcome.artifact.model.fitted {
                params["model_kind"] = "xgboost"
                params["objective"] = imported.booster.objective.rawValue
                params["booster"] = imported.booster.booster
                params["trees"] = String(imported.booster.trees.count)
                params["one_hot_absent"] = imported.inputs.oneHotAbsent.rawValue
            }
            try await tracker.log(run: runID, params: params, metrics: outcome.artifact.metrics, tags: ["model": model, "version": String(version.version), "stage": "import"])
            try await registry.store.addArtifact(runID: runID, RunArtifact(path: version.artifactPath, checksum: version.checksum))
            try await tracker.finish(run: runID, succeeded: true)
            return Result(version: version, outcome: outcome, runID: runID)
        } catch {
            try? await registry.store.setTags(runID: runID, ["error": String(describing: error)])
            try? await tracker.finish(run: runID, succeeded: false)
            throw error
        }
    }
}

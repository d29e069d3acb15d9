import DriftwatchData
import DriftwatchLearning
import Foundation

/// Records training runs in the registry's tracking store.
public struct RegistryTracker: TrainingTracker {
    let store: any RegistryStore
    let experiment: String

    public init(store: any RegistryStore, experiment: String) {
        self.store = store
        self.experiment = experiment
    }

    /// Starts a run owned by this process (see ``RunOwner``).
    public func start(name: String, parent: String?) async throws -> String {
        let id = try await store.startRun(experiment: experiment, name: name, parentRunID: parent).id
        try await store.setTags(runID: id, RunOwner.current.tags)
        return id
    }

    public func log(run: String, params: [String: String], metrics: [String: Double], tags: [String: String]) async throws {
        if !params.isEmpty { try await store.logParams(runID: run, params) }
        if !metrics.isEmpty { try await store.logMetrics(runID: run, metrics) }
        if !tags.isEmpty { try await store.setTags(runID: run, tags) }
    }

    public func finish(run: String, succeeded: Bool) async throws {
        try await store.finishRun(runID: run, status: succeeded ? .finished : .failed)
    }
}

/// `driftwatch train` end to end: a tracked run around the pipeline, then registration of the
/// artifact with its reference profile. A failed training registers nothing and marks its run failed.
public enum TrainingJob {
    public struct Result: Sendable {
        public var version: ModelVersion
        public var outcome: TrainingPipeline.Outcome
        public var runID: String
    }

    public static func run(config: TrainingConfig, registry: Registry, codeVersion: String, log: @escaping @Sendable (String) -> Void) async throws -> Result {
        let tracker = RegistryTracker(store: registry.store, experiment: config.experiment)
        let runID = try await tracker.start(name: "train \(config.model)", parent: nil)
        do {
            let outcome = try await TrainingPipeline(config: config, codeVersion: codeVersion, log: log).train(tracker: tracker, parentRun: runID)
            let artifact = try outcome.artifact.encoded()
            let version = try await registry.register(model: config.model, artifact: artifact, runID: runID, metrics: outcome.best.metrics,
                                                      trainingRows: outcome.trainingRows, fingerprint: outcome.artifact.training.fingerprint,
                                                      codeVersion: codeVersion, referenceProfile: outcome.profile)
            var params = outcome.artifact.params.mapValues { String($0) }
            params["model_kind"] = config.modelKind.rawValue
            params["data"] = config.data
            var tags = ["model": config.model, "version": String(version.version)]
            for (rule, rows) in outcome.dropped { tags["dropped: \(rule)"] = String(rows) }
            try await tracker.log(run: runID, params: params, metrics: outcome.best.metrics, tags: tags)
            try await registry.store.addArtifact(runID: runID, RunArtifact(path: version.artifactPath, checksum: version.checksum))
            try await tracker.finish(run: runID, succeeded: true)
            log("register: \(config.model) version \(version.version) (\(version.artifactPath))")
            return Result(version: version, outcome: outcome, runID: runID)
        } catch {
            try? await registry.store.setTags(runID: runID, ["error": String(describing: error)])
            try? await tracker.finish(run: runID, succeeded: false)
            throw error
        }
    }
}

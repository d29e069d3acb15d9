import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
@testable import DriftwatchPredictor

/// A scratch registry with trained ride-duration models, for serving tests.
struct PredictorFixture {
    let directory: URL
    let registry: Registry

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-predictor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        registry = try Registry.open(directory: directory.appendingPathComponent("registry").path)
    }

    /// A registry at `location` (a postgres:// URL); scratch files still go to a folder.
    init(registry location: String) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-predictor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        registry = try await Registry.open(location, create: true)
    }

    /// Trains a small ridge model (distance, zone → duration) and registers it; `slope` changes the
    /// data so versions predict differently; `extraFeature` adds an input the others lack.
    @discardableResult
    func register(slope: Double = 3, extraFeature: Bool = false) async throws -> ModelVersion {
        var lines = ["distance,zone,duration,extra"]
        for i in 0..<120 {
            let distance = Double(i % 30) / 3 + 1
            let zone = ["a", "b", "c"][i % 3]
            lines.append("\(distance),\(zone),\(slope * distance + (zone == "a" ? 4 : 0) + Double(i % 7) / 10),\(i % 5)")
        }
        let data = directory.appendingPathComponent("rides-\(UUID().uuidString).csv")
        try lines.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        let config = try TrainingConfig.parse(yaml: """
            experiment: serve-test
            model: rides
            data: \(data.path)
            target: duration
            features:
              numeric: [distance\(extraFeature ? ", extra" : "")]
              categorical: [zone]
            estimator:
              kind: ridge
            """, source: "test")
        let outcome = try await TrainingPipeline(config: config, codeVersion: "test").train()
        return try await registry.register(model: "rides", artifact: try outcome.artifact.encoded(), runID: nil, metrics: outcome.best.metrics,
                                           trainingRows: outcome.trainingRows, fingerprint: outcome.artifact.training.fingerprint,
                                           codeVersion: "test", referenceProfile: outcome.profile)
    }

    /// One trained version, promoted to champion, and a predictor serving it.
    func servingPredictor(bodyLimit: Int = 1 << 20) async throws -> Predictor {
        try await register()
        try await registry.promote(model: "rides", version: 1, reason: "test", actor: "test")
        return try await predictor(bodyLimit: bodyLimit)
    }

    func predictor(reloadInterval: Duration = .milliseconds(50), bodyLimit: Int = 1 << 20, queueCapacity: Int = 100_000,
                   registryURL: String? = nil, instance: String? = nil) async throws -> Predictor {
        var configuration = PredictorConfiguration(registry: registryURL ?? registry.location, model: "rides")
        configuration.instance = instance
        configuration.reloadInterval = reloadInterval
        configuration.logFlushInterval = .milliseconds(10)
        configuration.bodyLimit = bodyLimit
        configuration.logQueueCapacity = queueCapacity
        configuration.port = 0
        return try await Predictor.open(configuration: configuration, version: "test")
    }
}

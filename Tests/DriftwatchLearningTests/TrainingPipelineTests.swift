import DriftStatistics
import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// Writes a CSV and a training config into a scratch folder.
struct TrainingScratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Rides-like rows: duration grows with distance and depends on the zone.
    func rides(rows: Int, constantTarget: Bool = false) -> String {
        var generator = SplitMix64(seed: 11)
        var lines = ["distance,zone,duration,label"]
        for i in 0..<rows {
            let distance = 1 + Double(generator.next() % 1000) / 100
            let zone = ["a", "b", "c"][i % 3]
            let duration = constantTarget ? 5 : 3 * distance + (zone == "a" ? 4 : 0) + Double(generator.next() % 100) / 100
            lines.append("\(distance),\(zone),\(duration),\(duration > 18 ? "yes" : "no")")
        }
        lines.append("12,b,,no")           // missing target
        lines.append("3,c,500,yes")        // outlier removed by the filter
        return lines.joined(separator: "\n") + "\n"
    }

    func config(kind: String = "ridge", extra: String = "", data: String = "rides.csv", target: String = "duration", space: String = "alpha: [0.1, 10]") -> String {
        """
        experiment: test
        model: rides
        data: \(data)
        target: \(target)
        filters:
          - {column: duration, max: 100}
        features:
          numeric: [distance]
          categorical: [zone]
        estimator:
          kind: \(kind)
        search:
          space: {\(space)}
        \(extra)
        """
    }
}

@Suite struct TrainingPipelineTests {
    @Test func ridgePipelineFiltersSearchesAndProfiles() async throws {
        let scratch = try TrainingScratch()
        _ = try scratch.write("rides.csv", scratch.rides(rows: 200))
        let config = try TrainingConfig.load(path: scratch.write("train.yaml", scratch.config()))
        let outcome = try await TrainingPipeline(config: config, codeVersion: "test").train()
        #expect(outcome.dropped.map(\.rows) == [1, 1])  // the missing target, then the outlier
        #expect(outcome.trainingRows == 200)
        #expect(outcome.trials.map { $0.params["alpha"] } == [0.1, 10])
        #expect(outcome.best.metrics["rmse"]! < 1)
        #expect(outcome.best.metrics["rmse"] == outcome.trials.map { $0.metrics["rmse"]! }.min())
        #expect(outcome.artifact.metrics == outcome.best.metrics)
        #expect(outcome.artifact.training.rows == 200 && outcome.artifact.training.fingerprint.count == 64)
        #expect(outcome.profile.column(named: "prediction") != nil)
        #expect(outcome.profile.column(named: "duration") != nil)
        #expect(outcome.artifact.schema.columns.map(\.name).sorted() == ["distance", "duration", "zone"])
    }

    @Test func trainingIsDeterministicForASeed() async throws {
        let scratch = try TrainingScratch()
        _ = try scratch.write("rides.csv", scratch.rides(rows: 150))
        let config = try TrainingConfig.load(path: scratch.write("train.yaml", scratch.config(kind: "gradient_boosted_trees", space: "learning_rate: [0.1]")))
        let first = try await TrainingPipeline(config: config, codeVersion: "test").train()
        let second = try await TrainingPipeline(config: config, codeVersion: "test").train()
        #expect(first.artifact.model == second.artifact.model)
    }

    @Test func logisticWithNamedPositiveClassAndFolds() async throws {
        let scratch = try TrainingScratch()
        _ = try scratch.write("rides.csv", scratch.rides(rows: 240))
        let config = try TrainingConfig.load(path: scratch.write("train.yaml", scratch.config(kind: "logistic", target: "label", space: "c: [1]").replacingOccurrences(of: "  - {column: duration, max: 100}", with: "  - {column: distance, min: 0}") + "\n  folds: 3\n"))
        #expect(config.search.folds == 3)
        let outcome = try await TrainingPipeline(config: config, codeVersion: "test").train()
        #expect(outcome.artifact.model.positiveClass == "yes")
        #expect(outcome.best.metrics["accuracy"]! > 0.8)
        #expect(outcome.best.metrics["roc_auc"] != nil)
    }

    func failure(_ scratch: TrainingScratch, config: String, data: String? = nil) async throws -> String {
        if let data { _ = try scratch.write("rides.csv", data) }
        do {
            let loaded = try TrainingConfig.load(path: scratch.write("train.yaml", config))
            _ = try await TrainingPipeline(config: loaded, codeVersion: "test").train()
            return "no error"
        } catch let error as any DriftwatchError {
            return error.description
        }
    }

    @Test func badInputGivesClearErrors() async throws {
        let scratch = try TrainingScratch()
        let good = scratch.rides(rows: 60)
        #expect(try await failure(scratch, config: scratch.config(), data: scratch.rides(rows: 60, constantTarget: true)).contains("the target 'duration' is constant"))
        #expect(try await failure(scratch, config: scratch.config(), data: "distance,zone,duration,label\n1,a,3,no\n").contains("training needs at least 2 rows"))
        #expect(try await failure(scratch, config: scratch.config(), data: "distance,zone,duration,label\n1,a,3,no\n2,b,5,no\nfar,c,7,no\n").contains("'far' is not a number"))
        #expect(try await failure(scratch, config: scratch.config(kind: "forest"), data: good).contains("unknown model kind 'forest'"))
        #expect(try await failure(scratch, config: scratch.config(space: "depth: [1]"), data: good).contains("unknown hyper-parameter 'depth' for ridge"))
        #expect(try await failure(scratch, config: scratch.config().replacingOccurrences(of: "numeric: [distance]", with: "numeric: [speed]"), data: good)
            .contains("column 'speed': the schema names this column but the data has no such column"))
        #expect(try await failure(scratch, config: scratch.config() + "\nepochs: 3\n", data: good).contains("unknown key 'epochs'"))
        #expect(try await failure(scratch, config: scratch.config(), data: "distance,zone,duration,label\n" + (0..<5).map { "\($0),z\($0),\($0 * 2),no" }.joined(separator: "\n") + "\n")
            .contains("outnumber the training rows"))
        let allMissing = "distance,zone,duration,label\n" + (0..<30).map { "\($0),,\($0 * 2),no" }.joined(separator: "\n") + "\n"
        #expect(try await failure(scratch, config: scratch.config(), data: allMissing).contains("categorical feature 'zone' has no values"))
        #expect(try await failure(scratch, config: scratch.config(kind: "ridge").replacingOccurrences(of: "target: duration", with: "target: duration\ntask: binary_classification"), data: good)
            .contains("ridge is a regression model"))
    }
}

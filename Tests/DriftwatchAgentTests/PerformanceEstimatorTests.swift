import DriftStatistics
import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchAgent

/// CBPE in the agent: calibrated on the reference file, estimated over the window, exported next
/// to the realized quality. (The estimate itself is checked against NannyML in DriftStatisticsTests.)
@Suite struct PerformanceEstimatorTests {
    /// A reference file of an overconfident classifier: score = σ(2z), truth ~ Bernoulli(σ(z)).
    static func reference(in directory: URL, rows: Int = 2000, badScoreAt: Int? = nil) throws -> (path: String, scores: [Double], labels: [Bool]) {
        var generator = SplitMix64(seed: 21)
        var csv = "x,y,p\n", scores: [Double] = [], labels: [Bool] = []
        for row in 0..<rows {
            let z = Double(generator.next() % 2000) / 500 - 2
            let label = Double(generator.next() % 10_000) / 10_000 < 1 / (1 + exp(-z))
            let score = row == badScoreAt ? 1.7 : (1 / (1 + exp(-2 * z)) * 1e6).rounded() / 1e6
            csv += "\(z),\(label ? 1 : 0),\(score)\n"
            scores.append(score)
            labels.append(label)
        }
        let path = directory.appendingPathComponent("reference.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        try "columns:\n  - {name: y, kind: categorical, role: target}\n  - {name: p, kind: numeric, role: prediction}\n"
            .write(toFile: directory.appendingPathComponent("schema.yaml").path, atomically: true, encoding: .utf8)
        return (path, scores, labels)
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-cbpe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theWindowsQualityIsEstimatedBeforeItsLabels() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, scores, labels) = try Self.reference(in: directory)
        try "model: m\nreference: {file: reference.csv, schema: schema.yaml}\ntask: binary_classification\nmin_rows: 10\nestimate_performance: true\n"
            .write(toFile: directory.appendingPathComponent("agent.yaml").path, atomically: true, encoding: .utf8)
        let agent = try await Agent.start(configuration: AgentConfiguration.load(path: directory.appendingPathComponent("agent.yaml").path), version: "test")
        // Shifted inputs, half of them labelled.
        let window = (0..<600).map { i -> (Double, Bool) in
            let z = Double(i % 300) / 100 - 1
            return ((1 / (1 + exp(-2 * z)) * 1e6).rounded() / 1e6, i % 7 < 3)
        }
        await agent.ingest(window.enumerated().map { i, row in
            ObservedRow(id: "w\(i)", values: ["x": .number(0), "p": .number(row.0)], actual: i % 2 == 0 ? .text(row.1 ? "1" : "0") : nil, receivedAt: 0)
        })
        let snapshot = try #require(try await agent.evaluate())
        let calibration = try #require(IsotonicCalibration(scores: scores, labels: labels))
        let expected = try #require(ConfidenceBasedPerformance(scores: window.map(\.0), calibrated: window.map { calibration.calibrate($0.0) }))
        #expect(snapshot.estimated == .classification(expected))
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_estimated_model_quality{model=\"m\",metric=\"accuracy\"} \(expected.accuracy)"))
        let realized = try #require(snapshot.accuracy?.metric("accuracy"))
        #expect(metrics.contains("driftwatch_estimated_quality_gap{model=\"m\",metric=\"accuracy\"} \(expected.accuracy - realized)"))
        let page = await agent.statusPage()
        #expect(page.contains("<h2>Model health</h2>") && page.contains(String(format: "estimated accuracy: %.4f (realized on", expected.accuracy)))
    }

    @Test func mistakesAreRefusedWithTheKeyAndLine() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try Self.reference(in: directory, badScoreAt: 41)
        func start(_ yaml: String) async throws -> Agent {
            let path = directory.appendingPathComponent("agent.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return try await Agent.start(configuration: AgentConfiguration.load(path: path), version: "test")
        }
        let base = "model: m\nreference: {file: reference.csv, schema: schema.yaml}\n"
        await #expect { try await start(base + "task: binary_classification\nestimate_performance: true\n") } throws: {
            "\($0)".contains("agent.yaml:4: estimate_performance: 'p' holds 1.7 in reference row 42")
        }
        // A regressor's reference needs numeric truth (here the target is categorical).
        await #expect { try await start(base + "estimate_performance: true\n") } throws: {
            "\($0)".contains("agent.yaml:3: estimate_performance: the reference needs the true values in a numeric column with role target")
        }
        await #expect { try await start("model: m\nreference: {registry: r}\ntask: binary_classification\nestimate_performance: true\n") } throws: {
            "\($0)".contains("it needs reference: {file: …}, not a registry")
        }
        await #expect { try await start(base + "task: binary_classification\nestimate_performance: maybe\n") } throws: {
            "\($0)".contains("estimate_performance must be true or false")
        }
    }
}

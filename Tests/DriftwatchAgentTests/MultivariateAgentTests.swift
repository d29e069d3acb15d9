import DriftwatchData
import DriftwatchLearning
import Foundation
import Testing
@testable import DriftwatchAgent

/// The agent's `multivariate:` setting on the sensor example: a window whose second sensor stopped
/// agreeing with the first is flagged by both methods on `/metrics` and the status page while no
/// column drifts, and the loop's trigger and the config refuse what cannot work.
@Suite struct MultivariateAgentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func rows(_ file: String) throws -> [ObservedRow] {
        let batch = try DatasetReader.readBatch(path: Self.root.appendingPathComponent("examples/sensors/\(file).csv").path, schema: nil)
        return (0..<batch.rowCount).map { row in
            ObservedRow(id: "\(file)-\(row)", values: batch.featureInputs(row: row), actual: nil, receivedAt: 0)
        }
    }

    func agent(_ extra: String = "multivariate: on\n") async throws -> Agent {
        let yaml = "model: sensors\nreference: {file: \(Self.root.path)/examples/sensors/reference.csv}\nwindow: {rows: 2000}\nmin_rows: 100\n" + extra
        return try await Agent.start(configuration: try AgentConfiguration.parse(yaml: yaml, source: "agent.yaml"), version: "test")
    }

    @Test func aBrokenCorrelationShowsOnMetricsAndTheStatusPage() async throws {
        let agent = try await agent()
        _ = await agent.ingest(try rows("current-stable"))
        let calm = try #require(try await agent.evaluate())
        #expect(calm.report.multivariate?.count == 2 && calm.report.multivariate?.allSatisfy { !$0.drift } == true)
        var metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_multivariate_drift{model=\"sensors\",method=\"pca_reconstruction\"} 0.0"), "\(metrics)")
        _ = await agent.ingest(try rows("current-decorrelated"))
        let moved = try #require(try await agent.evaluate())
        #expect(moved.report.dataset.driftedColumns == 0)
        #expect(moved.report.multivariate?.allSatisfy(\.drift) == true, "\(String(describing: moved.report.multivariate))")
        metrics = agent.exporter.render()
        for method in ["pca_reconstruction", "domain_classifier"] {
            #expect(metrics.contains("driftwatch_multivariate_drift{model=\"sensors\",method=\"\(method)\"} 1.0"))
            #expect(metrics.contains("driftwatch_multivariate_value{model=\"sensors\",method=\"\(method)\"}"))
            #expect(metrics.contains("driftwatch_multivariate_threshold{model=\"sensors\",method=\"\(method)\",bound=\"upper\"}"))
        }
        #expect(metrics.contains("driftwatch_multivariate_column_importance_ratio{model=\"sensors\",method=\"domain_classifier\",column=\"temperature_b\"}"))
        let page = await agent.statusPage()
        #expect(page.contains("<h2>Multivariate drift</h2>") && page.contains("temperature_b"))
        // The snapshot, multivariate part included, survives its JSON form (the state store keeps it).
        let decoded = try JSONDecoder().decode(Snapshot.self, from: JSONEncoder().encode(moved))
        #expect(decoded.report.multivariate == moved.report.multivariate)
    }

    @Test func withoutTheSettingNothingMultivariateIsExported() async throws {
        let agent = try await agent("")
        _ = await agent.ingest(try rows("current-decorrelated"))
        let snapshot = try #require(try await agent.evaluate())
        #expect(snapshot.report.multivariate == nil && !agent.exporter.render().contains("driftwatch_multivariate_"))
    }

    @Test func theConfigRefusesWhatCannotWork() async throws {
        func refusal(_ yaml: String) -> String {
            do {
                _ = try AgentConfiguration.parse(yaml: "model: m\n" + yaml, source: "a.yaml")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("reference: {file: r.csv}\nmultivariate: {methods: [mahalanobis]}\n").contains("a.yaml:3: multivariate.methods: 'mahalanobis' is not a method"))
        #expect(refusal("reference: {file: r.csv}\nmultivariate: {domain_classifier_threshold: 0.3}\n").contains("domain_classifier_threshold"))
        #expect(refusal("reference: {file: r.csv}\nmultivariate: {sample: 10}\n").contains("unknown key 'multivariate.sample'"))
        #expect(refusal("reference: {registry: ./r}\nloop: {training: t.yaml, trigger: {multivariate_drift: true}}\n")
            .contains("loop.trigger.multivariate_drift needs the multivariate methods"))
        let parsed = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nmultivariate: {methods: [domain_classifier], max_window_rows: 800}\n", source: "a.yaml")
        #expect(parsed.multivariate?.methods == [.domainClassifier] && parsed.multivariate?.maxWindowRows == 800)

        // A saved profile made without the multivariate part cannot serve the setting.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = try DatasetReader.readBatch(path: Self.root.appendingPathComponent("examples/sensors/reference.csv").path, schema: nil)
        let profile = folder.appendingPathComponent("plain.profile")
        try ReferenceProfile(batch: batch).encodedFile().write(to: profile)
        do {
            _ = try await Agent.start(configuration: try AgentConfiguration.parse(yaml: "model: m\nreference: {file: \(profile.path)}\nmultivariate: on\n", source: "a.yaml"), version: "t")
            Issue.record("a profile without the multivariate part was accepted")
        } catch let error as DataError {
            #expect(error.description.contains("driftwatch profile --multivariate"), "\(error.description)")
        }
    }
}

import DriftwatchData
import DriftwatchReport
import Foundation
import DriftwatchTestSupport
import Testing
@testable import DriftwatchAgent

@Suite struct SnapshotExporterTests {
    func snapshot(shift: Double) async throws -> Snapshot {
        let evaluator = WindowEvaluator(model: "rides", profile: WindowEvaluatorTests().profile(), options: DriftOptions())
        return try evaluator.evaluate(WindowEvaluatorTests().rows(900, shift: shift, labelEvery: 2), now: 1_800_000_000)
    }

    @Test func publishesTheSnapshotAsGauges() async throws {
        let exporter = SnapshotExporter(version: "test")
        await exporter.publish(try await snapshot(shift: 40))
        let text = exporter.render()
        #expect(text.contains(#"driftwatch_build_info{version="test",revision="unknown"} 1"#))
        // A version with build metadata names its revision.
        #expect(SnapshotExporter(version: "0.1.0+1a2b3c4d5e6f").render().contains(#"driftwatch_build_info{version="0.1.0",revision="1a2b3c4d5e6f"} 1"#))
        #expect(text.contains(#"driftwatch_column_drift{model="rides",column="x"} 1"#))
        #expect(text.contains(#"driftwatch_column_drift{model="rides",column="zone"} 0"#))
        #expect(text.contains(#"driftwatch_column_p_value{model="rides",column="x",test="ks"}"#))
        #expect(text.contains(#"driftwatch_column_statistic{model="rides",column="zone",test="chi_square"}"#))
        #expect(text.contains(#"driftwatch_dataset_drift{model="rides"}"#))
        #expect(text.contains(#"driftwatch_window_rows{model="rides"} 900"#))
        #expect(text.contains(#"driftwatch_labelled_rows{model="rides"} 450"#))
        #expect(text.contains(#"driftwatch_model_quality{model="rides",metric="mean_error"} 0.5"#))
        #expect(text.contains(#"driftwatch_last_evaluation_timestamp_seconds{model="rides"} 1800000000"#))
    }

    @Test func staleSeriesDisappearWithTheNextSnapshot() async throws {
        let exporter = SnapshotExporter(version: "test")
        await exporter.publish(try await snapshot(shift: 0))
        #expect(exporter.render().contains("driftwatch_model_quality"))
        let full = try await snapshot(shift: 0)
        var report = full.report
        report.columns.removeAll { $0.name == "zone" }
        let next = Snapshot(model: full.model, modelVersion: full.modelVersion, evaluatedAt: full.evaluatedAt, duration: full.duration,
                            windowRows: full.windowRows, report: report, accuracy: nil, violations: full.violations)
        await exporter.publish(next)
        let text = exporter.render()
        #expect(!text.contains("driftwatch_model_quality{"))
        #expect(!text.contains(#"column="zone""#))
        #expect(text.contains(#"column="x""#))
    }

    @Test func promtoolAcceptsTheExposition() async throws {
        let exporter = SnapshotExporter(version: "test")
        await exporter.publish(try await snapshot(shift: 40))
        guard let (status, report) = try await Promtool.check(exporter.render()) else {
            if Promtool.required { Issue.record("promtool is missing in CI") }
            return
        }
        #expect(status == 0 && report.isEmpty, "promtool: \(report)")
    }
}

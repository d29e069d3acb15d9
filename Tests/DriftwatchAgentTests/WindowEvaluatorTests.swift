import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Testing
@testable import DriftwatchAgent

@Suite struct WindowEvaluatorTests {
    /// Reference: x uniform on a grid, zone a/b/c, target y = 2x, prediction p = 2x + 0.5.
    func profile() -> ReferenceProfile {
        let n = 3000
        let x = (0..<n).map { Double($0 % 100) }
        let schema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric), ColumnSchema(name: "zone", kind: .categorical),
                                      ColumnSchema(name: "y", kind: .numeric, role: .target), ColumnSchema(name: "p", kind: .numeric, role: .prediction)])
        let batch = ColumnarBatch(schema: schema, rowCount: n, columns: [
            .numeric(NumericColumn(values: x)),
            .categorical(CategoricalColumn(values: (0..<n).map { ["a", "b", "c"][$0 % 3] })),
            .numeric(NumericColumn(values: x.map { 2 * $0 })),
            .numeric(NumericColumn(values: x.map { 2 * $0 + 0.5 })),
        ])
        return ReferenceProfile(batch: batch)
    }

    func rows(_ n: Int, shift: Double = 0, labelEvery: Int = 0) -> [ObservedRow] {
        (0..<n).map { i in
            let x = Double((i * 37) % 100) + shift
            return ObservedRow(id: "r\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x + 0.5)],
                               actual: labelEvery > 0 && i % labelEvery == 0 ? .number(2 * x) : nil, receivedAt: 0)
        }
    }

    @Test func stationaryWindowDoesNotDriftAndShiftedOneDoes() async throws {
        var options = DriftOptions()
        options.minimumPSI = 0.1
        let evaluator = WindowEvaluator(model: "m", profile: profile(), options: options)
        let calm = try evaluator.evaluate(rows(1000), modelVersion: 3)
        #expect(!calm.report.dataset.drift)
        #expect(calm.windowRows == 1000 && calm.modelVersion == 3)
        let shifted = try evaluator.evaluate(rows(1000, shift: 40))
        let x = try #require(shifted.report.columns.first { $0.name == "x" })
        let zone = try #require(shifted.report.columns.first { $0.name == "zone" })
        #expect(x.drift && !zone.drift)
        #expect(shifted.report.columns.first { $0.name == "p" }?.drift == true)
    }

    @Test func accuracyUsesLabelledRowsOnly() async throws {
        let evaluator = WindowEvaluator(model: "m", profile: profile(), options: DriftOptions())
        let window = rows(900, labelEvery: 3)
        let snapshot = try evaluator.evaluate(window)
        guard case .regression(let metrics)? = snapshot.accuracy else {
            Issue.record("expected regression accuracy")
            return
        }
        let labelled = window.filter { $0.actual != nil }
        #expect(metrics.count == labelled.count)
        #expect(metrics.meanError == 0.5)  // every prediction is 0.5 above the truth
        #expect(metrics.meanAbsoluteError == 0.5)
        // The labels also stand in for the target column, so target drift is measured on them.
        let target = try #require(snapshot.report.columns.first { $0.name == "y" })
        #expect(target.skippedReason == nil)
        #expect(abs(target.currentMissingRatio - 600.0 / 900.0) < 1e-12)
        #expect(try evaluator.evaluate(rows(10)).accuracy == nil)
    }
}

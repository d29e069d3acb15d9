import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchAgent

/// DLE against NannyML's (`scripts/generate_model_health_fixtures.py`): a regressor whose errors
/// grow with |x1| and in category c, five chunks of shifting inputs.
@Suite struct LossEstimatorTests {
    struct Rows: Decodable { var x1: [Double]; var x2: [Double]; var c: [String]; var y: [Double]; var p: [Double] }
    struct Case: Decodable { var reference: Rows; var chunks: [Rows]; var nannyml: [String: [Double]]; var realized: [[String: Double]] }
    struct File: Decodable { var cases: [Case] }

    static let fixture: Case = {
        let url = Bundle.module.url(forResource: "dle", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases[0]
    }()

    static let schema = Schema(columns: [ColumnSchema(name: "x1", kind: .numeric), ColumnSchema(name: "x2", kind: .numeric), ColumnSchema(name: "c", kind: .categorical),
                                         ColumnSchema(name: "y", kind: .numeric, role: .target), ColumnSchema(name: "p", kind: .numeric, role: .prediction)])

    static func batch(_ rows: Rows) -> ColumnarBatch {
        ColumnarBatch(schema: schema, rowCount: rows.x1.count, columns: [
            .numeric(NumericColumn(values: rows.x1)), .numeric(NumericColumn(values: rows.x2)), .categorical(CategoricalColumn(values: rows.c)),
            .numeric(NumericColumn(values: rows.y)), .numeric(NumericColumn(values: rows.p)),
        ])
    }

    /// Within 5 % of NannyML's estimate (LightGBM there, Driftwatch's own boosting here).
    static let tolerance = 0.05

    @Test func estimatesAgreeWithNannyML() throws {
        let estimator = try LossEstimator.fit(reference: Self.batch(Self.fixture.reference), source: "agent.yaml", line: 3)
        var worst = 0.0
        for (index, chunk) in Self.fixture.chunks.enumerated() {
            let estimate = try #require(estimator.estimate(Self.batch(chunk)))
            let mae = Self.fixture.nannyml["mae"]![index], rmse = Self.fixture.nannyml["rmse"]![index]
            worst = max(worst, abs(estimate.mae / mae - 1), abs(estimate.rmse / rmse - 1))
            #expect(abs(estimate.mae / mae - 1) < Self.tolerance, "chunk \(index) MAE \(estimate.mae) vs NannyML \(mae)")
            #expect(abs(estimate.rmse / rmse - 1) < Self.tolerance, "chunk \(index) RMSE \(estimate.rmse) vs NannyML \(rmse)")
            #expect(estimate.count == chunk.x1.count)
        }
        print("DLE: largest relative difference from NannyML \(worst)")
        // The estimates follow the realized error across the shifts (worst and best chunk agree).
        let estimates = try Self.fixture.chunks.map { try #require(estimator.estimate(Self.batch($0))).mae }
        let realized = Self.fixture.realized.map { $0["mae"]! }
        #expect(estimates.firstIndex(of: estimates.max()!) == realized.firstIndex(of: realized.max()!))
        #expect(estimates.firstIndex(of: estimates.min()!) == realized.firstIndex(of: realized.min()!))
    }

    @Test func theAgentEstimatesARegressorsWindowBeforeItsLabels() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-dle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = Self.fixture.reference
        var csv = "x1,x2,c,y,p\n"
        for i in reference.x1.indices { csv += "\(reference.x1[i]),\(reference.x2[i]),\(reference.c[i]),\(reference.y[i]),\(reference.p[i])\n" }
        try csv.write(to: directory.appendingPathComponent("reference.csv"), atomically: true, encoding: .utf8)
        try "columns:\n  - {name: c, kind: categorical}\n  - {name: y, role: target}\n  - {name: p, role: prediction}\n"
            .write(to: directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
        try "model: m\nreference: {file: reference.csv, schema: schema.yaml}\nmin_rows: 10\nestimate_performance: true\n"
            .write(to: directory.appendingPathComponent("agent.yaml"), atomically: true, encoding: .utf8)
        let agent = try await Agent.start(configuration: AgentConfiguration.load(path: directory.appendingPathComponent("agent.yaml").path), version: "test")
        let chunk = Self.fixture.chunks[2]
        await agent.ingest(chunk.x1.indices.map { i in
            ObservedRow(id: "c\(i)", values: ["x1": .number(chunk.x1[i]), "x2": .number(chunk.x2[i]), "c": .text(chunk.c[i]), "p": .number(chunk.p[i])], receivedAt: 0)
        })
        let snapshot = try #require(try await agent.evaluate())
        guard case .regression(let mae, let rmse, let count)? = snapshot.estimated else { Issue.record("expected a DLE estimate"); return }
        #expect(count == chunk.x1.count)
        #expect(abs(mae / Self.fixture.nannyml["mae"]![2] - 1) < Self.tolerance && abs(rmse / Self.fixture.nannyml["rmse"]![2] - 1) < Self.tolerance)
        #expect(snapshot.accuracy == nil, "no label has come yet")
        #expect(agent.exporter.render().contains("driftwatch_estimated_model_quality{model=\"m\",metric=\"mae\"} \(mae)"))
    }

    @Test func aReferenceWithoutTruthIsRefused() {
        var rows = Self.fixture.reference
        rows.y = rows.y.map { _ in .nan }
        #expect { try LossEstimator.fit(reference: Self.batch(rows), source: "agent.yaml", line: 3) } throws: {
            "\($0)".contains("agent.yaml:3: estimate_performance: the reference needs at least 100 rows with both a prediction and a true value")
        }
    }
}

import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation
import Testing
@testable import DriftwatchAgent

/// The agent watching an embedding (examples/embeddings): vectors arrive as JSON arrays, are kept
/// in the window and the state file, and their MMD test reaches `/metrics` like any column's test.
@Suite struct VectorAgentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func rows(_ file: String) throws -> [ObservedRow] {
        let batch = try DatasetReader.readBatch(path: Self.root.appendingPathComponent("examples/embeddings/\(file).jsonl").path,
                                                schema: SchemaSpec.load(path: Self.root.appendingPathComponent("examples/embeddings/schema.yaml").path))
        return (0..<batch.rowCount).map { ObservedRow(id: "\(file)-\($0)", values: batch.featureInputs(row: $0), receivedAt: 0) }
    }

    func agent() async throws -> Agent {
        let folder = Self.root.appendingPathComponent("examples/embeddings").path
        let yaml = "model: tickets\nreference: {file: \(folder)/reference.jsonl, schema: \(folder)/schema.yaml}\nwindow: {rows: 1000}\nmin_rows: 100\n"
            + "drift: {mmd-permutations: 199, vector-sample: 300}\n"
        return try await Agent.start(configuration: try AgentConfiguration.parse(yaml: yaml, source: "agent.yaml"), version: "test")
    }

    @Test func aNewTopicReachesTheMetricsAsTheEmbeddingsMMD() async throws {
        let agent = try await agent()
        _ = await agent.ingest(try rows("current-stable"))
        let calm = try #require(try await agent.evaluate())
        let stable = try #require(calm.report.columns.first { $0.name == "embedding" })
        #expect(stable.driftTest == .mmd && stable.drift == false && (stable.mmd?.pValue ?? 0) > 0.05, "\(String(describing: stable.mmd))")
        #expect(stable.mmd?.permutations == 199 && stable.mmd?.referenceCount == 300)
        _ = await agent.ingest(try rows("current-shifted"))
        let moved = try #require(try await agent.evaluate())
        let shifted = try #require(moved.report.columns.first { $0.name == "embedding" })
        #expect(shifted.drift && (shifted.mmd?.pValue ?? 1) == 1.0 / 200, "\(String(describing: shifted.mmd))")
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_column_drift{model=\"tickets\",column=\"embedding\"} 1.0"), "\(metrics)")
        #expect(metrics.contains("driftwatch_column_p_value{model=\"tickets\",column=\"embedding\",test=\"mmd\"} 0.005"))
        #expect(metrics.contains("driftwatch_column_statistic{model=\"tickets\",column=\"embedding\",test=\"mmd\"}"))
        #expect(!metrics.contains("driftwatch_column_psi{model=\"tickets\",column=\"embedding\"}"))
        let page = await agent.statusPage()
        #expect(page.contains("embedding") && page.contains("mmd"))
    }

    /// The agent asks a vector column for an effect as well as significance, unless told otherwise.
    @Test func theAgentsRuleAsksForAnMMDEffect() throws {
        let parse = { (drift: String) in try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\n" + drift, source: "a.yaml").drift }
        #expect(try parse("").minimumMMD == 0.005)
        #expect(try parse("drift: {alpha: 0.01}\n").minimumMMD == 0.005)
        #expect(try parse("drift: {min-mmd: 0}\n").minimumMMD == 0)
        // A significant MMD² drifts when it reaches the effect asked for, and not below it.
        var options = AgentConfiguration.defaultDrift
        options.vectorSampleRows = 50
        options.mmdPermutations = 99
        let schema = Schema(columns: [ColumnSchema(name: "v", kind: .vector)])
        func batch(_ shift: Double) throws -> ColumnarBatch {
            // Points spread over the unit square (two coprime strides), moved by `shift` along x.
            let rows: [[Double]?] = (0..<200).map { (i: Int) -> [Double]? in
                let x = Double(i * 7919 % 997) / 997, y = Double(i * 104_729 % 991) / 991
                return [x + shift, y]
            }
            return ColumnarBatch(schema: schema, rowCount: 200, columns: [.vector(try #require(VectorColumn(rows: rows)))])
        }
        let profile = ReferenceProfile(batch: try batch(0))
        func verdict(_ minimum: Double) throws -> (drift: Bool, statistic: Double) {
            options.minimumMMD = minimum
            let column = try DriftEvaluator(options: options).evaluateSerially(profile: profile, current: try batch(0.5)).columns[0]
            return (column.drift, column.mmd?.statistic ?? .nan)
        }
        let significant = try verdict(0)
        #expect(significant.drift, "MMD² \(significant.statistic)")
        #expect(try verdict(significant.statistic / 2).drift)
        #expect(try !verdict(significant.statistic * 2).drift)
    }

    /// A vector of another length than the reference's breaks the schema and is left out; the
    /// window's saved records carry the vectors and read back the same.
    @Test func theWindowKeepsVectorsOfTheReferencesLengthAcrossARestart() throws {
        let batch = try DatasetReader.readBatch(path: Self.root.appendingPathComponent("examples/embeddings/reference.jsonl").path,
                                                schema: SchemaSpec.load(path: Self.root.appendingPathComponent("examples/embeddings/schema.yaml").path))
        let profile = ReferenceProfile(batch: batch)
        var window = SlidingWindow(policy: .rows(10), schema: profile.schema, vectorDimensions: profile.vectorDimensions)
        let good = ObservedRow(id: "a", values: ["embedding": .vector(Array(repeating: 0.25, count: 16)), "length": .number(3)], receivedAt: 1)
        let short = ObservedRow(id: "b", values: ["embedding": .vector([0.5, 0.5]), "length": .number(4)], receivedAt: 2)
        window.append([good, short], now: 2)
        let contents = window.contents()
        #expect(contents.violations.wrongType == ["embedding": 1], "\(contents.violations)")
        guard case .vector(let column)? = contents.batch().column(named: "embedding") else {
            Issue.record("the window's embedding is not a vector column")
            return
        }
        #expect(column.dimensions == 16 && column.rowCount == 2 && column.missingCount == 1)
        let saved = window.takeChanges().written.map(\.record)
        let restored = try saved.map { record in
            var text = record
            return try #require(ObservedRow(try text.withUTF8 { try FlatJSONObject.parse($0) }, receivedAt: 0))
        }
        #expect(restored.first { $0.id == "a" }?.values["embedding"] == .vector(Array(repeating: 0.25, count: 16)))
        #expect(restored.first { $0.id == "b" }?.values["embedding"] == nil, "the short vector was never stored")
    }
}

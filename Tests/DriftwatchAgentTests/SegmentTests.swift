import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation
import Testing
@testable import DriftwatchAgent

/// Segments against sklearn / scipy / numpy (`scripts/generate_model_health_fixtures.py`): a
/// window split by carrier, one carrier's predictions worse than the rest.
@Suite struct SegmentTests {
    /// Within `tolerance` of the reference, relative, or `absolute`.
    func close(_ actual: Double, _ expected: Double, _ tolerance: Double, absolute: Double) -> Bool {
        actual == expected || abs(actual - expected) <= max(tolerance * abs(expected), absolute)
    }

    struct Expected: Decodable {
        var segment: String; var rows: Int; var labelled: Int; var metric: Double; var gap: Double; var p_value: Double
        var selection_rate: Double?; var selection_rate_ratio: Double?; var tpr_difference: Double?
    }
    /// A regressor's truth is a number, a classifier's a class name.
    enum Truth: Decodable {
        case number(Double), text(String)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
        var input: FeatureInput {
            switch self {
            case .number(let value): .number(value)
            case .text(let value): .text(value)
            }
        }
    }
    struct Rows: Decodable { var carrier: [String]; var prediction: [Double]; var actual: [Truth?] }
    struct Case: Decodable {
        var task: String; var top: Int; var reference: [String: Int]; var rows: Rows
        var whole: Double; var segments: [Expected]; var underperforming: String
    }
    struct File: Decodable { var cases: [Case] }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "segments", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    /// A reference whose carrier column has the fixture's counts.
    static func profile(_ reference: [String: Int], classifier: Bool) -> ReferenceProfile {
        let carriers = reference.sorted { $0.key < $1.key }.flatMap { Array(repeating: $0.key, count: $0.value) }
        let schema = Schema(columns: [ColumnSchema(name: "carrier", kind: .categorical), ColumnSchema(name: "x", kind: .numeric),
                                      ColumnSchema(name: "y", kind: classifier ? .categorical : .numeric, role: .target),
                                      ColumnSchema(name: "p", kind: .numeric, role: .prediction)])
        let n = carriers.count
        let batch = ColumnarBatch(schema: schema, rowCount: n, columns: [
            .categorical(CategoricalColumn(values: carriers)),
            .numeric(NumericColumn(values: (0..<n).map(Double.init))),
            classifier ? .categorical(CategoricalColumn(values: (0..<n).map { $0 % 3 == 0 ? "1" : "0" })) : .numeric(NumericColumn(values: (0..<n).map { Double($0 % 40) })),
            .numeric(NumericColumn(values: (0..<n).map { classifier ? Double($0 % 10) / 10 : Double($0 % 40) })),
        ])
        return ReferenceProfile(batch: batch)
    }

    @Test(arguments: 0..<6)
    func segmentsMatchTheReferences(index: Int) async throws {
        let c = Self.cases[index]
        let classifier = c.task == "binary_classification"
        let configuration = try AgentConfiguration.parse(yaml: """
            model: m
            reference: {file: r.csv}
            task: \(c.task)
            window: {rows: 10000}
            min_rows: 10
            segments: [{column: carrier, top: \(c.top), min_labelled_rows: 100}]
            """, source: "a.yaml")
        let agent = try Agent(configuration: configuration, profile: Self.profile(c.reference, classifier: classifier), version: "test")
        let rows = c.rows.carrier.indices.map { i in
            ObservedRow(id: "r\(i)", values: ["carrier": .text(c.rows.carrier[i]), "x": .number(1), "p": .number(c.rows.prediction[i])],
                        actual: c.rows.actual[i]?.input, receivedAt: 0)
        }
        await agent.ingest(rows)
        let snapshot = try #require(try await agent.evaluate())
        #expect(snapshot.segments.map(\.segment) == c.segments.map(\.segment))
        let metric = classifier ? "accuracy" : "rmse"
        #expect(close(try #require(snapshot.accuracy?.metric(metric)), c.whole, 1e-9, absolute: 1e-12))
        for (result, expected) in zip(snapshot.segments, c.segments) {
            let name = "case \(index) \(expected.segment)"
            #expect(result.rows == expected.rows && result.labelledRows == expected.labelled, "\(name)")
            #expect(result.metric == metric)
            #expect(close(try #require(result.accuracy?.metric(metric)), expected.metric, 1e-9, absolute: 1e-12), "\(name)")
            #expect(close(try #require(result.gap), expected.gap, 1e-9, absolute: 1e-12), "\(name)")
            #expect(close(try #require(result.pValue), expected.p_value, 1e-6, absolute: 1e-300), "\(name) p \(result.pValue ?? .nan) vs \(expected.p_value)")
            if classifier {
                #expect(close(try #require(result.selectionRate), try #require(expected.selection_rate), 1e-12, absolute: 0), "\(name)")
                #expect(close(try #require(result.selectionRateRatio), try #require(expected.selection_rate_ratio), 1e-12, absolute: 0), "\(name)")
                #expect(close(try #require(result.truePositiveRateDifference), try #require(expected.tpr_difference), 1e-12, absolute: 1e-15), "\(name)")
            } else {
                #expect(result.selectionRate == nil && result.selectionRateRatio == nil)
            }
            // The verdict: worse by 10 % of the whole window's metric, on ≥ 100 labelled rows, at
            // p < 0.01 divided by the number of segments (Bonferroni).
            let worse = classifier ? expected.metric < c.whole * 0.9 : expected.metric > c.whole * 1.1
            #expect(result.underperforming == (worse && expected.labelled >= 100 && expected.p_value < 0.01 / Double(c.segments.count)), "\(name)")
        }
        // The planted segment is the one flagged in the first two cases of each task.
        if index % 3 < 2 {
            #expect(snapshot.segments.filter(\.underperforming).map(\.segment) == [c.underperforming])
        }
        let metrics = agent.exporter.render()
        let flagged = try #require(snapshot.segments.first { $0.segment == c.underperforming })
        #expect(metrics.contains("driftwatch_segment_underperforming{model=\"m\",segment_column=\"carrier\",segment=\"\(c.underperforming)\"} \(flagged.underperforming ? "1.0" : "0.0")"))
        #expect(metrics.contains("driftwatch_segment_rows{model=\"m\",segment_column=\"carrier\",segment=\"AA\"} \(c.segments[0].rows).0"))
        let page = await agent.statusPage()
        #expect(page.contains("<h2>Segments</h2>") && page.contains(flagged.underperforming ? "UNDERPERFORMING" : "<td class=\"verdict\">ok</td>"))
    }

    @Test func segmentMistakesAreRefusedAtStart() throws {
        func agent(_ segments: String) throws -> Agent {
            let configuration = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nsegments: \(segments)\n", source: "a.yaml")
            return try Agent(configuration: configuration, profile: Self.profile(["AA": 5, "DL": 3], classifier: false), version: "test")
        }
        let mistakes: [(String, String)] = [
            ("[{column: airline}]", "a.yaml:3: segments: column 'airline' is not in the reference"),
            ("[{column: x}]", "a.yaml:3: segments: column 'x' is numeric"),
            ("[{column: carrier, top: 500}]", "segments.top must be a whole number from 1 to 50"),
            ("[{column: carrier}, {column: carrier}]", "segments lists a column twice"),
            ("[{column: carrier, colour: red}]", "unknown key 'segments.colour'"),
            ("[{column: a}, {column: b}, {column: c}, {column: d}, {column: e}, {column: f}]", "at most 5"),
            ("carrier", "segments is a list"),
        ]
        for (yaml, message) in mistakes {
            #expect { try agent(yaml) } throws: { "\($0)".contains(message) }
        }
        let fine = try agent("[{column: carrier, top: 1}]")
        _ = fine
    }
}

/// Drift within segments in the agent: each segment's window rows against the reference file's
/// rows of the same segment — what `check --segment` computes on the same rows.
@Suite struct SegmentDriftInTheAgentTests {
    @Test func aSegmentWhoseOwnInputsMovedDrifts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-segdrift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SplitMix64(seed: 5)
        func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
        // x depends on the segment; in the window, segment b's x moves up while the mix stays.
        func rows(_ n: Int, shiftB: Double) -> [(String, Double)] {
            (0..<n).map { i in
                let segment = ["a", "b", "c"][i % 3]
                return (segment, uniform() * 10 + (segment == "c" ? 5 : 0) + (segment == "b" ? shiftB : 0))
            }
        }
        let reference = rows(3000, shiftB: 0)
        try ("s,x\n" + reference.map { "\($0.0),\($0.1)" }.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("reference.csv"), atomically: true, encoding: .utf8)
        try "model: m\nreference: {file: reference.csv}\nmin_rows: 10\nwindow: {rows: 3000}\nsegments: [{column: s, top: 3}]\n"
            .write(to: directory.appendingPathComponent("agent.yaml"), atomically: true, encoding: .utf8)
        let agent = try await Agent.start(configuration: AgentConfiguration.load(path: directory.appendingPathComponent("agent.yaml").path), version: "test")
        let window = rows(1500, shiftB: 3)
        await agent.ingest(window.enumerated().map { i, row in ObservedRow(id: "w\(i)", values: ["s": .text(row.0), "x": .number(row.1)], receivedAt: 0) })
        let snapshot = try #require(try await agent.evaluate())
        let bySegment = Dictionary(uniqueKeysWithValues: snapshot.segments.map { ($0.segment, $0) })
        #expect(bySegment["b"]?.drift?.dataset.drift == true)
        #expect(bySegment["a"]?.drift?.dataset.drift == false && bySegment["c"]?.drift?.dataset.drift == false)
        // The same as `check --segment` on the same rows.
        let schema = Schema(columns: [ColumnSchema(name: "s", kind: .categorical), ColumnSchema(name: "x", kind: .numeric)])
        func batch(_ rows: [(String, Double)]) -> ColumnarBatch {
            ColumnarBatch(schema: schema, rowCount: rows.count, columns: [.categorical(CategoricalColumn(values: rows.map(\.0))), .numeric(NumericColumn(values: rows.map(\.1)))])
        }
        let checked = try await SegmentDrift.evaluate(column: "s", top: 3, reference: batch(reference), current: batch(window), options: AgentConfiguration.defaultDrift, source: "window")
        for segment in checked {
            let x = bySegment[segment.segment]?.drift?.columns.first { $0.name == "x" }
            let expected = segment.report?.columns.first { $0.name == "x" }
            #expect(x?.ks == expected?.ks && x?.psi == expected?.psi, "segment \(segment.segment)")
        }
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_segment_dataset_drift{model=\"m\",segment_column=\"s\",segment=\"b\"} 1.0"))
        #expect(metrics.contains("driftwatch_segment_column_psi{model=\"m\",segment_column=\"s\",segment=\"a\",column=\"x\"}"))
        #expect(!metrics.contains("segment=\"a\",column=\"s\""), "the segment column itself is not reported within its segments")
    }
}

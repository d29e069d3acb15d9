import DriftwatchData
import DriftwatchLearning
import Foundation
import Testing
@testable import DriftwatchPredictor

/// Batch scoring in segments: plain segments are scored column by column, segments with quotes or
/// blank lines record by record; either way every row keeps its file line, every prediction
/// equals the model's single-record one, and a bad row is named at its true line.
@Suite struct BatchScorerTests {
    /// A CSV of `rows` rides with a quoted field now and then, a blank line, and a bad row; the
    /// file line of each good row and its inputs.
    static func file(rows: Int, bad: Int?) -> (text: String, expected: [(line: Int, inputs: [String: FeatureInput])]) {
        var text = "distance,zone,note\n", line = 2
        var expected: [(Int, [String: FeatureInput])] = []
        for i in 0..<rows {
            if i == rows / 3 {
                text += "\n"  // a blank line
                line += 1
            }
            let distance = Double(i % 40) / 4 + 0.5, zone = ["a", "b", "c", "mars"][i % 4]
            if i == bad {
                text += "far,\(zone),x\n"
            } else if i % 997 == 0 {
                text += "\(distance),\"\(zone)\",\"a note, with a comma\nand a line\"\n"  // two lines in the file
                expected.append((line, ["distance": .number(distance), "zone": .text(zone)]))
                line += 1
            } else {
                text += "\(distance),\(zone),plain\n"
                expected.append((line, ["distance": .number(distance), "zone": .text(zone)]))
            }
            line += 1
        }
        return (text, expected)
    }

    func scorer() async throws -> (BatchScorer, URL) {
        let fixture = try PredictorFixture()
        try await fixture.register()
        let artifact = try await fixture.registry.artifact(model: "rides", version: 1)
        var scorer = BatchScorer(model: ServingModel(name: "rides", version: 1, artifact: artifact))
        scorer.segmentBytes = 2_000
        return (scorer, fixture.directory)
    }

    @Test func segmentsKeepLinesAndEqualSingleRecordPredictions() async throws {
        let (scorer, directory) = try await scorer()
        let (text, expected) = Self.file(rows: 3_000, bad: nil)
        let input = directory.appendingPathComponent("in.csv"), output = directory.appendingPathComponent("out.csv")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let summary = try scorer.run(input: input.path, output: output.path)
        #expect(summary.scored == expected.count)
        #expect(summary.columnarSegments > 10 && summary.recordSegments >= 3, "\(summary)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == expected.count)
        for (line, want) in zip(lines, expected) {
            let fields = line.split(separator: ",")
            #expect(fields[0] == Substring(String(want.line)), "\(line) should be line \(want.line)")
            let single = try scorer.model.predict(want.inputs).value
            #expect(abs(Double(fields[1])! - single) <= 1e-9 * max(1, abs(single)), "line \(want.line)")
        }
    }

    @Test func aBadRowIsNamedAtItsLineOrSkipped() async throws {
        var (scorer, directory) = try await scorer()
        let (text, expected) = Self.file(rows: 2_000, bad: 1_500)
        let input = directory.appendingPathComponent("bad.csv"), output = directory.appendingPathComponent("out.csv")
        try text.write(to: input, atomically: true, encoding: .utf8)
        // The bad row's line: the line after the last good row before it.
        let badLine = try #require(expected.last { $0.line < expected[1_499].line + 2 }).line + 1
        #expect(throws: DataError(file: input.path, line: badLine, column: "distance", "feature 'distance' must be a number, got \"far\"")) {
            try scorer.run(input: input.path, output: output.path)
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        scorer.skipBadRows = true
        let summary = try scorer.run(input: input.path, output: output.path)
        #expect(summary.scored == expected.count && summary.skipped == 1)
        #expect(summary.firstProblem?.hasPrefix("\(input.path):\(badLine):") == true, "\(summary.firstProblem ?? "")")
    }
}

import Foundation
import Testing

@Suite struct CheckCommandTests {
    let reference = "examples/rides/reference.csv"
    let schema = "examples/rides/schema.yaml"

    @Test func driftExitsOneAndStableExitsZero() async throws {
        let drifted = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema])
        #expect(drifted.status == 1, "stderr: \(drifted.stderr)")
        #expect(drifted.stdout.contains("Dataset drift detected"))
        let stable = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current-stable.csv", "--schema", schema])
        #expect(stable.status == 0, "stderr: \(stable.stderr)")
        #expect(stable.stdout.contains("No dataset drift"))
    }

    @Test func jsonFormatIsParseableAndOutputGoesToAFile() async throws {
        let scratch = try CommandRunner.Scratch()
        let path = scratch.url.appendingPathComponent("report.json").path
        let result = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--format", "json", "--output", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect((object["dataset_drift"] as? [String: Any])?["drift"] as? Bool == true)
    }

    @Test func segmentsAreReportedInEveryFormatAndMistakesExitTwo() async throws {
        let args = ["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--segment", "PU_location", "--segment-top", "3"]
        let json = try await CommandRunner.run(args + ["--format", "json"])
        #expect(json.status == 1, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let segmentation = try #require(object["segmentation"] as? [String: Any])
        #expect(segmentation["column"] as? String == "PU_location")
        #expect((segmentation["segments"] as? [[String: Any]])?.map { $0["segment"] as? String }.last == "__other__")
        #expect(object["dataset_drift"] != nil, "the report's own keys stay")
        let text = try await CommandRunner.run(args)
        #expect(text.stdout.contains("Segments by PU_location:") && text.stdout.contains("__other__"))
        let markdown = try await CommandRunner.run(args + ["--format", "markdown"])
        #expect(markdown.stdout.contains("## Segments by `PU_location`"))
        let html = try await CommandRunner.run(args + ["--format", "html"])
        #expect(html.stdout.contains("<h2>Segments by PU_location</h2>") && html.stdout.hasSuffix("</html>\n"))
        let numeric = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--segment", "trip_distance"])
        #expect(numeric.status == 2 && numeric.stderr.contains("--segment: column 'trip_distance' is numeric"), "\(numeric.stderr)")
        let tooMany = try await CommandRunner.run(args.dropLast() + ["80"])
        #expect(tooMany.status == 2 && tooMany.stderr.contains("--segment-top must be from 1 to 50"), "\(tooMany.stderr)")
    }

    @Test func optionsChangeTheVerdict() async throws {
        // With a drift share of 1 every column would have to drift; passenger_count does not.
        let result = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--drift-share", "1", "--format", "markdown", "--correction", "benjamini-hochberg"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("## Driftwatch drift report"))
        #expect(result.stdout.contains("after benjamini-hochberg correction"))
    }

    @Test func settingsFileAppliesAndFlagsOverrideIt() async throws {
        let scratch = try CommandRunner.Scratch()
        // Every column would have to drift: the stable-by-KS passenger_count keeps the dataset clean.
        let config = try scratch.write("drift.yaml", "drift-share: 1\n")
        let fromFile = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--config", config])
        #expect(fromFile.status == 0, "stderr: \(fromFile.stderr)")
        let overridden = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--config", config, "--drift-share", "0.5"])
        #expect(overridden.status == 1, "stderr: \(overridden.stderr)")
        let bad = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--config", try scratch.write("bad.yaml", "drift_share: 1\n")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yaml:1: unknown key 'drift_share'"))
    }

    @Test func inferredSchemaIsAnnouncedAndPrintable() async throws {
        let check = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current-stable.csv", "--format", "html"])
        #expect(check.stderr.contains("kinds inferred from \(reference)"))
        #expect(check.stdout.hasPrefix("<!DOCTYPE html>"))
        let schema = try await CommandRunner.run(["schema", "--data", reference])
        #expect(schema.status == 0)
        #expect(schema.stdout.contains("- {name: trip_distance, kind: numeric}"))
        #expect(schema.stdout.contains("- {name: payment_type, kind: categorical}"))
    }

    /// Every kind of bad input: exit status 2 and one line on stderr that says what and where.
    @Test func badInputExitsTwoWithALocatedMessage() async throws {
        let scratch = try CommandRunner.Scratch()
        let good = try scratch.write("good.csv", "x,c\n1,a\n2,b\n3,a\n")
        let cases: [(String, [String], String)] = [
            ("missing file", ["--reference", scratch.url.appendingPathComponent("nope.csv").path, "--current", good], "nope.csv: no such file"),
            ("ragged row", ["--reference", good, "--current", try scratch.write("ragged.csv", "x,c\n1,a\n2\n")], "ragged.csv:3: expected 2 fields as in the header, found 1"),
            ("non-number", ["--reference", good, "--current", try scratch.write("text.csv", "x,c\n1,a\nfast,b\n")], "text.csv:3: column 'x': 'fast' is not a number, but the column is numeric"),
            ("empty file", ["--reference", try scratch.write("empty.csv", ""), "--current", good], "empty.csv: the file is empty"),
            ("header only", ["--reference", good, "--current", try scratch.write("header.csv", "x,c\n")], "header.csv: the file has a header but no data rows"),
            ("invalid UTF-8", ["--reference", good, "--current", try scratch.write("latin1.csv", Data("x,c\n1,".utf8) + Data([0xE9]) + Data("\n".utf8))], "latin1.csv:2: column 'c': invalid UTF-8"),
            ("schema column missing", ["--reference", good, "--current", good, "--schema", try scratch.write("s.yaml", "columns:\n  - {name: fare, kind: numeric}\n")], "column 'fare': the schema names this column but the data has no such column"),
            ("column missing from current", ["--reference", good, "--current", try scratch.write("less.csv", "x\n1\n")], "less.csv:1: column 'c': the schema names this column but the data has no such column"),
            ("bad alpha", ["--reference", good, "--current", good, "--alpha", "2"], "alpha must be between 0 and 1"),
            ("bad format", ["--reference", good, "--current", good, "--format", "pdf"], "pdf"),
            ("missing option", ["--reference", good], "--current"),
        ]
        for (name, arguments, message) in cases {
            let result = try await CommandRunner.run(["check"] + arguments)
            #expect(result.status == 2, "\(name): exit \(result.status), stderr \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): stderr was \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(name): nothing on stdout")
        }
    }

    @Test func jsonLinesInputWorks() async throws {
        let scratch = try CommandRunner.Scratch()
        let reference = try scratch.write("ref.jsonl", (0..<200).map { "{\"x\": \($0 % 20), \"c\": \"\($0 % 3 == 0 ? "a" : "b")\"}" }.joined(separator: "\n") + "\n")
        let current = try scratch.write("cur.jsonl", (0..<200).map { "{\"x\": \($0 % 20 + 15), \"c\": \"a\"}" }.joined(separator: "\n") + "\n")
        let result = try await CommandRunner.run(["check", "--reference", reference, "--current", current, "--format", "json"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["x", "c"])
        #expect(columns.map { $0["kind"] as? String } == ["numeric", "categorical"])
    }

    /// The same rows as Parquet give the same report as CSV, byte for byte.
    @Test func parquetInputGivesTheReportCSVGives() async throws {
        let fromCSV = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--format", "json"])
        let fromParquet = try await CommandRunner.run(["check", "--reference", "examples/rides/reference.parquet", "--current", "examples/rides/current.parquet", "--schema", schema, "--format", "json"])
        #expect(fromParquet.status == 1, "stderr: \(fromParquet.stderr)")
        #expect(fromParquet.stdout.replacingOccurrences(of: "current.parquet", with: "current.csv") == fromCSV.stdout)
        let inferred = try await CommandRunner.run(["schema", "--data", "examples/rides/reference.parquet"])
        #expect(inferred.stdout.contains("- {name: PU_DO, kind: categorical}"))
        #expect(inferred.stdout.contains("- {name: passenger_count, kind: numeric}"))
    }

    /// A saved profile stands in for the reference data: same report; a schema beside it or
    /// other bins are refused; a damaged profile is named.
    @Test func savedProfileGivesTheSameReport() async throws {
        let scratch = try CommandRunner.Scratch()
        let profile = scratch.url.appendingPathComponent("ref.profile").path
        let made = try await CommandRunner.run(["profile", "--reference", "examples/rides/reference.parquet", "--schema", schema, "--output", profile])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        #expect(made.stderr.contains("profiled 4000 rows"))
        let fromData = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/rides/current.csv", "--schema", schema, "--format", "json"])
        let fromProfile = try await CommandRunner.run(["check", "--reference", profile, "--current", "examples/rides/current.csv", "--format", "json"])
        #expect(fromProfile.status == 1, "stderr: \(fromProfile.stderr)")
        #expect(fromProfile.stdout == fromData.stdout)
        #expect(fromProfile.stderr.isEmpty)
        let withSchema = try await CommandRunner.run(["check", "--reference", profile, "--current", "examples/rides/current.csv", "--schema", schema])
        #expect(withSchema.status == 2)
        #expect(withSchema.stderr.contains("is a saved profile, which carries its own schema"))
        let otherBins = try await CommandRunner.run(["check", "--reference", profile, "--current", "examples/rides/current.csv", "--bins", "20"])
        #expect(otherBins.status == 2)
        #expect(otherBins.stderr.contains("the profile was built with 10 PSI bins but 20 are asked for"))
        var damaged = try Data(contentsOf: URL(fileURLWithPath: profile))
        damaged[damaged.count - 10] ^= 0xFF
        let corrupt = try await CommandRunner.run(["check", "--reference", try scratch.write("bad.profile", damaged), "--current", "examples/rides/current.csv"])
        #expect(corrupt.status == 2)
        #expect(corrupt.stderr.contains("bad.profile: checksum mismatch: the file is corrupt"))
        let truncated = try await CommandRunner.run(["check", "--reference", try scratch.write("short.profile", damaged.prefix(damaged.count / 2)), "--current", "examples/rides/current.csv"])
        #expect(truncated.stderr.contains("short.profile: truncated or extended"))
    }

    @Test func badParquetFilesExitTwo() async throws {
        let fixtures = "Tests/DriftwatchDataTests/Fixtures/parquet/"
        let cases = [("lz4.parquet", "compression codec LZ4_RAW is not supported"), ("nested.parquet", "nested or repeated field 'tags' is not supported"),
                     ("truncated.parquet", "truncated or corrupt"), ("corrupt-page.parquet", "does not match its checksum")]
        for (file, message) in cases {
            let result = try await CommandRunner.run(["check", "--reference", fixtures + file, "--current", "examples/rides/current.csv"])
            #expect(result.status == 2, "\(file)")
            #expect(result.stderr.contains(fixtures + file) && result.stderr.contains(message), "\(file): \(result.stderr)")
        }
    }

    @Test func helpExitsZero() async throws {
        let result = try await CommandRunner.run(["check", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--psi-threshold"))
    }
}

import Foundation
import Testing

/// `driftwatch check` on the embedding example (scripts/generate_embedding_example.py): tickets
/// about a topic the reference never had move the embedding's direction, which the MMD test of
/// the vector column flags, while the ticket's length and channel stay as they were.
@Suite struct VectorCheckTests {
    let folder = "examples/embeddings"

    func check(_ arguments: [String], schema: Bool = true) async throws -> (CommandRunner.Result, [String: Any]) {
        let result = try await CommandRunner.run(["check", "--format", "json"] + (schema ? ["--schema", "\(folder)/schema.yaml"] : []) + arguments)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (result, object)
    }

    func embedding(_ report: [String: Any]) throws -> [String: Any] {
        try #require((report["columns"] as? [[String: Any]])?.first { $0["name"] as? String == "embedding" })
    }

    @Test func aNewTopicMovesTheEmbeddingAndNothingElse() async throws {
        let (shifted, moved) = try await check(["--reference", "\(folder)/reference.jsonl", "--current", "\(folder)/current-shifted.jsonl"])
        let column = try embedding(moved)
        let mmd = try #require(column["mmd"] as? [String: Any])
        #expect(column["kind"] as? String == "vector" && column["drift_test"] as? String == "mmd" && column["drift"] as? Bool == true)
        #expect((mmd["p_value"] as? Double ?? 1) <= 0.01 && (mmd["statistic"] as? Double ?? 0) > 0, "\(mmd)")
        #expect(mmd["permutations"] as? Int == 999 && mmd["reference_vectors"] as? Int == 500 && mmd["current_vectors"] as? Int == 500)
        #expect(column["psi"] == nil && column["ks"] == nil, "no per-number statistic for a vector")
        let others = (moved["columns"] as? [[String: Any]] ?? []).filter { $0["name"] as? String != "embedding" }
        #expect(others.allSatisfy { $0["drift"] as? Bool == false }, "\(others)")
        // One column of three: not the dataset's drift at the default share, but at a third it is.
        #expect(shifted.status == 0 && (moved["dataset_drift"] as? [String: Any])?["drifted_columns"] as? Int == 1)
        let (failed, _) = try await check(["--reference", "\(folder)/reference.jsonl", "--current", "\(folder)/current-shifted.jsonl", "--drift-share", "0.3"])
        #expect(failed.status == 1)

        let (stable, calm) = try await check(["--reference", "\(folder)/reference.jsonl", "--current", "\(folder)/current-stable.jsonl"])
        #expect(try embedding(calm)["drift"] as? Bool == false && stable.status == 0, "\(stable.stdout)")

        // Compared on the reference's first four principal components instead of all sixteen numbers.
        let (_, reduced) = try await check(["--reference", "\(folder)/reference.jsonl", "--current", "\(folder)/current-shifted.jsonl", "--vector-components", "4"])
        let projected = try #require(try embedding(reduced)["mmd"] as? [String: Any])
        #expect(projected["dimensions"] as? Int == 4 && (projected["p_value"] as? Double ?? 1) <= 0.01, "\(projected)")
        let (_, reducedCalm) = try await check(["--reference", "\(folder)/reference.jsonl", "--current", "\(folder)/current-stable.jsonl", "--vector-components", "4"])
        #expect(try embedding(reducedCalm)["drift"] as? Bool == false)
    }

    /// A saved profile keeps the reference's vectors; checks against it reach the same verdicts,
    /// and the text report shows the test.
    @Test func aProfileKeepsTheVectorsAndEveryFormatShowsThem() async throws {
        let scratch = try CommandRunner.Scratch()
        let profile = scratch.url.appendingPathComponent("tickets.profile").path
        let saved = try await CommandRunner.run(["profile", "--reference", "\(folder)/reference.jsonl", "--schema", "\(folder)/schema.yaml", "--output", profile])
        #expect(saved.status == 0, "\(saved.stderr)")
        let (fromProfile, report) = try await check(["--reference", profile, "--current", "\(folder)/current-shifted.jsonl", "--vector-sample", "300", "--mmd-permutations", "199"], schema: false)
        let mmd = try #require(try embedding(report)["mmd"] as? [String: Any])
        let drifted = try embedding(report)["drift"] as? Bool
        #expect(fromProfile.status == 0 && drifted == true && mmd["reference_vectors"] as? Int == 300 && mmd["permutations"] as? Int == 199)
        let text = try await CommandRunner.run(["check", "--reference", profile, "--current", "\(folder)/current-shifted.jsonl"])
        #expect(text.stdout.contains("embedding") && text.stdout.contains("MMD²=") && text.stdout.contains("mmd"))
    }

    @Test func vectorsOfAnotherLengthOrBadOptionsExitTwo() async throws {
        let scratch = try CommandRunner.Scratch()
        let short = try scratch.write("short.jsonl", "{\"ticket_id\": \"x\", \"length\": 3, \"channel\": \"chat\", \"embedding\": [0.5, 0.5]}\n"
                                      + "{\"ticket_id\": \"y\", \"length\": 4, \"channel\": \"chat\", \"embedding\": [0.25, 0.75]}\n")
        let result = try await CommandRunner.run(["check", "--reference", "\(folder)/reference.jsonl", "--current", short, "--schema", "\(folder)/schema.yaml"])
        #expect(result.status == 2 && result.stderr.contains("column 'embedding': has vectors of 2 numbers here but 16 in the reference"), "\(result.stderr)")
        let options = try await CommandRunner.run(["check", "--reference", "\(folder)/reference.jsonl", "--current", short, "--vector-sample", "5000"])
        #expect(options.status == 2 && options.stderr.contains("vector-sample must be between 2 and 1000"), "\(options.stderr)")
    }
}

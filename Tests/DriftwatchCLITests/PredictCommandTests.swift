import DriftwatchData
import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
import GRDB
import Testing

/// `driftwatch predict`: a file scored record by record agrees with the model scoring the whole
/// file as one batch (another encoding path), in both output formats; bad rows stop the run (or
/// are skipped and counted) without leaving a half-written output.
@Suite struct PredictCommandTests {
    @Test func logsBatchPredictionsOnceWhereTheAgentReadsThem() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        #expect(try await CommandRunner.run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"]).status == 0)
        #expect(try await CommandRunner.run(["models", "promote", "ride-duration", "1", "--registry", registry]).status == 0)
        let input = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/current.csv").path
        let output = scratch.url.appendingPathComponent("out.csv").path
        let arguments = ["predict", "--registry", registry, "--model", "ride-duration", "--input", input, "--output", output, "--id-column", "ride_id", "--log"]
        let first = try await CommandRunner.run(arguments)
        #expect(first.status == 0 && first.stderr.contains("logged 3000 predictions as 'batch'"), "\(first.stderr)")
        // Run again: the same rows are not logged twice.
        #expect(try await CommandRunner.run(arguments).status == 0)
        let log = try DatabaseQueue(path: registry + "/predictions.sqlite")
        let rows = try await log.read { try Row.fetchAll($0, sql: "SELECT id, instance, model_version, features, prediction FROM prediction ORDER BY seq") }
        #expect(rows.count == 3000)
        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        for (row, line) in zip(rows, written) {
            #expect(row["id"] as String == "ride-duration-v1-" + line[0] && row["instance"] as String == "batch" && row["model_version"] as Int == 1)
            #expect(abs((row["prediction"] as Double) - Double(line[1])!) <= 1e-12 * max(1, abs(Double(line[1])!)))
            #expect((row["features"] as String).contains("\"trip_distance\":"))
        }
        // The predictor serves the batch rows to an agent that pulls with instance=batch.
        let port = try freeLoopbackPort()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration", "--listen", "127.0.0.1:\(port)"])
        defer { if server.isRunning { server.terminate() } }
        try await Loopback.waitFor("the server", seconds: 60) { (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200 }
        let page = try await Loopback.request("http://127.0.0.1:\(port)/v1/predictions?after=0&limit=10&instance=batch")
        let object = try #require(try JSONSerialization.jsonObject(with: page.data) as? [String: Any])
        #expect((object["predictions"] as? [[String: Any]])?.count == 10)
        let own = try await Loopback.request("http://127.0.0.1:\(port)/v1/predictions?after=0&limit=10")
        #expect(((try JSONSerialization.jsonObject(with: own.data) as? [String: Any])?["predictions"] as? [Any])?.isEmpty == true)
        // --log-path without --log is a usage error.
        let stray = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--input", input, "--output", output, "--log-path", "x.sqlite"])
        #expect(stray.status == 2 && stray.stderr.contains("add --log"))
    }

    @Test func scoresAFileAsTheModelScoresItsBatch() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        let train = try await CommandRunner.run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let input = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/current.csv").path
        // No champion yet: a clear error, exit 2.
        let noAlias = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--input", input, "--output", scratch.url.appendingPathComponent("x.csv").path])
        #expect(noAlias.status == 2 && noAlias.stderr.contains("has no alias 'champion'"), "\(noAlias.stderr)")
        let csvPath = scratch.url.appendingPathComponent("out.csv").path, jsonPath = scratch.url.appendingPathComponent("out.jsonl").path
        let csv = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "1", "--input", input, "--output", csvPath, "--id-column", "ride_id"])
        #expect(csv.status == 0 && csv.stderr.contains("scored 3000 rows with ride-duration version 1"), "\(csv.stderr)")
        let json = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "1", "--input", input, "--output", jsonPath])
        #expect(json.status == 0, "\(json.stderr)")

        // The model over the whole file as one columnar batch.
        let artifact = try await Registry.open(registry).artifact(model: "ride-duration", version: 1)
        let batch = try DatasetReader.readBatch(path: input, schema: artifact.schema)
        let expected = try artifact.model.predict(batch)
        let everything = try DatasetReader.readBatch(path: input, schema: nil)
        guard case .categorical(let ids)? = everything.column(named: "ride_id") else {
            Issue.record("ride_id is not read as text")
            return
        }
        let lines = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "id,prediction,model,model_version")
        #expect(lines.count == expected.count + 1)
        for (row, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",")
            #expect(fields.count == 4 && String(fields[0]) == ids.value(at: row) && fields[2] == "ride-duration" && fields[3] == "1")
            let prediction = try #require(Double(fields[1]))
            #expect(abs(prediction - expected[row]) <= 1e-9 * max(1, abs(expected[row])), "row \(row): \(prediction) vs \(expected[row])")
        }
        let objects = try String(contentsOfFile: jsonPath, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == expected.count)
        #expect(objects.first?["id"] as? String == "2", "without --id-column the id is the input's line")
        #expect(zip(objects, expected).allSatisfy { abs(($0["prediction"] as? Double ?? .nan) - $1) <= 1e-9 * max(1, abs($1)) })
    }

    @Test func badRowsStopTheRunOrAreSkipped() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        _ = try await CommandRunner.run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"])
        let input = try scratch.write("in.csv", "trip_distance,pickup_hour,weekday,PU_location,DO_location\n3.2,8,2,Midtown,Airport\nabc,8,2,Midtown,Airport\n1.5,9,3,Old Town,Market\n")
        let output = scratch.url.appendingPathComponent("out.csv").path
        let stopped = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "1", "--input", input, "--output", output])
        #expect(stopped.status == 2 && stopped.stderr.contains("in.csv:3: column 'trip_distance': feature 'trip_distance' must be a number, got \"abc\""), "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output), "no half-written output")
        let skipped = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "1", "--input", input, "--output", output, "--skip-bad-rows"])
        #expect(skipped.status == 0 && skipped.stderr.contains("scored 2 rows") && skipped.stderr.contains("skipped 1 bad rows"), "\(skipped.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["id", "2", "4"])
        let ragged = try scratch.write("ragged.csv", "trip_distance,pickup_hour\n3.2,8,2\n")
        let refused = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "1", "--input", ragged, "--output", output])
        #expect(refused.status == 2 && refused.stderr.contains("ragged.csv:2: has 3 fields where the header has 2"), "\(refused.stderr)")
        let missing = try await CommandRunner.run(["predict", "--registry", registry, "--model", "ride-duration", "--version", "9", "--input", input, "--output", output])
        #expect(missing.status == 2 && missing.stderr.contains("has no version 9"), "\(missing.stderr)")
    }
}

import DriftwatchTestSupport
import Foundation
import Testing

/// `driftwatch models import`: the example ride model trained in Python (examples/xgboost/train.py)
/// serves and scores exactly as `Booster.predict` does (scripts/generate_imported_model_fixtures.py
/// wrote its answers for every row of current.csv), from its JSON, its UBJSON and its MLflow model
/// directory; bad files are refused with exit 2 and leave no registry behind.
@Suite struct ImportCommandTests {
    static let fixtures = CommandRunner.repositoryRoot.appendingPathComponent("Tests/DriftwatchCLITests/Fixtures/xgboost-rides")
    static let current = CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/current.csv").path

    /// `ride_id → Booster.predict` from the fixture.
    static func expected() throws -> [String: Double] {
        let lines = try String(contentsOf: fixtures.appendingPathComponent("predictions.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            let fields = line.split(separator: ",")
            return (String(fields[0]), Double(fields[1])!)
        })
    }

    static func importArguments(_ source: [String], registry: String) -> [String] {
        ["models", "import", "rides-xgb"] + source + ["--schema", "examples/rides/schema.yaml", "--reference", "examples/rides/reference.csv", "--registry", registry]
    }

    @Test func everyFormScoresAsBoosterPredict() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        let sources = [["--xgboost", Self.fixtures.appendingPathComponent("model.json").path],
                       ["--xgboost", Self.fixtures.appendingPathComponent("model.ubj").path],
                       ["--mlflow-model", Self.fixtures.appendingPathComponent("mlflow-model").path]]
        let expected = try Self.expected()
        for (index, source) in sources.enumerated() {
            let imported = try await CommandRunner.run(Self.importArguments(source, registry: registry))
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("Registered rides-xgb version \(index + 1)") && imported.stdout.contains("PU_DO (categorical)")
                && imported.stdout.contains("reference: 4000 rows"), "\(imported.stdout)")
            let output = scratch.url.appendingPathComponent("out-\(index).csv").path
            let scored = try await CommandRunner.run(["predict", "--registry", registry, "--model", "rides-xgb", "--version", String(index + 1),
                                                      "--input", Self.current, "--output", output, "--id-column", "ride_id"])
            #expect(scored.status == 0 && scored.stderr.contains("scored 3000 rows"), "\(scored.stderr)")
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            #expect(lines.count == expected.count)
            var worst = 0.0
            for line in lines {
                let fields = line.split(separator: ",")
                let want = try #require(expected[String(fields[0])]), got = try #require(Double(fields[1]))
                worst = max(worst, abs(got - want) / max(1, abs(want)))
            }
            #expect(worst <= 1e-5, "largest relative difference from Booster.predict: \(worst)")
        }
        // The version's registry entry: a run with where it came from, a reference profile.
        let show = try await CommandRunner.run(["models", "show", "rides-xgb", "--registry", registry, "--format", "json"])
        #expect(show.status == 0 && show.stdout.contains("reference_rmse"), "\(show.stdout)")
    }

    @Test func servesTheImportedBoosterOnPredictAndInvocations() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        #expect(try await CommandRunner.run(Self.importArguments(["--xgboost", Self.fixtures.appendingPathComponent("model.ubj").path], registry: registry)).status == 0)
        #expect(try await CommandRunner.run(["models", "promote", "rides-xgb", "1", "--registry", registry]).status == 0)
        let port = try freeLoopbackPort()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "rides-xgb", "--listen", "127.0.0.1:\(port)"])
        defer { if server.isRunning { server.terminate() } }
        try await Loopback.waitFor("the server", seconds: 60) { (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200 }
        let expected = try Self.expected()
        let rows = try String(contentsOfFile: Self.current, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = rows[0].split(separator: ",").map(String.init)
        var records: [[String: Any]] = [], ids: [String] = []
        for line in rows.dropFirst().prefix(40) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var record: [String: Any] = [:]
            for (name, field) in zip(header, fields) where ["trip_distance", "pickup_hour", "PU_DO", "payment_type"].contains(name) {
                record[name] = ["trip_distance", "pickup_hour"].contains(name) ? Double(field)! as Any : field
            }
            records.append(record)
            ids.append(fields[0])
        }
        #expect(records.count == 40 && records.allSatisfy { $0.count == 4 })
        for (record, id) in zip(records, ids) {
            let answer = try await Loopback.request("http://127.0.0.1:\(port)/predict", body: try JSONSerialization.data(withJSONObject: record))
            #expect(answer.status == 200)
            let prediction = try #require((try JSONSerialization.jsonObject(with: answer.data) as? [String: Any])?["prediction"] as? Double)
            #expect(abs(prediction - expected[id]!) <= 1e-5 * max(1, abs(expected[id]!)), "ride \(id)")
        }
        let batch = try await Loopback.request("http://127.0.0.1:\(port)/invocations", body: try JSONSerialization.data(withJSONObject: ["dataframe_records": records]))
        let predictions = try #require((try JSONSerialization.jsonObject(with: batch.data) as? [String: Any])?["predictions"] as? [Double], "\(batch.status) \(String(decoding: batch.data, as: UTF8.self))")
        #expect(predictions.count == ids.count)
        for (prediction, id) in zip(predictions, ids) { #expect(abs(prediction - expected[id]!) <= 1e-5 * max(1, abs(expected[id]!))) }
        // A record without a feature is refused, naming it.
        let incomplete = try await Loopback.request("http://127.0.0.1:\(port)/predict", body: #"{"trip_distance": 2.0, "pickup_hour": 8, "payment_type": "card"}"#)
        #expect(incomplete.status == 400 && String(decoding: incomplete.data, as: UTF8.self).contains("PU_DO"))
    }

    @Test func badModelsExitTwoAndRegisterNothing() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        let model = try String(contentsOf: Self.fixtures.appendingPathComponent("model.json"), encoding: .utf8)
        let ubj = try Data(contentsOf: Self.fixtures.appendingPathComponent("model.ubj"))
        func write(_ name: String, _ data: Data) throws -> String {
            let path = scratch.url.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
        let numericSchema = try String(contentsOfFile: CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/schema.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "{name: PU_DO, kind: categorical, test: psi}", with: "{name: PU_DO, kind: numeric}")
        let cases: [(arguments: [String], message: String)] = [
            (["--xgboost", Self.current], "current.csv: is not an XGBoost model in JSON or UBJSON form"),
            (["--xgboost", try write("truncated.ubj", ubj.prefix(ubj.count / 2))], "truncated.ubj: is not an XGBoost model"),
            (["--xgboost", try write("softmax.json", Data(model.replacingOccurrences(of: "\"name\":\"reg:squarederror\"", with: "\"name\":\"multi:softmax\"").utf8))],
             "softmax.json: learner.objective.name objective 'multi:softmax' is not supported"),
            (["--xgboost", try write("linear.json", Data(model.replacingOccurrences(of: "\"name\":\"gbtree\"", with: "\"name\":\"gblinear\"").utf8))],
             "linear.json: learner.gradient_booster.name booster 'gblinear' is not supported"),
            (["--xgboost", Self.fixtures.appendingPathComponent("model.json").path, "--schema", try write("schema.yaml", Data(numericSchema.utf8))],
             "schema.yaml: column 'PU_DO': is numeric here, but the booster's feature names one-hot it"),
            (["--mlflow-model", scratch.url.path], "MLmodel: no such file"),
            (["--mlflow", "http://127.0.0.1:1", "--model-uri", "models:/"], "--model-uri: 'models:/' names no version or alias"),
        ]
        for (arguments, message) in cases {
            var full = ["models", "import", "rides-xgb"] + arguments + ["--registry", registry]
            if !arguments.contains("--schema") { full += ["--target", "duration"] }
            let result = try await CommandRunner.run(full)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            let line = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(line.contains(message) && !line.contains("\n"), "expected '\(message)' in: \(line)")
            #expect(!FileManager.default.fileExists(atPath: registry), "\(arguments) left a registry behind")
        }
    }
}

import DriftwatchTestSupport
import Foundation
import Testing

extension PythonToolTests {
    /// `driftwatch models import --mlflow URL --model-uri …` against a real MLflow tracking server
    /// (PyPI's `mlflow server`, SQLite backend, artifacts proxied) on loopback: the ride model is
    /// trained and logged the way the guide does it (examples/xgboost/train.py: mlflow.xgboost.log_model,
    /// registered), given an alias with MLflow's client, and imported by alias, version, logged model
    /// and run; each import predicts exactly as the same booster imported from its file.
    @Suite struct MLflowImportTests {
        @Test func importsByAliasVersionLoggedModelAndRun() async throws {
            let scratch = try CommandRunner.Scratch()
            let port = try freeLoopbackPort()
            // Without its job runner (a dozen huey consumers this test has no use for).
            let server = try Loopback.launch("/usr/bin/env", ["MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false", "python3", "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", String(port), "--workers", "1",
                                                                 "--backend-store-uri", "sqlite:///" + scratch.url.appendingPathComponent("mlflow.db").path,
                                                                 "--artifacts-destination", scratch.url.appendingPathComponent("artifacts").path])
            // mlflow starts its web server and job consumers as children in its process group (a
            // launched process leads its own), and waits for them on SIGTERM: the group is killed.
            defer { kill(-server.processIdentifier, SIGKILL) }
            let url = "http://127.0.0.1:\(port)"
            try await Loopback.waitFor("the MLflow server", seconds: 120) { (try? await Loopback.request(url + "/health"))?.status == 200 }

            let booster = scratch.url.appendingPathComponent("model.ubj").path
            let python = URL(fileURLWithPath: "/usr/bin/env")
            let trained = try await CommandRunner.run(executable: python, ["python3", "examples/xgboost/train.py", "examples/rides/reference.csv", booster,
                                                                            "--holdout", "examples/rides/current-stable.csv", "--mlflow", url, "--registered-model", "rides-xgb"])
            #expect(trained.status == 0, "\(trained.stderr)")
            let run = try #require(trained.stdout.split(separator: " ").drop { $0 != "run" }.dropFirst().first.map(String.init), "\(trained.stdout)")
            let loggedModel = try #require(trained.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("models:/m-") }.map(String.init))
            let alias = try await CommandRunner.run(executable: python, ["python3", "-c", "import mlflow, sys; mlflow.MlflowClient(sys.argv[1]).set_registered_model_alias('rides-xgb', 'champion', 1)", url])
            #expect(alias.status == 0, "\(alias.stderr)")

            let registry = scratch.url.appendingPathComponent("registry").path
            let common = ["--schema", "examples/rides/schema.yaml", "--registry", registry]
            let fromFile = try await CommandRunner.run(["models", "import", "rides-xgb", "--xgboost", booster] + common)
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
            let uris = ["models:/rides-xgb@champion", "models:/rides-xgb/1", loggedModel, "runs:/\(run)/models_mlflow"]
            for uri in uris {
                let imported = try await CommandRunner.run(["models", "import", "rides-xgb", "--mlflow", url, "--model-uri", uri] + common)
                #expect(imported.status == 0 && imported.stdout.contains("imported from \(uri)/model.ubj"), "\(uri): \(imported.stdout) \(imported.stderr)")
            }
            // Every version scores current.csv exactly as the file's import does.
            var outputs: [String] = []
            for version in 1...(uris.count + 1) {
                let output = scratch.url.appendingPathComponent("v\(version).csv").path
                let scored = try await CommandRunner.run(["predict", "--registry", registry, "--model", "rides-xgb", "--version", String(version),
                                                          "--input", "examples/rides/current.csv", "--output", output, "--id-column", "ride_id"])
                #expect(scored.status == 0, "\(scored.stderr)")
                // id and prediction; the model_version column differs by design.
                outputs.append(try String(contentsOfFile: output, encoding: .utf8).split(whereSeparator: \.isNewline)
                    .map { $0.split(separator: ",").prefix(2).joined(separator: ",") }.joined(separator: "\n"))
            }
            #expect(outputs[0].split(separator: "\n").count == 3001)
            for (index, output) in outputs.enumerated() { #expect(output == outputs[0], "version \(index + 1) scores differently from the file's import") }
            // What MLflow says is wrong is said, with the server; nothing is registered.
            let missing = try await CommandRunner.run(["models", "import", "rides-xgb", "--mlflow", url, "--model-uri", "models:/rides-xgb@nope"] + common)
            #expect(missing.status == 2 && missing.stderr.contains(url) && missing.stderr.contains("alias nope not found"), "\(missing.stderr)")
            let listed = try await CommandRunner.run(["models", "show", "rides-xgb", "--registry", registry, "--format", "json"])
            #expect(listed.stdout.components(separatedBy: "\"version\" : ").count - 1 == uris.count + 1, "\(listed.stdout)")
        }
    }
}

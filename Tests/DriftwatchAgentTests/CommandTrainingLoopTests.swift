import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Logging
import Testing
@testable import DriftwatchAgent

/// The loop with an imported XGBoost champion and the team's own training code: the example ride
/// model trained in Python is the champion; rides start taking longer; the loop runs
/// examples/xgboost/train.py (real xgboost, pandas, scikit-learn) on the window's labelled rows,
/// imports the booster it writes, gates it against the champion and promotes it. A command that
/// fails or outlives its timeout fails the attempt with its last output.
@Suite(.serialized) struct CommandTrainingLoopTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rides = root.appendingPathComponent("examples/rides")

    struct Fixture {
        let directory: URL
        let registry: Registry

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-command-loop-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            registry = try Registry.open(directory: directory.appendingPathComponent("registry").path)
            // The champion: the ride model trained in Python, imported with the example schema and its training data.
            var request = XGBoostImport(file: try Data(contentsOf: root.appendingPathComponent("Tests/DriftwatchCLITests/Fixtures/xgboost-rides/model.json")), source: "model.json")
            let schema = CommandTrainingLoopTests.rides.appendingPathComponent("schema.yaml").path
            request.schema = (try SchemaSpec.load(path: schema), schema)
            request.referencePath = CommandTrainingLoopTests.rides.appendingPathComponent("reference.csv").path
            let result = try await ImportJob.register(try request.run(codeVersion: "test"), model: "rides", registry: registry, codeVersion: "test", origin: [:])
            try await registry.promote(model: "rides", version: result.version.version, reason: "first", actor: "test")
        }

        func process(command: String, timeout: Double = 600) async throws -> (Agent, RetrainCoordinator) {
            let configuration = try AgentConfiguration.parse(yaml: """
                model: rides
                reference: {registry: \(registry.location)}
                window: {rows: 5000}
                min_rows: 100
                loop:
                  training: {command: \(command), timeout: \(timeout), data: \(CommandTrainingLoopTests.rides.appendingPathComponent("reference.csv").path)}
                  min_labelled_rows: 200
                  cooldown: 0
                """, source: "agent.yaml", environment: [:])
            guard case .command(var training) = configuration.loop?.training else { throw CancellationError() }
            training.workingDirectory = CommandTrainingLoopTests.root.path
            let agent = try await Agent.start(configuration: configuration, version: "test")
            let loop = RetrainCoordinator(agent: agent, registry: registry, policy: configuration.loop!, challengers: .command(training), metric: "rmse",
                                          codeVersion: "test", logger: Logger(label: "test"), drivesAttempts: true)
            return (agent, loop)
        }

        /// current.csv with every ride taking 1.6 times as long plus 4 minutes, labelled, with the
        /// champion's predictions.
        func slowerRides(_ champion: ModelArtifact) throws -> [ObservedRow] {
            let batch = try DatasetReader.readBatch(path: CommandTrainingLoopTests.rides.appendingPathComponent("current.csv").path,
                                                    schema: SchemaSpec.load(path: CommandTrainingLoopTests.rides.appendingPathComponent("schema.yaml").path))
            let predictions = try champion.model.predict(batch)
            return (0..<batch.rowCount).map { row in
                var values: [String: FeatureInput] = [:], actual: FeatureInput?
                let inputs = batch.featureInputs(row: row)
                for column in batch.schema.columns {
                    let value = inputs[column.name]!
                    if column.role == .target, case .number(let duration) = value { actual = .number(1.6 * duration + 4) }
                    else if column.role == .feature { values[column.name] = value }
                }
                values[champion.predictionColumn] = .number(predictions[row])
                return ObservedRow(id: "r\(row)", values: values, actual: actual, receivedAt: 0)
            }
        }
    }

    @Test func aPythonTrainingScriptMakesTheChallengerThatIsPromoted() async throws {
        let fixture = try await Fixture()
        let command = #"[python3, examples/xgboost/train.py, "{train}", "{output}", --holdout, "{holdout}", --rounds, "80"]"#
        let (agent, loop) = try await fixture.process(command: command)
        await loop.resume()
        let champion = try await fixture.registry.artifact(model: "rides", version: 1)
        await agent.ingest(try fixture.slowerRides(champion))
        guard case .started = await loop.request(trigger: "manual", manual: true) else { Issue.record("no attempt started"); return }
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.state == .verifying, "\(attempt.state): \(attempt.detail)")
        let challenger = try #require(attempt.challengerVersion)
        #expect(try await fixture.registry.store.aliasVersion(model: "rides", alias: "champion") == challenger)
        #expect(try #require(attempt.challengerScore) < (try #require(attempt.championScore)), "\(attempt.detail)")
        let artifact = try await fixture.registry.artifact(model: "rides", version: challenger)
        #expect(artifact.model.kind == .xgboost && artifact.predictionColumn == champion.predictionColumn && artifact.schema == champion.schema)
        // The agent follows the new champion's training rows (the window's), and the run keeps what the script said.
        #expect(await agent.referenceVersion == challenger)
        let runs = try await fixture.registry.store.runs(experiment: "retrain")
        let run = try #require(runs.first { $0.tags["version"] == String(challenger) })
        #expect(run.tags["output"]?.contains("trained") == true && run.tags["exit_status"] == "0" && run.params["command"]?.contains("train.py") == true)
    }

    @Test(arguments: [
        (#"[python3, -c, "import sys; print('loading'); print('no such column: duration', file=sys.stderr); sys.exit(3)", "{output}"]"#, 600.0,
         "the training command exited with status 3; last output: loading | no such column: duration"),
        (#"[python3, -c, "import time; print('started', flush=True); time.sleep(60)", "{output}"]"#, 1.0,
         "the training command ran longer than loop.training.timeout (1 s) and was stopped; last output: started"),
        (#"[python3, -c, "pass", "{output}"]"#, 600.0, "the training command succeeded but wrote no model to {output}"),
        (#"[python3, -c, "import sys; open(sys.argv[1], 'w').write('{}')", "{output}"]"#, 600.0, "training: the model the training command wrote: learner is missing or not an object"),
    ])
    func aFailingCommandFailsTheAttemptWithItsLastOutput(command: String, timeout: Double, message: String) async throws {
        let fixture = try await Fixture()
        let (agent, loop) = try await fixture.process(command: command, timeout: timeout)
        await loop.resume()
        await agent.ingest(try fixture.slowerRides(try await fixture.registry.artifact(model: "rides", version: 1)))
        guard case .started = await loop.request(trigger: "manual", manual: true) else { Issue.record("no attempt started"); return }
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.state == .failed && attempt.detail.contains(message), "\(attempt.state): \(attempt.detail)")
        #expect(try await fixture.registry.store.aliasVersion(model: "rides", alias: "champion") == 1)
        #expect(try await fixture.registry.store.versions(model: "rides").count == 1)
    }

    @Test func theTrainingCommandIsReadOrRefusedNamingTheKey() throws {
        func parse(_ training: String) throws -> LoopPolicy? {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {registry: r}\nloop: {training: \(training)}\n", source: "a.yaml", environment: [:]).loop
        }
        let read = try #require(try parse(#"{command: [python3, t.py, "{train}", "--out={output}"], timeout: 60, metric: mae, data: d.csv}"#))
        guard case .command(let command) = read.training else { Issue.record("not a command"); return }
        #expect(command.timeout == 60 && command.metric == "mae" && command.data == "d.csv")
        #expect(command.arguments(["train": "/t.csv", "output": "/m.json"]) == ["python3", "t.py", "/t.csv", "--out=/m.json"])
        for (training, message) in [
            ("{command: python3}", "loop.training.command must be a list"),
            ("{command: [python3, t.py]}", "loop.training.command must pass \"{output}\""),
            (#"{command: [python3, "{traning}", "{output}"]}"#, "loop.training.command: unknown placeholder {traning}"),
            (#"{command: [python3, "{output}"], timeout: 0}"#, "loop.training.timeout must be a number of seconds > 0"),
            (#"{command: [python3, "{output}"], metric: auc}"#, "loop.training.metric must be one of"),
            (#"{command: [python3, "{output}"], shell: true}"#, "unknown key 'loop.training.shell'"),
        ] {
            #expect(throws: DataError.self) { try parse(training) }
            do { _ = try parse(training) } catch { #expect("\(error)".contains(message) && !"\(error)".contains("\n"), "\(error)") }
        }
    }
}

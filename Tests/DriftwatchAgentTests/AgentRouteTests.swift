import DriftwatchData
import DriftwatchLearning
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import DriftwatchAgent

@Suite struct AgentSummaryTests {
    /// The paragraph the agent logs at start says what the example config asks for.
    @Test func theStartSummarySaysWhatIsWatchedAndHow() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try AgentConfiguration.load(path: root.appendingPathComponent("examples/rides/agent.yaml").path)
        let runtime = try await AgentRuntime.make(configuration: configuration, version: "test", logger: Logger(label: "test"))
        let summary = await runtime.summary()
        for part in ["watching model 'ride-duration' (regression) against the data in \(root.path)/examples/rides/reference.csv",
                     "11 columns (pickup_hour, weekday", "the newest 2000 rows, evaluated every 10 s once 500 rows are in", "sources: push (POST /v1/ingest)",
                     "concept drift: adwin and page_hinkley on errors ranked among the first 500", "multivariate: off", "retrain loop: off",
                     "listening on http://127.0.0.1:9100, where writes need none (loopback)"] {
            #expect(summary.contains(part), "missing '\(part)' in: \(summary)")
        }
        #expect(!summary.contains("\n"))
    }
}

@Suite struct AgentConfigurationTests {
    @Test func readsTheExampleAndRefusesMistakes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try AgentConfiguration.load(path: root.appendingPathComponent("examples/rides/agent.yaml").path)
        #expect(configuration.model == "ride-duration")
        #expect(configuration.window == .rows(2000))
        #expect(configuration.minRows == 500 && configuration.port == 9100)
        #expect(configuration.drift.minimumPSI == 0.1)
        guard case .file(let path, let schema) = configuration.reference else { return }
        #expect(path.hasSuffix("examples/rides/reference.csv") && schema?.hasSuffix("schema.yaml") == true)

        #expect(throws: DataError(file: "a.yaml", line: 3, "unknown key 'windw' (known: \(AgentConfiguration.knownKeys.joined(separator: ", ")))")) {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nwindw: {rows: 5}\n", source: "a.yaml")
        }
        #expect(throws: DataError(file: "a.yaml", line: 3, "source 'kafka' is not available (available: push, {tail: file.jsonl, interval: seconds}, {pull: http://predictor:9696, interval: seconds, instance: name or *, token_file | username + password_file, ca_file})")) {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nsources: [kafka]\n", source: "a.yaml")
        }
        // The annotated reference of every key parses, with the values it shows.
        let full = try AgentConfiguration.load(path: root.appendingPathComponent("examples/agent.yaml").path)
        #expect(full.reference == .registry(location: root.appendingPathComponent("examples/registry").path, alias: "champion", interval: 5))
        #expect(full.window == .time(seconds: 3600, maxRows: 100_000) && full.sources.count == 2 && full.drift.correction == .benjaminiHochberg)
        #expect(full.statePath == root.appendingPathComponent("examples/agent-state.sqlite").path)
        #expect(full.loop?.training == .config(root.appendingPathComponent("examples/rides/train.yaml").path) && full.loop?.driftEvaluations == 3)
        #expect(full.comparison == ComparisonSettings() && full.loop?.rollout.mode == .direct)
        let pulling = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nsources: [{pull: 'http://p:9696', instance: batch}]\ncomparison: {min_rows: 50}\n", source: "a.yaml")
        #expect(pulling.sources == [.pull(url: "http://p:9696", interval: 5, prediction: nil, instance: "batch")] && pulling.comparison.minRows == 50)
        for (comparison, message) in [("{alpha: 2}", "comparison.alpha must be between 0 and 0.5"), ("{min_rows: 1}", "comparison.min_rows must be a whole number ≥ 2"),
                                      ("{rows: 150, min_rows: 200}", "comparison.rows must be at least comparison.min_rows"), ("{level: 3}", "unknown key 'comparison.level'")] {
            do {
                _ = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\ncomparison: \(comparison)\n", source: "a.yaml")
                Issue.record("\(comparison) was accepted")
            } catch let error as DataError {
                #expect(error.description.hasPrefix("a.yaml:3: ") && error.description.contains(message), "\(error.description)")
            }
        }
        let tailing = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nsources: [push, {tail: rows.jsonl, interval: 0.5}]\n", source: "a.yaml")
        #expect(tailing.sources == [.push, .tail(path: "rows.jsonl", interval: 0.5)])
        // Drift settings keep the agent's effect-size default unless they set their own.
        let custom = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\ndrift: {alpha: 0.01}\n", source: "a.yaml")
        #expect(custom.drift.alpha == 0.01 && custom.drift.minimumPSI == 0.1)
    }
}

@Suite struct AgentReadinessTests {
    @Test func pulledSourcesMakeTheAgentReadyOnceTheyAnswer() async throws {
        var configuration = AgentConfiguration(model: "rides", reference: .file(path: "unused", schema: nil), drift: AgentConfiguration.defaultDrift)
        configuration.sources = [.pull(url: "http://127.0.0.1:1", interval: 1, prediction: nil)]
        let agent = try Agent(configuration: configuration, profile: WindowEvaluatorTests().profile(), version: "test")
        #expect(await !agent.isReady)
        await agent.sourceAnswered("pull")
        #expect(await agent.isReady)
    }
}

@Suite struct AgentRouteTests {
    func agent(minRows: Int = 200) -> Agent {
        var configuration = AgentConfiguration(model: "rides", reference: .file(path: "unused", schema: nil), drift: AgentConfiguration.defaultDrift)
        configuration.window = .rows(1000)
        configuration.minRows = minRows
        configuration.bodyLimit = 100_000
        return try! Agent(configuration: configuration, profile: WindowEvaluatorTests().profile(), version: "test")
    }

    func records(_ n: Int, shift: Double = 0, offset: Int = 0) -> String {
        "[" + (0..<n).map { i in
            let x = Double(((i + offset) * 37) % 100) + shift
            return #"{"id": "r\#(i + offset)", "x": \#(x), "zone": "\#(["a", "b", "c"][i % 3])", "p": \#(2 * x + 0.5)}"#
        }.joined(separator: ",") + "]"
    }

    @Test func ingestLabelsEvaluateAndExpose() async throws {
        let agent = agent()
        let app = Application(router: agent.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }  // push can always take rows
            try await client.execute(uri: "/api/v1/snapshot", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: records(300, shift: 40))) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"accepted":300,"rejected":0}"#)
            }
            try await client.execute(uri: "/v1/labels", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"[{"id": "r1", "actual": 3}, {"id": "gone", "actual": 1}]"#)) { response in
                #expect(String(buffer: response.body) == #"{"matched":1,"unmatched":1}"#)
            }
            _ = try await agent.evaluate()
            try await client.execute(uri: "/api/v1/snapshot", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(object["window_rows"] as? Int == 300)
                #expect(object["labelled_rows"] as? Int == 1)
                #expect((object["dataset_drift"] as? [String: Any])?["drift"] as? Bool == true)
                let columns = try #require(object["columns"] as? [[String: Any]])
                #expect(columns.first { $0["name"] as? String == "x" }?["drift"] as? Bool == true)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"driftwatch_column_drift{model="rides",column="x"} 1"#))
                #expect(text.contains(#"driftwatch_rows_ingested_total{source="push"} 300"#))
                #expect(text.contains("driftwatch_labels_matched_total 1"))
                #expect(text.contains("driftwatch_evaluations_total 1"))
            }
        }
    }

    @Test func badIngestIsRefusedOrSkippedNotFatal() async throws {
        let agent = agent()
        let app = Application(router: agent.buildRouter())
        try await app.test(.router) { client in
            let cases: [(HTTPFields, String, HTTPResponse.Status)] = [
                ([.contentType: "application/json"], "{not json", .badRequest),
                ([.contentType: "application/json"], "[]", .badRequest),
                ([.contentType: "text/plain"], "{}", .unsupportedMediaType),
                ([.contentType: "application/json"], records(2000), .contentTooLarge),
            ]
            for (headers, body, status) in cases {
                try await client.execute(uri: "/v1/ingest", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body.prefix(30))")
                    #expect(String(buffer: response.body).contains("\"error\""))
                }
            }
            // A record with a non-finite number is skipped and counted; the others go in.
            try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"[{"x": 1e999, "zone": "a"}, {"x": 2, "zone": "b"}]"#)) { response in
                #expect(String(buffer: response.body) == #"{"accepted":1,"rejected":1}"#)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"driftwatch_rows_rejected_total{source="push"} 1"#))
            }
            // An unknown route is answered in the same JSON as the predictor's.
            try await client.execute(uri: "/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"error":"no route GET /v1/nothing"}"#)
            }
        }
        #expect(await agent.windowRows == 1)
    }
}

@Suite struct StatusPageTests {
    @Test func rendersOneSelfContainedPageWithSparklines() async throws {
        let agent = AgentRouteTests().agent()
        let app = Application(router: agent.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("No evaluation yet: the window holds 0 of the 200 rows"))
            }
            for round in 0..<3 {
                _ = try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: AgentRouteTests().records(300, shift: Double(round) * 20, offset: round * 300)))
                _ = try await agent.evaluate()
            }
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(html.hasPrefix("<!DOCTYPE html>"))
                #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
                // x, zone and p carry a three-point PSI sparkline; the target y has no labels, so it is skipped.
                #expect(html.components(separatedBy: "<polyline").count - 1 == 3)
                #expect(html.contains("<tr class=\"skipped\"><td class=\"name\">y</td>"))
                #expect(html.contains("100.0% labels pending"), "the target's missing values are labels yet to come")
                #expect(html.contains("Dataset drift"))
                // The page follows the evaluations by itself.
                #expect(html.contains(#"<meta http-equiv="refresh" content="30">"#))
            }
        }
        #expect(await agent.psiHistory["x"]?.count == 3)
    }
}

@Suite struct RegistryFromEnvironmentTests {
    /// A secret's PostgreSQL URL reaches the config through the environment, never the file.
    @Test func aRegistryLocationComesFromTheNamedVariable() throws {
        let yaml = "model: m\nreference: {registry: \"${DRIFTWATCH_REGISTRY}\"}\n"
        let url = "postgres://driftwatch:pw@db:5432/driftwatch"
        let configuration = try AgentConfiguration.parse(yaml: yaml, source: "a.yaml", environment: ["DRIFTWATCH_REGISTRY": url])
        #expect(configuration.reference == .registry(location: url, alias: "champion", interval: 5))
        #expect(throws: DataError.self) { try AgentConfiguration.parse(yaml: yaml, source: "a.yaml", environment: [:]) }
        do { _ = try AgentConfiguration.parse(yaml: yaml, source: "a.yaml", environment: [:]) } catch {
            #expect("\(error)".contains("reference.registry names the environment variable DRIFTWATCH_REGISTRY, which is not set"))
        }
    }
}

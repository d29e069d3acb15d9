import DriftwatchRegistry
import DriftwatchTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import Yams

/// The shipped rules and dashboards against the real thing: Prometheus (with alerts/*.rules.yml)
/// scrapes `driftwatch demo`'s predictor and agent, Alertmanager (alerts/alertmanager.yml) routes
/// the drift alerts to the agent's webhook, the agent retrains and promotes; then every dashboard
/// query must be valid and return data, and every metric a rule or dashboard names must be one the
/// binaries export (or a recording rule).
@Suite(.serialized) struct ObservabilityIntegrationTests {
    static let prometheus = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let alertmanager = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let root = CommandRunner.repositoryRoot

    /// An instant query's result, or the error Prometheus gave.
    func query(_ port: Int, _ expression: String) async throws -> (result: [[String: Any]], error: String?) {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        // A '+' left as is reads as a space in a query string.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let object = try JSONSerialization.jsonObject(with: try await Loopback.request(components.url!.absoluteString).data) as? [String: Any] ?? [:]
        if object["status"] as? String != "success" { return ([], object["error"] as? String ?? "status \(object["status"] ?? "?")") }
        return ((object["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? [], nil)
    }

    /// Every PromQL expression of a dashboard: panel targets, variable queries (as the series they
    /// read) and annotations, with Grafana's variables filled in as an "All" selection would.
    static func dashboardQueries(_ url: URL) throws -> [(place: String, expression: String)] {
        let board = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var queries: [(String, String)] = []
        for panel in board["panels"] as? [[String: Any]] ?? [] {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                if let expression = target["expr"] as? String { queries.append(("panel '\(panel["title"] ?? "?")'", expression)) }
            }
        }
        for variable in (board["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [] {
            guard let query = (variable["query"] as? [String: Any])?["query"] as? String, query.hasPrefix("label_values(") else { continue }
            let inner = query.dropFirst("label_values(".count).dropLast()
            let series = inner.split(separator: ",").dropLast().joined(separator: ",")
            queries.append(("variable '\(variable["name"] ?? "?")'", series))
        }
        for annotation in (board["annotations"] as? [String: Any])?["list"] as? [[String: Any]] ?? [] {
            if let expression = annotation["expr"] as? String { queries.append(("annotation '\(annotation["name"] ?? "?")'", expression)) }
        }
        return queries.map { place, expression in
            var filled = expression
            for name in ["job", "instance", "model", "column"] { filled = filled.replacingOccurrences(of: "$\(name)", with: ".+") }
            return (place, filled.replacingOccurrences(of: "$__rate_interval", with: "15s"))
        }
    }

    /// The rules' expressions and recording names, read from the shipped files.
    static func rules() throws -> (expressions: [(alert: String, expression: String)], recorded: Set<String>) {
        var expressions: [(String, String)] = [], recorded = Set<String>()
        for file in ["driftwatch-recording.rules.yml", "driftwatch-alerts.rules.yml"] {
            let text = try String(contentsOf: root.appendingPathComponent("alerts/\(file)"), encoding: .utf8)
            let document = try Yams.load(yaml: text) as? [String: Any] ?? [:]
            for group in document["groups"] as? [[String: Any]] ?? [] {
                for rule in group["rules"] as? [[String: Any]] ?? [] {
                    let expression = rule["expr"] as? String ?? ""
                    if let name = rule["record"] as? String { recorded.insert(name) }
                    expressions.append(((rule["alert"] ?? rule["record"]) as? String ?? "?", expression))
                }
            }
        }
        return (expressions, recorded)
    }

    /// Metric names in an expression (label names such as driftwatch_action never appear in one).
    static func metricNames(_ expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\bdriftwatch[_:][a-zA-Z0-9_:]*"#)
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { Range($0.range, in: expression).map { String(expression[$0]) } })
    }

    /// Metrics only a classifier's agent exports (the demo's model is a regressor), and the
    /// multivariate ones (the demo's agent runs without them): rules naming them are checked
    /// against the classifier agent of ``aClassifiersModelHealthPanelsHaveData``, which runs them.
    static let classifierMetrics: Set<String> = ["driftwatch_prediction_low_confidence_ratio", "driftwatch_estimated_quality_gap", "driftwatch_multivariate_drift"]

    /// Metrics only exported while two versions serve (the demo promotes directly): rules naming
    /// them are checked against the canary of ``releasePanelsHaveDataDuringACanary``.
    static let releaseMetrics: Set<String> = ["driftwatch_challenger_verdict"]

    /// Sample names in a Prometheus text exposition.
    static func exported(_ exposition: String) -> Set<String> {
        Set(exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
        })
    }

    @Test func driftAlertsRetrainThroughAlertmanagerAndEveryPanelHasData() async throws {
        guard let prometheus = Self.prometheus, let alertmanager = Self.alertmanager else {
            Issue.record("prometheus and prometheus-alertmanager are needed (Debian's packages; .ci/run installs them)")
            return
        }
        let scratch = try CommandRunner.Scratch()
        let base = Int.random(in: 50_000...58_000)
        let (agentPort, predictorPort, prometheusPort, alertmanagerPort) = (base, base + 1, base + 2, base + 3)
        // The shipped rules, with every `for:` cut to 2 s and evaluation every second, so that a
        // scenario of seconds can fire them (promtool's unit tests hold the real durations).
        var ruleFiles: [String] = []
        for file in ["driftwatch-recording.rules.yml", "driftwatch-alerts.rules.yml"] {
            var text = try String(contentsOf: Self.root.appendingPathComponent("alerts/\(file)"), encoding: .utf8)
            text = text.replacingOccurrences(of: #"for: \d+[smh]"#, with: "for: 2s", options: .regularExpression)
            text = text.replacingOccurrences(of: "interval: 30s", with: "interval: 1s")
            ruleFiles.append(try scratch.write(file, text))
        }
        // The shipped Alertmanager example, pointed at this agent and without the grouping waits.
        var routing = try String(contentsOf: Self.root.appendingPathComponent("alerts/alertmanager.yml"), encoding: .utf8)
        routing = routing.replacingOccurrences(of: "http://127.0.0.1:9100/v1/alertmanager", with: "http://127.0.0.1:\(agentPort)/v1/alertmanager")
        routing = routing.replacingOccurrences(of: "group_wait: 30s", with: "group_wait: 1s").replacingOccurrences(of: "group_interval: 5m", with: "group_interval: 1s")
        let alertmanagerConfig = try scratch.write("alertmanager.yml", routing)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [\(ruleFiles.joined(separator: ", "))]
            alerting:
              alertmanagers: [{static_configs: [{targets: ["127.0.0.1:\(alertmanagerPort)"]}]}]
            scrape_configs:
              - job_name: driftwatch-agent
                static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]
              - job_name: driftwatch-predictor
                static_configs: [{targets: ["127.0.0.1:\(predictorPort)"]}]
            """)
        let alertmanagerProcess = try Loopback.launch(alertmanager, ["--config.file=\(alertmanagerConfig)", "--storage.path=\(scratch.url.appendingPathComponent("am").path)",
                                                            "--web.listen-address=127.0.0.1:\(alertmanagerPort)", "--cluster.listen-address="])
        let prometheusProcess = try Loopback.launch(prometheus, ["--config.file=\(prometheusConfig)", "--storage.tsdb.path=\(scratch.url.appendingPathComponent("tsdb").path)",
                                                        "--web.listen-address=127.0.0.1:\(prometheusPort)"])
        let demoOutput = Loopback.Output()
        let demoDirectory = scratch.url.appendingPathComponent("demo").path
        let demo = try Loopback.launch(try CommandRunner.binary.path, ["demo", "--fast", "--trigger", "alertmanager", "--keep-running", "--predictor-port", "\(predictorPort)",
                                                              "--agent-port", "\(agentPort)", "--directory", demoDirectory], output: demoOutput)
        defer { Loopback.stop([demo, prometheusProcess, alertmanagerProcess]) }
        // The scenario: drift → Prometheus alert → Alertmanager → webhook → retrain → promotion (bounded: 150 s).
        let deadline = Date().addingTimeInterval(150)
        while Date() < deadline, demo.isRunning, !demoOutput.text.contains("loop: verified in production"), !demoOutput.text.contains("Summary") {
            try await Task.sleep(for: .milliseconds(250))
        }
        let story = demoOutput.text
        #expect(story.contains("loop: retrain attempt 1 triggered — alertmanager: "), "\(story)")
        #expect(story.contains("loop: verified in production"), "\(story)")
        let registry = try Registry.open(directory: demoDirectory + "/registry")
        let attempt = try #require(try await registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.trigger.hasPrefix("alertmanager: "))
        #expect(try await registry.store.aliasVersion(model: "rides", alias: "champion") == 2)
        // The promotion reaches Prometheus through the agent's /metrics.
        var champion: String?
        for _ in 0..<40 where champion != "2" {
            champion = ((try? await query(prometheusPort, "max(driftwatch_champion_version)"))?.result.first?["value"] as? [Any])?.last as? String
            if champion != "2" { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(champion == "2")
        // Let a few more scrapes and rule evaluations in, so rates and recording rules have data.
        try await Task.sleep(for: .seconds(4))

        // Every dashboard query is valid and returns data after the scenario.
        for board in ["driftwatch-overview.json", "driftwatch-column.json"] {
            for (place, expression) in try Self.dashboardQueries(Self.root.appendingPathComponent("grafana/dashboards/\(board)")) {
                let (result, error) = try await query(prometheusPort, expression)
                #expect(error == nil, "\(board) \(place): \(expression): \(error ?? "")")
                #expect(!result.isEmpty, "\(board) \(place) returned no data: \(expression)")
            }
        }
        // Every metric the rules and dashboards name is exported by a binary or recorded by a rule.
        let exposition = String(decoding: try await Loopback.request("http://127.0.0.1:\(agentPort)/metrics").data, as: UTF8.self)
            + String(decoding: try await Loopback.request("http://127.0.0.1:\(predictorPort)/metrics").data, as: UTF8.self)
        let (ruleExpressions, recorded) = try Self.rules()
        let known = Self.exported(exposition).union(recorded)
        var named: [(String, String)] = ruleExpressions.flatMap { alert, expression in Self.metricNames(expression).map { ("rule \(alert)", $0) } }
        for board in ["driftwatch-overview.json", "driftwatch-column.json"] {
            named += try Self.dashboardQueries(Self.root.appendingPathComponent("grafana/dashboards/\(board)"))
                .flatMap { place, expression in Self.metricNames(expression).map { ("\(board) \(place)", $0) } }
        }
        for (place, name) in named where !Self.classifierMetrics.contains(name) && !Self.releaseMetrics.contains(name) {
            #expect(known.contains(name), "\(place) names \(name), which no binary exports and no rule records")
        }
        demo.interrupt()
        try await Loopback.exit(demo)
        #expect(demo.terminationStatus == 0, "\(demoOutput.text)")
    }

    /// The model-health dashboard against a classifier's agent (the demo's model is a regressor):
    /// estimated performance, confidence, segments with fairness, and the concept-drift detectors,
    /// scraped by Prometheus; every panel's query must return data, and every metric it names
    /// must be one the agent exports.
    @Test func aClassifiersModelHealthPanelsHaveData() async throws {
        guard let prometheus = Self.prometheus else {
            Issue.record("prometheus is needed (Debian's package; .ci/run installs it)")
            return
        }
        let scratch = try CommandRunner.Scratch()
        let (agentPort, prometheusPort) = (try freeLoopbackPort(), try freeLoopbackPort())
        // An overconfident classifier whose positives are likelier for carrier DL.
        var generator = SystemRandomNumberGenerator()
        func row(_ i: Int) -> (carrier: String, z: Double, label: Bool, score: Double) {
            let carrier = ["AA", "DL", "UA", "WN"][i % 4]
            let z = Double.random(in: -2...2, using: &generator) + (carrier == "DL" ? 0.7 : 0)
            let label = Double.random(in: 0...1, using: &generator) < 1 / (1 + exp(-z))
            return (carrier, z, label, 1 / (1 + exp(-2 * z)))
        }
        var reference = "carrier,z,y,p\n"
        for i in 0..<2000 {
            let r = row(i)
            reference += "\(r.carrier),\(r.z),\(r.label ? 1 : 0),\(r.score)\n"
        }
        _ = try scratch.write("reference.csv", reference)
        _ = try scratch.write("schema.yaml", "columns:\n  - {name: carrier, kind: categorical}\n  - {name: y, kind: categorical, role: target}\n  - {name: p, role: prediction}\n")
        let config = try scratch.write("agent.yaml", """
            model: loans
            reference: {file: reference.csv, schema: schema.yaml}
            listen: 127.0.0.1:\(agentPort)
            task: binary_classification
            window: {rows: 2000}
            min_rows: 100
            evaluate_every: 0.5
            segments: [{column: carrier, top: 3}]
            estimate_performance: true
            multivariate: {sample_rows: 500, max_window_rows: 500}   # light: it runs every half second beside the suite
            """)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: driftwatch-agent
                static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]
            """)
        let agentOutput = Loopback.Output()
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: agentOutput)
        let prometheusProcess = try Loopback.launchPrometheus(prometheus, config: prometheusConfig, scratch: scratch.url, port: prometheusPort)
        defer { Loopback.stop([agent, prometheusProcess]) }
        try await Loopback.waitFor("the agent", seconds: 60, outputs: [agentOutput]) {
            (try? await Loopback.request("http://127.0.0.1:\(agentPort)/ready"))?.status == 200
        }
        // Production rows, shifted, with labels on most of them; in batches, a few seconds apart.
        for batch in 0..<6 {
            let records = (0..<300).map { j -> String in
                let r = row(batch * 300 + j)
                let z = r.z + 0.8, score = 1 / (1 + exp(-2 * z))
                return "{\"id\":\"b\(batch)-\(j)\",\"carrier\":\"\(r.carrier)\",\"p\":\(score),\"actual\":\(j % 5 == 0 ? "null" : (r.label ? "\"1\"" : "\"0\""))}"
            }
            let response = try await Loopback.request("http://127.0.0.1:\(agentPort)/v1/ingest", body: "[" + records.joined(separator: ",") + "]")
            #expect(response.status == 200, "\(String(decoding: response.data, as: UTF8.self))")
            try await Task.sleep(for: .milliseconds(700))
        }
        try await Loopback.waitFor("Prometheus to scrape an estimate", seconds: 60, outputs: [agentOutput]) {
            !((try? await self.query(prometheusPort, "driftwatch_estimated_quality_gap"))?.result.isEmpty ?? true)
        }
        try await Task.sleep(for: .seconds(3))
        let file = Self.root.appendingPathComponent("grafana/dashboards/driftwatch-model-health.json")
        for (place, expression) in try Self.dashboardQueries(file) {
            let (result, error) = try await query(prometheusPort, expression)
            #expect(error == nil, "\(place): \(expression): \(error ?? "")")
            #expect(!result.isEmpty, "\(place) returned no data: \(expression)")
        }
        let exported = Self.exported(String(decoding: try await Loopback.request("http://127.0.0.1:\(agentPort)/metrics").data, as: UTF8.self))
        for (place, expression) in try Self.dashboardQueries(file) {
            for name in Self.metricNames(expression) { #expect(exported.contains(name), "\(place) names \(name), which the agent does not export") }
        }
        for (alert, expression) in try Self.rules().expressions {
            for name in Self.metricNames(expression).intersection(Self.classifierMetrics) {
                #expect(exported.contains(name), "rule \(alert) names \(name), which the classifier's agent does not export")
            }
        }
    }

    /// The releases dashboard during a canary: a predictor sending 40 % of requests to version 2,
    /// an agent pulling its log and receiving labels, both scraped by Prometheus; every panel's
    /// query must return data, and every metric it (and the release alert) names must be exported.
    @Test func releasePanelsHaveDataDuringACanary() async throws {
        guard let prometheus = Self.prometheus else {
            Issue.record("prometheus is needed (Debian's package; .ci/run installs it)")
            return
        }
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        try await CommandRunner.championAndChallenger(registry: registry)
        #expect(try await CommandRunner.run(["models", "traffic", "ride-duration", "--canary", "40", "--registry", registry]).status == 0)
        let (predictorPort, agentPort, prometheusPort) = (try freeLoopbackPort(), try freeLoopbackPort(), try freeLoopbackPort())
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {registry: \(registry), poll: 1}
            listen: 127.0.0.1:\(agentPort)
            window: {rows: 2000}
            min_rows: 50
            evaluate_every: 0.5
            sources: [{pull: "http://127.0.0.1:\(predictorPort)", interval: 0.25}]
            comparison: {min_rows: 30}
            """)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: driftwatch-agent
                static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]
              - job_name: driftwatch-predictor
                static_configs: [{targets: ["127.0.0.1:\(predictorPort)"]}]
            """)
        let output = Loopback.Output()
        let predictor = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration", "--listen", "127.0.0.1:\(predictorPort)"], output: output)
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: output)
        let prometheusProcess = try Loopback.launchPrometheus(prometheus, config: prometheusConfig, scratch: scratch.url, port: prometheusPort)
        defer { Loopback.stop([predictor, agent, prometheusProcess]) }
        try await Loopback.waitFor("the predictor and the agent", seconds: 60, outputs: [output]) {
            let predictorReady = try await Loopback.request("http://127.0.0.1:\(predictorPort)/ready").status == 200
            let agentUp = try await Loopback.request("http://127.0.0.1:\(agentPort)/health").status == 200
            return predictorReady && agentUp
        }
        // Rides, each labelled with its true duration a moment later; the challenger's answers differ a little.
        let record = #"{"trip_distance": DIST, "pickup_hour": 8, "PU_location": "Midtown", "DO_location": "Airport", "weekday": 2}"#
        for round in 0..<8 {
            var labels: [String] = []
            for i in 0..<60 {
                let distance = Double(1 + (round * 60 + i) % 15)
                let (status, data) = try await Loopback.request("http://127.0.0.1:\(predictorPort)/predict", body: record.replacingOccurrences(of: "DIST", with: String(distance)))
                #expect(status == 200)
                if let id = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["prediction_id"] as? String {
                    labels.append("{\"id\": \"\(id)\", \"actual\": \(3 * distance + 4)}")
                }
            }
            try await Task.sleep(for: .milliseconds(600))
            let response = try await Loopback.request("http://127.0.0.1:\(agentPort)/v1/labels", body: "[" + labels.joined(separator: ",") + "]")
            #expect(response.status == 200, "\(String(decoding: response.data, as: UTF8.self))")
        }
        try await Loopback.waitFor("Prometheus to scrape the comparison", seconds: 60, outputs: [output]) {
            !((try? await self.query(prometheusPort, "driftwatch_challenger_p_value"))?.result.isEmpty ?? true)
        }
        try await Task.sleep(for: .seconds(3))
        let file = Self.root.appendingPathComponent("grafana/dashboards/driftwatch-releases.json")
        for (place, expression) in try Self.dashboardQueries(file) {
            let (result, error) = try await query(prometheusPort, expression)
            #expect(error == nil, "\(place): \(expression): \(error ?? "")")
            #expect(!result.isEmpty, "\(place) returned no data: \(expression)")
        }
        let exported = Self.exported(String(decoding: try await Loopback.request("http://127.0.0.1:\(agentPort)/metrics").data, as: UTF8.self)
                                     + String(decoding: try await Loopback.request("http://127.0.0.1:\(predictorPort)/metrics").data, as: UTF8.self))
        for (place, expression) in try Self.dashboardQueries(file) {
            for name in Self.metricNames(expression) { #expect(exported.contains(name), "\(place) names \(name), which neither binary exports") }
        }
        for (alert, expression) in try Self.rules().expressions {
            for name in Self.metricNames(expression).intersection(Self.releaseMetrics) {
                #expect(exported.contains(name), "rule \(alert) names \(name), which the agent does not export during a canary")
            }
        }
    }
}

import DriftwatchTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Fleet-wide drift in PromQL: two agents each see half of a stream; a real Prometheus scrapes
/// both and evaluates the recording rules of alerts/. The fleet's PSI per column must equal
/// `driftwatch check` on the union of the rows (same reference, same bins) to 1e-9.
@Suite(.serialized) struct FleetDriftTests {
    @Test func fleetPSIInPromQLEqualsCheckOnTheUnion() async throws {
        guard let prometheus = PrometheusIntegrationTests.prometheus else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("prometheus is missing in CI") }
            return
        }
        let scratch = try CommandRunner.Scratch()
        let root = CommandRunner.repositoryRoot.path
        let ports = try (0..<3).map { _ in try freeLoopbackPort() }
        let agentPorts = [ports[0], ports[1]], prometheusPort = ports[2]
        var agents: [Process] = []
        for (index, port) in agentPorts.enumerated() {
            let config = try scratch.write("agent-\(index).yaml", """
                model: ride-duration
                reference: {file: \(root)/examples/rides/reference.csv, schema: \(root)/examples/rides/schema.yaml}
                listen: 127.0.0.1:\(port)
                window: {rows: 100000}
                min_rows: 100
                evaluate_every: 0.5
                sources: [push]
                """)
            agents.append(try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config]))
        }
        // The shipped rules, evaluated every second instead of every 30.
        let rules = try String(contentsOfFile: "\(root)/alerts/driftwatch-recording.rules.yml", encoding: .utf8).replacingOccurrences(of: "interval: 30s", with: "interval: 1s")
        let rulesPath = try scratch.write("recording.rules.yml", rules)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [\(rulesPath)]
            scrape_configs:
              - job_name: driftwatch-agent
                static_configs: [{targets: ["127.0.0.1:\(agentPorts[0])", "127.0.0.1:\(agentPorts[1])"]}]
            """)
        let server = try Loopback.launch(prometheus, ["--config.file=\(prometheusConfig)", "--storage.tsdb.path=\(scratch.url.appendingPathComponent("tsdb").path)",
                                                      "--web.listen-address=127.0.0.1:\(prometheusPort)"])
        defer { Loopback.stop(agents + [server]) }
        // Every other row to each agent.
        let records = try #require(try JSONSerialization.jsonObject(with: CommandRunner.runRecords(csv: "\(root)/examples/rides/current.csv")) as? [Any])
        for (index, port) in agentPorts.enumerated() {
            let half = records.enumerated().filter { $0.offset % 2 == index }.map(\.element)
            let body = try JSONSerialization.data(withJSONObject: half)
            var sent = false
            for _ in 0..<100 where !sent {
                sent = (try? await Loopback.request("http://127.0.0.1:\(port)/v1/ingest", body: body))?.status == 200
                if !sent { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(sent, "agent \(index) did not take its rows")
        }
        // What check says of the union.
        let check = try await CommandRunner.run(["check", "--reference", "examples/rides/reference.csv", "--schema", "examples/rides/schema.yaml",
                                           "--current", "examples/rides/current.csv", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        var expected = Dictionary(uniqueKeysWithValues: (report["columns"] as? [[String: Any]] ?? []).compactMap { column -> (String, Double)? in
            guard let name = column["name"] as? String, let psi = column["psi"] as? Double else { return nil }
            return (name, psi)
        })
        #expect(expected.count >= 8)
        // PU_DO has 144 reference categories, more than an agent exports per-bin series for
        // (SnapshotExporter.maxExportedBins), so it has no fleet PSI.
        expected["PU_DO"] = nil
        // Ask Prometheus until the rule has both agents' full windows (bounded: 60 s).
        var fleet: [String: Double] = [:]
        var worst = Double.infinity
        for _ in 0..<120 {
            fleet = await Self.query("driftwatch:column_psi:fleet", port: prometheusPort)
            if fleet.count == expected.count {
                worst = expected.map { abs($0.value - (fleet[$0.key] ?? .infinity)) }.max() ?? .infinity
                if worst <= 1e-9 { break }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(Set(fleet.keys) == Set(expected.keys), "fleet PSI columns \(fleet.keys.sorted()) vs check \(expected.keys.sorted())")
        print("fleet PSI in PromQL vs check on the union over \(expected.count) columns: largest difference \(worst)")
        #expect(worst <= 1e-9, "largest difference \(worst): fleet \(fleet) vs check \(expected)")
        // Each agent alone saw a different PSI than the fleet: the rule really combined them.
        let single = await Self.query("driftwatch_column_psi{instance=\"127.0.0.1:\(agentPorts[0])\"}", port: prometheusPort)
        #expect(single.contains { abs($0.value - (expected[$0.key] ?? $0.value)) > 1e-6 }, "one agent's PSI equals the fleet's everywhere: \(single)")
    }

    /// An instant query's values by column.
    static func query(_ expression: String, port: Int) async -> [String: Double] {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        guard let data = (try? await Loopback.request(components.url!.absoluteString))?.data,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let result = (object["data"] as? [String: Any])?["result"] as? [[String: Any]] else { return [:] }
        return Dictionary(result.compactMap { series -> (String, Double)? in
            guard let column = (series["metric"] as? [String: String])?["column"],
                  let value = (series["value"] as? [Any])?.last as? String, let number = Double(value) else { return nil }
            return (column, number)
        }, uniquingKeysWith: { $1 })
    }
}

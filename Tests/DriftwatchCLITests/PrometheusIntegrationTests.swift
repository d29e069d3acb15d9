import DriftwatchTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real Prometheus server (Debian's package, installed by .ci/run) scrapes a real
/// `driftwatch agent` fed with traffic whose drift is known: the drifted columns must read as
/// drifted in Prometheus and the stable ones must not.
@Suite(.serialized) struct PrometheusIntegrationTests {
    static let prometheus = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func prometheusSeesTheDriftedColumns() async throws {
        guard let prometheus = Self.prometheus else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("prometheus is missing in CI") }
            return
        }
        let scratch = try CommandRunner.Scratch()
        let agentPort = try freeLoopbackPort(), prometheusPort = try freeLoopbackPort()
        let root = CommandRunner.repositoryRoot.path
        let agentConfig = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {file: \(root)/examples/rides/reference.csv, schema: \(root)/examples/rides/schema.yaml}
            listen: 127.0.0.1:\(agentPort)
            window: {rows: 3000}
            min_rows: 1000
            evaluate_every: 0.5
            sources: [push]
            """)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: driftwatch-agent
                static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]
            """)
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", agentConfig])
        let server = try Loopback.launchPrometheus(prometheus, config: prometheusConfig, scratch: scratch.url, port: prometheusPort)
        defer { Loopback.stop([agent, server]) }
        // Traffic with a known drift: the example's drifted month (longer trips, more card payments).
        let rows = try CommandRunner.runRecords(csv: "\(root)/examples/rides/current.csv")
        var sent = false
        for _ in 0..<100 where !sent {
            sent = (try? await Loopback.request("http://127.0.0.1:\(agentPort)/v1/ingest", body: rows))?.status == 200
            if !sent { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(sent)
        // Ask Prometheus until the scraped drift flags arrive (bounded: 60 s).
        var flags: [String: Double] = [:]
        for _ in 0..<120 {
            if let data = (try? await Loopback.request("http://127.0.0.1:\(prometheusPort)/api/v1/query?query=driftwatch_column_drift"))?.data,
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let result = (object["data"] as? [String: Any])?["result"] as? [[String: Any]], !result.isEmpty {
                flags = Dictionary(uniqueKeysWithValues: result.compactMap { series -> (String, Double)? in
                    guard let column = (series["metric"] as? [String: String])?["column"],
                          let value = (series["value"] as? [Any])?.last as? String, let number = Double(value) else { return nil }
                    return (column, number)
                })
                if flags.count >= 8 { break }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(flags["trip_distance"] == 1, "\(flags)")
        #expect(flags["payment_type"] == 1, "\(flags)")
        #expect(flags["predicted_duration"] == 1, "\(flags)")
        #expect(flags["weekday"] == 0, "\(flags)")
        #expect(flags["passenger_count"] == 0, "\(flags)")
    }
}

extension CommandRunner {
    /// The rows of a CSV file as an ingest body: numbers as numbers, empty cells as null.
    static func runRecords(csv path: String) throws -> Data {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let records = lines.map { line -> [String: Any] in
            var record: [String: Any] = [:]
            for (name, cell) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) {
                record[name == "ride_id" ? "id" : name] = cell.isEmpty ? NSNull() : (Double(cell).map { $0 as Any } ?? cell)
            }
            return record
        }
        return try JSONSerialization.data(withJSONObject: records)
    }
}

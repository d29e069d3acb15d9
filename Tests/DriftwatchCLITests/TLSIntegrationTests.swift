import DriftwatchTestSupport
import Foundation
import Testing

/// A real `driftwatch agent` behind TLS and basic auth (the exporters' web config): a real
/// Prometheus scrapes it over TLS with its credentials, a real Alertmanager posts its webhook over
/// TLS with its own, and nothing gets in without them.
@Suite(.serialized) struct TLSIntegrationTests {
    /// `htpasswd -nbBC 10 NAME PASSWORD` (Apache's bcrypt, independent of Driftwatch's).
    static let users = [
        "prometheus": ("scrape-secret-1", "$2y$10$OsnYdqG3qFR.yoUBRoqkB.9B3PHQALTq6fyBnRW5OejJvdwEj3xVK"),
        "alertmanager": ("webhook-secret-2", "$2y$10$dmrZRDjaHZQ9Px8a35cXkuRrdCvKCWL74P2cpa31rqWb..WezAtZO"),
    ]

    /// A CA and a server certificate for 127.0.0.1 signed by it, made with the openssl command.
    static func certificates(in folder: URL) throws {
        let ext = folder.appendingPathComponent("san.ext")
        try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: ext)
        let steps = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=driftwatch test CA"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", ext.path],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: "openssl \(arguments[0]) failed"]) }
        }
    }

    /// The status curl sees (0 when the connection or the handshake fails).
    static func curl(_ arguments: [String]) async throws -> Int {
        try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Int(String(decoding: data, as: UTF8.self)) ?? 0
        }
    }

    @Test func prometheusAndAlertmanagerReachATLSAgentWithCredentials() async throws {
        guard let prometheus = ObservabilityIntegrationTests.prometheus, let alertmanager = ObservabilityIntegrationTests.alertmanager,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            Issue.record("prometheus, prometheus-alertmanager, openssl and curl are needed (.ci/run installs them)")
            return
        }
        let scratch = try CommandRunner.Scratch()
        try Self.certificates(in: scratch.url)
        let ca = scratch.url.appendingPathComponent("ca.crt").path
        let registryPath = scratch.url.appendingPathComponent("registry").path
        #expect(try await CommandRunner.run(["train", "--config", "examples/rides/train.yaml", "--registry", registryPath, "--quiet"]).status == 0)
        #expect(try await CommandRunner.run(["models", "promote", "ride-duration", "1", "--registry", registryPath]).status == 0)
        let (agentPort, prometheusPort, alertmanagerPort) = (try freeLoopbackPort(), try freeLoopbackPort(), try freeLoopbackPort())
        _ = try scratch.write("web.yml", """
            tls_server_config: {cert_file: server.crt, key_file: server.key}
            basic_auth_users:
            \(Self.users.map { "  \($0.key): \($0.value.1)" }.joined(separator: "\n"))
            """)
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {registry: \(registryPath), poll: 1}
            listen: 127.0.0.1:\(agentPort)
            min_rows: 100
            evaluate_every: 1
            web_config: web.yml
            loop:
              training: \(CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/train.yaml").path)
              trigger: {drift_evaluations: 0, accuracy_margin: off}
            """)
        let prometheusConfig = try scratch.write("prometheus.yml", """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: driftwatch-agent
                scheme: https
                tls_config: {ca_file: \(ca)}
                basic_auth: {username: prometheus, password: \(Self.users["prometheus"]!.0)}
                static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]
            """)
        let alertmanagerConfig = try scratch.write("alertmanager.yml", """
            route: {receiver: driftwatch, group_by: [alertname], group_wait: 1s, group_interval: 1s}
            receivers:
              - name: driftwatch
                webhook_configs:
                  - url: https://127.0.0.1:\(agentPort)/v1/alertmanager
                    send_resolved: false
                    http_config:
                      basic_auth: {username: alertmanager, password: \(Self.users["alertmanager"]!.0)}
                      tls_config: {ca_file: \(ca)}
            """)
        let output = Loopback.Output()
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: output)
        let server = try Loopback.launchPrometheus(prometheus, config: prometheusConfig, scratch: scratch.url, port: prometheusPort)
        let manager = try Loopback.launch(alertmanager, ["--config.file=\(alertmanagerConfig)", "--storage.path=\(scratch.url.appendingPathComponent("am").path)",
                                                         "--web.listen-address=127.0.0.1:\(alertmanagerPort)", "--cluster.listen-address="])
        defer { Loopback.stop([agent, server, manager]) }
        let base = "https://127.0.0.1:\(agentPort)"
        try await Loopback.waitFor("the agent to answer over TLS", seconds: 60, outputs: [output]) {
            try await Self.curl(["--cacert", ca, "\(base)/health"]) == 200
        }
        // Probes are open; everything else needs a user; plain HTTP and an unknown CA get nowhere.
        #expect(try await Self.curl(["--cacert", ca, "\(base)/ready"]) != 401)
        #expect(try await Self.curl(["--cacert", ca, "\(base)/metrics"]) == 401)
        #expect(try await Self.curl(["--cacert", ca, "-u", "prometheus:wrong", "\(base)/metrics"]) == 401)
        #expect(try await Self.curl(["--cacert", ca, "-u", "prometheus:\(Self.users["prometheus"]!.0)", "\(base)/metrics"]) == 200)
        #expect(try await Self.curl(["--cacert", ca, "-X", "POST", "-H", "Content-Type: application/json", "-d", "[]", "\(base)/v1/ingest"]) == 401)
        #expect(try await Self.curl(["http://127.0.0.1:\(agentPort)/health"]) != 200)
        #expect(try await Self.curl(["\(base)/health"]) == 0)

        // Alertmanager's webhook, over TLS with its credentials, reaches the loop.
        let alert = #"[{"labels": {"alertname": "DriftwatchDatasetDrift", "driftwatch_action": "retrain", "model": "ride-duration"}, "annotations": {"summary": "drift"}}]"#
        try await Loopback.waitFor("Alertmanager to take the alert", seconds: 60) {
            try await Loopback.request("http://127.0.0.1:\(alertmanagerPort)/api/v2/alerts", body: alert).status == 200
        }
        // Prometheus scrapes over TLS with its credentials and sees the webhook's alert counted.
        try await Loopback.waitFor("Prometheus to scrape the webhook's alert", seconds: 90, outputs: [output]) {
            let (_, data) = try await Loopback.request("http://127.0.0.1:\(prometheusPort)/api/v1/query?query=driftwatch_alertmanager_alerts_total%7Boutcome%3D%22accepted%22%7D")
            let result = ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
            return (result.first?["value"] as? [Any])?.last as? String == "1"
        }
        let (_, up) = try await Loopback.request("http://127.0.0.1:\(prometheusPort)/api/v1/query?query=up")
        #expect(String(decoding: up, as: UTF8.self).contains(#""value":["#) && String(decoding: up, as: UTF8.self).contains(#","1"]"#))
    }
}

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

    /// A scratch folder with the certificates (and the CA's path) and a registry with the example champion.
    static func setUp() async throws -> (scratch: CommandRunner.Scratch, ca: String, registry: String) {
        let scratch = try CommandRunner.Scratch()
        let folder = scratch.url
        try await offThePool { try certificates(in: folder) }
        return (scratch, scratch.url.appendingPathComponent("ca.crt").path, try await CommandRunner.registryWithChampion(in: scratch))
    }

    /// The status curl sees (0 when the connection or the handshake fails).
    static func curl(_ arguments: [String]) async throws -> Int {
        Int(String(decoding: try await curlOutput(["-o", "/dev/null", "-w", "%{http_code}"] + arguments), as: UTF8.self)) ?? 0
    }

    /// What curl prints: the body, or what `-w` asks for.
    static func curlOutput(_ arguments: [String]) async throws -> Data {
        try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "--max-time", "10"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
    }

    @Test func prometheusAndAlertmanagerReachATLSAgentWithCredentials() async throws {
        guard let prometheus = ObservabilityIntegrationTests.prometheus, let alertmanager = ObservabilityIntegrationTests.alertmanager,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            Issue.record("prometheus, prometheus-alertmanager, openssl and curl are needed (.ci/run installs them)")
            return
        }
        let (scratch, ca, registryPath) = try await Self.setUp()
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

extension TLSIntegrationTests {
    /// A predictor behind TLS and a user: the agent's pull source reads its log with the user's
    /// password and the CA; `driftwatch retrain` reaches a TLS agent with the agent's token.
    @Test func driftwatchsOwnClientsCarryCredentialsAndTrustTheCA() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            Issue.record("openssl and curl are needed (.ci/run installs them)")
            return
        }
        let (scratch, ca, registryPath) = try await Self.setUp()
        let (predictorPort, agentPort) = (try freeLoopbackPort(), try freeLoopbackPort())
        let web = try scratch.write("web.yml", """
            tls_server_config: {cert_file: server.crt, key_file: server.key}
            basic_auth_users: {prometheus: \(Self.users["prometheus"]!.1)}
            """)
        _ = try scratch.write("password", Self.users["prometheus"]!.0 + "\n")
        _ = try scratch.write("tokens", "# retrain callers\nagent-token-0123456789abcdef\n")
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {registry: \(registryPath), poll: 1}
            listen: 127.0.0.1:\(agentPort)
            min_rows: 50
            evaluate_every: 1
            web_config: web.yml
            token_file: tokens
            sources: [{pull: "https://127.0.0.1:\(predictorPort)", interval: 0.5, username: prometheus, password_file: password, ca_file: \(ca)}]
            loop:
              training: \(CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/train.yaml").path)
              trigger: {drift_evaluations: 0, accuracy_margin: off}
            """)
        let output = Loopback.Output()
        let predictor = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registryPath, "--model", "ride-duration",
                                                                            "--listen", "127.0.0.1:\(predictorPort)", "--web-config", web], output: output)
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: output)
        defer { Loopback.stop([predictor, agent]) }
        let user = "prometheus:\(Self.users["prometheus"]!.0)"
        try await Loopback.waitFor("both servers to answer over TLS", seconds: 60, outputs: [output]) {
            let predictorReady = try await Self.curl(["--cacert", ca, "https://127.0.0.1:\(predictorPort)/ready"])
            let agentUp = try await Self.curl(["--cacert", ca, "https://127.0.0.1:\(agentPort)/health"])
            return predictorReady == 200 && agentUp == 200
        }
        let record = #"{"pickup_hour": 8, "weekday": 2, "trip_distance": 3.5, "PU_location": "Old Town", "DO_location": "Market", "passenger_count": 1, "payment_type": "card"}"#
        #expect(try await Self.curl(["--cacert", ca, "-X", "POST", "-H", "Content-Type: application/json", "-d", record, "https://127.0.0.1:\(predictorPort)/predict"]) == 401)
        for _ in 0..<60 {
            #expect(try await Self.curl(["--cacert", ca, "-u", user, "-X", "POST", "-H", "Content-Type: application/json", "-d", record, "https://127.0.0.1:\(predictorPort)/predict"]) == 200)
        }
        // The pull source reads the guarded log: the agent's window fills.
        try await Loopback.waitFor("the agent to pull the predictions", seconds: 60, outputs: [output]) {
            let data = try await Self.curlOutput(["--cacert", ca, "https://127.0.0.1:\(agentPort)/ready"])
            return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["window_rows"] as? Int ?? 0) >= 60
        }
        // retrain over TLS: with the CA and the agent's token it is heard (declined for want of labels: 1);
        // without the CA it cannot connect (2).
        let heard = try await CommandRunner.run(["retrain", "--config", config, "--ca-file", ca])
        #expect(heard.status == 1 && heard.stdout.contains("labelled rows"), "\(heard.stdout)\(heard.stderr)")
        let untrusted = try await CommandRunner.run(["retrain", "--config", config])
        #expect(untrusted.status == 2 && untrusted.stderr.contains("cannot reach the agent"), "\(untrusted.stderr)")
    }
}

import DriftwatchAgent
import Foundation
import Testing
import Yams

/// deploy/: the Kubernetes manifests validate against the Kubernetes API schemas
/// (kubernetes-validate from PyPI, strict), the kustomization lists every manifest, the
/// PrometheusRule holds exactly the rules in alerts/ (scripts/generate_kubernetes_rules.py), the
/// sidecar's agent config is one the agent reads, and systemd accepts the units.
@Suite struct DeploymentFilesTests {
    static let kubernetes = CommandRunner.repositoryRoot.appendingPathComponent("deploy/kubernetes")

    @Test func manifestsValidateAndTheKustomizationListsThem() async throws {
        let kustomization = try #require(try Yams.load(yaml: String(contentsOf: Self.kubernetes.appendingPathComponent("kustomization.yaml"), encoding: .utf8)) as? [String: Any])
        let listed = Set(try #require(kustomization["resources"] as? [String]))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.kubernetes.path).filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" })
        #expect(listed == files)
        // The custom resources (PodMonitor, PrometheusRule) have no schema there; the others must pass strictly.
        let core = files.subtracting(["podmonitor.yaml", "prometheusrule.yaml"]).sorted().map { Self.kubernetes.appendingPathComponent($0).path }
        let validated = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "kubernetes_validate", "--strict"] + core)
        #expect(validated.status == 0, "\(validated.stdout)\n\(validated.stderr)")
        #expect(validated.stdout.components(separatedBy: " passed for resource ").count - 1 == 6, "\(validated.stdout)")
    }

    @Test func thePrometheusRuleIsTheRulesInAlerts() throws {
        let rule = try #require(try Yams.load(yaml: String(contentsOf: Self.kubernetes.appendingPathComponent("prometheusrule.yaml"), encoding: .utf8)) as? [String: Any])
        #expect(rule["kind"] as? String == "PrometheusRule")
        let groups = try #require((rule["spec"] as? [String: Any])?["groups"] as? [Any])
        var expected: [Any] = []
        for name in ["driftwatch-recording.rules.yml", "driftwatch-alerts.rules.yml"] {
            let file = CommandRunner.repositoryRoot.appendingPathComponent("alerts/\(name)")
            expected += try #require((try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any])?["groups"] as? [Any])
        }
        #expect(NSArray(array: groups).isEqual(to: expected), "run scripts/generate_kubernetes_rules.py after editing alerts/")
    }

    @Test func theSidecarConfigIsOneTheAgentReads() throws {
        let map = try #require(try Yams.load(yaml: String(contentsOf: Self.kubernetes.appendingPathComponent("configmap.yaml"), encoding: .utf8)) as? [String: Any])
        let yaml = try #require((map["data"] as? [String: Any])?["agent.yaml"] as? String)
        let url = "postgres://driftwatch:pw@postgres:5432/driftwatch"
        let configuration = try AgentConfiguration.parse(yaml: yaml, source: "agent.yaml", environment: ["DRIFTWATCH_REGISTRY": url])
        #expect(configuration.reference == .registry(location: url, alias: "champion", interval: 15))
        #expect(configuration.sources.count == 2 && configuration.statePath == "/var/lib/driftwatch/agent-state.sqlite")
    }

    @Test func systemdAcceptsTheUnits() async throws {
        let scratch = try CommandRunner.Scratch()
        var units: [String] = []
        for name in ["driftwatch-agent.service", "driftwatch-predictor.service"] {
            let text = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("deploy/systemd/\(name)"), encoding: .utf8)
            // The binary where the test built it, in place of /usr/local/bin.
            let unit = scratch.url.appendingPathComponent(name).path
            try text.replacingOccurrences(of: "/usr/local/bin/driftwatch", with: try CommandRunner.binary.path).write(toFile: unit, atomically: true, encoding: .utf8)
            units.append(unit)
        }
        let verified = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["systemd-analyze", "verify"] + units)
        #expect(verified.status == 0 && verified.stderr.isEmpty, "\(verified.stderr)")
    }

    /// The runtime image buildah makes (deploy/image/Containerfile) ends as the Dockerfile's does:
    /// the same user, directory, ports, health check and entrypoint.
    @Test func bothImageRecipesEndAlike() throws {
        func tail(_ path: String) throws -> [String] {
            let lines = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent(path), encoding: .utf8).split(whereSeparator: \.isNewline)
            // The final stage only.
            return lines.suffix(from: lines.lastIndex { $0.hasPrefix("FROM ") } ?? 0).filter { ["USER ", "WORKDIR ", "EXPOSE ", "HEALTHCHECK ", "ENTRYPOINT ", "CMD "].contains(where: $0.hasPrefix) }.map(String.init)
        }
        let docker = try tail("Dockerfile"), buildah = try tail("deploy/image/Containerfile")
        #expect(docker.count == 6 && docker == buildah, "\(docker) vs \(buildah)")
    }
}

import DriftwatchTestSupport
import Foundation
import Testing

/// The shipped rules and dashboards, checked by the tools their users run and by the conventions
/// of well-kept mixins.
@Suite struct RulesAndDashboardsTests {
    static let root = CommandRunner.repositoryRoot

    /// Runs a tool on a thread of its own (promtool's rule tests take seconds, and a test must not
    /// hold one of Swift's cooperative threads meanwhile).
    func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        guard let path = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("\(tool) is needed (Debian's prometheus and prometheus-alertmanager packages; .ci/run installs them)")
            return (-1, "")
        }
        let root = Self.root
        return try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.currentDirectoryURL = root
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
    }

    @Test func promtoolChecksAndUnitTestsTheRules() async throws {
        let check = try await run("promtool", ["check", "rules", "alerts/driftwatch-recording.rules.yml", "alerts/driftwatch-alerts.rules.yml"])
        #expect(check.status == 0, "\(check.output)")
        let tests = try await run("promtool", ["test", "rules", "alerts/tests/driftwatch-alerts.test.yml"])
        #expect(tests.status == 0, "\(tests.output)")
        let config = try await run("promtool", ["check", "config", "examples/prometheus/prometheus.yml"])
        #expect(config.status == 0, "\(config.output)")
        let routing = try await run("amtool", ["check-config", "alerts/alertmanager.yml"])
        #expect(routing.status == 0, "\(routing.output)")
    }

    /// The demo-sized stack (examples/prometheus/demo/) is the shipped rules and routing with
    /// shorter timings only, and Prometheus and Alertmanager accept it.
    @Test func theDemoStackIsTheShippedRulesWithDemoTimings() async throws {
        let fresh = try await run("python3", ["scripts/generate_demo_stack.py", "--check"])
        #expect(fresh.status == 0, "\(fresh.output)")
        let config = try await run("promtool", ["check", "config", "examples/prometheus/demo/prometheus.yml"])
        #expect(config.status == 0, "\(config.output)")
        let routing = try await run("amtool", ["check-config", "examples/prometheus/demo/alertmanager.yml"])
        #expect(routing.status == 0, "\(routing.output)")
        let alerts = try String(contentsOf: Self.root.appendingPathComponent("examples/prometheus/demo/driftwatch-alerts.rules.yml"), encoding: .utf8)
        #expect(!alerts.contains("for: 5m") && alerts.contains("for: 10s"))
    }

    @Test func everyAlertCarriesSeveritySummaryDescriptionAndRunbook() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("alerts/driftwatch-alerts.rules.yml"), encoding: .utf8)
        let runbook = try String(contentsOf: Self.root.appendingPathComponent("docs/runbook.md"), encoding: .utf8)
        let alerts = text.components(separatedBy: "- alert: ").dropFirst()
        #expect(alerts.count >= 10)
        for block in alerts {
            let name = String(block.prefix { !$0.isNewline })
            #expect(name.first?.isUppercase == true && !name.contains("_"), "\(name) is not CamelCase")
            #expect(block.range(of: #"severity: (critical|warning|info)\n"#, options: .regularExpression) != nil, "\(name): severity")
            #expect(block.contains("summary: ") && !(block.components(separatedBy: "summary: ")[1].prefix { !$0.isNewline }).contains("{{"), "\(name): static summary")
            #expect(block.range(of: #"description: '.*\{\{.*\}\}.*'"#, options: .regularExpression) != nil, "\(name): templated description")
            #expect(block.contains("runbook_url: docs/runbook.md#\(name.lowercased())\n"), "\(name): runbook_url")
            #expect(runbook.contains("\n## \(name)\n"), "\(name) has no section in docs/runbook.md")
        }
    }

    @Test func dashboardsFollowTheMixinConventions() throws {
        var uids = Set<String>()
        for file in ["driftwatch-overview.json", "driftwatch-column.json", "driftwatch-model-health.json", "driftwatch-releases.json"] {
            let board = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.root.appendingPathComponent("grafana/dashboards/\(file)"))) as? [String: Any])
            let uid = try #require(board["uid"] as? String)
            #expect(uids.insert(uid).inserted && uid.hasPrefix("driftwatch-"))
            #expect((board["title"] as? String)?.isEmpty == false && (board["description"] as? String)?.isEmpty == false)
            let variables = (board["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
            #expect(variables.first?["name"] as? String == "datasource" && variables.first?["type"] as? String == "datasource")
            for name in ["job", "instance", "model"] {
                let variable = try #require(variables.first { $0["name"] as? String == name }, "\(file): no \(name) variable")
                #expect(variable["multi"] as? Bool == true && variable["includeAll"] as? Bool == true && variable["allValue"] as? String == ".+", "\(file) \(name)")
                #expect(variable["refresh"] as? Int == 2, "\(file) \(name) must refresh on time range change")
            }
            for panel in board["panels"] as? [[String: Any]] ?? [] {
                let title = panel["title"] as? String ?? ""
                #expect(!title.isEmpty && (panel["description"] as? String)?.isEmpty == false, "\(file) panel '\(title)' needs a title and a description")
                let unit = ((panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any])?["unit"] as? String
                #expect(unit?.isEmpty == false, "\(file) panel '\(title)' has no unit")
                #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == "${datasource}", "\(file) panel '\(title)' must use the datasource variable")
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    let expression = target["expr"] as? String ?? ""
                    // Counters go through rate()/increase() over $__rate_interval.
                    if expression.contains("_total") {
                        #expect(expression.contains("[$__rate_interval]"), "\(file) panel '\(title)': \(expression)")
                    }
                    for name in ["job", "instance"] {
                        #expect(expression.contains("\(name)=~\"$\(name)\""), "\(file) panel '\(title)' ignores $\(name): \(expression)")
                    }
                }
            }
        }
    }
}

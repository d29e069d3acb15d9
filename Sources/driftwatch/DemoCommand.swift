import ArgumentParser
import DriftwatchDemo

/// `driftwatch demo`: the options of ``DemoRun``, which does the work.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole loop on generated ride data: drift, retrain, gate, promote, hot reload, verify.",
        discussion: "Needs no network beyond loopback and no files; everything lives in a temporary directory. Exit 0 when the retrained model was promoted and verified."
    )

    @Flag(name: .customLong("keep-running"), help: "Leave the predictor and the agent up afterwards (Ctrl-C stops them), with a trickle of traffic.")
    var keepRunning = false

    @Flag(help: "A shorter run with less data (the end-to-end test).")
    var fast = false

    @Option(name: .customLong("predictor-port"), help: "Port of the predictor.")
    var predictorPort = 9696

    @Option(name: .customLong("agent-port"), help: "Port of the agent.")
    var agentPort = 9100

    @Option(help: ArgumentHelp("Work in this directory instead of a new temporary one.", valueName: "path"))
    var directory: String?

    @Option(help: ArgumentHelp("Registry (and prediction log): postgres://user@host:port/database, best a new database (default: a directory in the workspace).", valueName: "location"))
    var registry: String?

    @Option(help: "Who starts the retrain: the agent's own triggers, or only an Alertmanager webhook (with Prometheus and Alertmanager set up around the demo).")
    var trigger: DemoRun.Trigger = .agent

    @Option(help: "How the gated challenger reaches production: direct (promote at once, then verify), canary (10 → 50 → 100 % of traffic while the live comparison says it is not worse) or shadow (it scores every ride unreturned first).")
    var rollout: DemoRun.RolloutMode = .direct

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Bearer tokens, one per line: the demo's predictor and agent take writes only with one, and the demo's clients send the first.", valueName: "file"))
    var tokenFile: String?

    func run() async throws {
        var demo = DemoRun(version: DriftwatchVersion.current)
        demo.keepRunning = keepRunning
        demo.fast = fast
        demo.predictorPort = predictorPort
        demo.agentPort = agentPort
        demo.directory = directory
        demo.registry = registry
        demo.trigger = trigger
        demo.rollout = rollout
        demo.tokenFile = tokenFile
        try await demo.run()
    }
}

extension DemoRun.Trigger: ExpressibleByArgument {}
extension DemoRun.RolloutMode: ExpressibleByArgument {}

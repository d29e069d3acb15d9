import DriftwatchAgent
import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import DriftwatchPredictor
import DriftwatchRegistry
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The demo: the whole loop on generated data, in one process and a temporary directory — a
/// champion is trained and served, the city changes, the agent sees drift and falling accuracy,
/// retrains, gates, promotes (at once, or through a canary or a shadow), the predictor
/// hot-reloads, and the promotion is verified against ground truth. `driftwatch demo` runs it;
/// tests can drive it without the command line.
public struct DemoRun: Sendable {
    /// Who decides to retrain: the agent's own triggers, or only Alertmanager through the webhook.
    public enum Trigger: String, Sendable, CaseIterable {
        case agent
        case alertmanager
    }

    /// How the gated challenger reaches production.
    public enum RolloutMode: String, Sendable, CaseIterable {
        case direct, canary, shadow
    }

    /// Leave the predictor and the agent up afterwards, with a trickle of traffic.
    public var keepRunning = false
    /// A shorter run with less data.
    public var fast = false
    public var predictorPort = 9696
    public var agentPort = 9100
    /// Work in this directory instead of a new temporary one.
    public var directory: String?
    /// Registry (and prediction log) location; default: a directory in the workspace.
    public var registry: String?
    public var trigger = Trigger.agent
    public var rollout = RolloutMode.direct
    /// A bearer token file: the predictor and the agent then take writes (labels, feedback, the
    /// webhook, the prediction log) only with a token from it, and the demo's own clients — its
    /// traffic and the agent's pull source — send the first one.
    public var tokenFile: String?
    /// Driftwatch's version, for the build info and the registered versions.
    public var version: String

    public init(version: String) {
        self.version = version
    }

    /// Why the demo did not end with a verified promotion.
    public struct Failure: DriftwatchError {
        public var description: String
    }

    /// Runs the demo; throws ``Failure`` unless the retrained model was promoted and verified.
    public func run() async throws {
        // Ports first: one that is taken is the one thing said, before anything is made.
        for port in [predictorPort, agentPort] {
            do {
                try await ListenCheck.ensureAvailable(host: "127.0.0.1", port: port)
            } catch {
                throw Failure(description: "\(error) — choose other ports with --predictor-port and --agent-port")
            }
        }
        let start = Date()
        let say = DemoOutput(start: start)
        let workspace = URL(fileURLWithPath: directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-demo-\(UUID().uuidString.prefix(8))").path)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        say("Driftwatch demo in \(workspace.path)")

        // 1. Reference data and the first champion.
        var rides = DemoRides(seed: 2026)
        let referenceRows = fast ? 2500 : 4000
        let reference = (0..<referenceRows).map { _ in rides.ride(.usual) }
        try Data((DemoRides.Ride.csvHeader + "\n" + reference.map(\.csv).joined(separator: "\n") + "\n").utf8)
            .write(to: workspace.appendingPathComponent("reference.csv"))
        let trainingPath = workspace.appendingPathComponent("train.yaml").path
        try Data(Self.trainingConfig.utf8).write(to: URL(fileURLWithPath: trainingPath))
        let registryPath = registry ?? workspace.appendingPathComponent("registry").path
        let registry = try await Registry.open(registryPath, create: true)
        let first = try await TrainingJob.run(config: TrainingConfig.load(path: trainingPath), registry: registry, codeVersion: version) { _ in }
        try await registry.promote(model: "rides", version: first.version.version, reason: "demo: first model", actor: "driftwatch-demo")
        let validation = first.outcome.best.metrics["rmse"] ?? .nan
        say("trained ride-duration model v\(first.version.version) on \(referenceRows) rides (ridge, validation RMSE \(Self.format(validation))) and made it champion")

        // 2. The predictor and the agent, in this process.
        let tokenPath = tokenFile.map { ($0 as NSString).isAbsolutePath ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        let tokens = try tokenPath.map { try BearerTokens.load(file: $0, environment: [:]) } ?? []
        let quiet = Self.logger(.warning)
        var predictorConfiguration = PredictorConfiguration(registry: registryPath, model: "rides")
        predictorConfiguration.security.tokens = tokens
        predictorConfiguration.port = predictorPort
        predictorConfiguration.reloadInterval = .milliseconds(500)
        let predictor = try await Predictor.open(configuration: predictorConfiguration, version: version, logger: quiet)
        let agentConfigPath = workspace.appendingPathComponent("agent.yaml").path
        try Data(agentConfig(trainingPath: trainingPath, registryPath: registryPath, tokenPath: tokenPath).utf8).write(to: URL(fileURLWithPath: agentConfigPath))
        let events = DemoEvents()
        let runtime = try await AgentRuntime.make(configuration: try AgentConfiguration.load(path: agentConfigPath), version: version,
                                                  logger: quiet) { snapshot in
            await events.evaluated(snapshot, say: say)
        }
        await runtime.loop?.onStep { attempt in await events.stepped(attempt, say: say) }
        // The agent starts once the predictor answers, so that its first pull finds a listener.
        let agentService = AfterReady(url: "http://127.0.0.1:\(predictorPort)/ready", service: runtime.application)
        let group = ServiceGroup(configuration: .init(services: [.init(service: try predictor.application(logger: quiet)), .init(service: agentService)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: quiet))
        let ended = ServersEnded()
        let services = Task {
            do {
                try await group.run()
            } catch {
                await ended.record(error)
                throw error
            }
        }
        let client = DemoClient(token: tokens.first)
        let predictorURL = "http://127.0.0.1:\(predictorPort)", agentURL = "http://127.0.0.1:\(agentPort)"
        do {
            // A server that cannot start (a port in use) ends the wait at once; a slow machine gets a minute.
            try await client.waitUntilUp(predictorURL + "/ready", seconds: 60) { await ended.error }
            try await client.waitUntilUp(agentURL + "/health", seconds: 60) { await ended.error }
        } catch {
            await group.triggerGracefulShutdown()
            throw Failure(description: "\(error) — is another program using port \(predictorPort) or \(agentPort)? (--predictor-port, --agent-port)")
        }
        say("predictor: \(predictorURL)/predict   agent: \(agentURL)/metrics and \(agentURL)/ (status page)")
        if let tokenPath {
            // Shown, not assumed: a write without the token is refused.
            let refused = try await DemoClient(token: nil).status(agentURL + "/v1/labels", json: "[]")
            say("credentials: writes to the predictor and the agent need a token from \(tokenPath) (Authorization: Bearer …); a label posted without one: \(refused)")
        }
        if trigger == .alertmanager {
            say("the agent retrains only when Alertmanager asks: POST \(agentURL)/v1/alertmanager")
            say("with the shipped rules (alerts/) a drift alert fires after 5 minutes of drift and Alertmanager waits 30 s more before it posts; "
                + "examples/prometheus/demo/ has the same rules and routing with timings of seconds")
        }
        if rollout != .direct { say("a gated challenger goes through a \(rollout.rawValue) rollout: see driftwatch_challenger_* on the agent's /metrics") }

        // 3. Traffic: the usual city, then the changed one, until the loop has decided.
        var traffic = DemoTraffic(client: client, predictorURL: predictorURL, agentURL: agentURL, rides: rides, say: say)
        traffic.rollout = rollout != .direct
        let stableSeconds: Double = fast ? 4 : 6
        say("traffic: \(DemoTraffic.ridesPerSecond) rides/s from the usual city; ground truth follows each ride after \(DemoTraffic.labelDelay) s")
        try await traffic.run(.usual, until: { Date().timeIntervalSince(start) >= stableSeconds + 2 || $0 >= stableSeconds })
        let changeAt = Date()
        say("the city changes: longer trips, more airport pickups (covariate shift) and roadworks — every trip takes longer (concept change)")
        // A rollout takes its steps on live labelled rows: it needs longer. Alertmanager, with the
        // shipped rules' timings, needs minutes: the demo waits for it and says so.
        let deadline: Double = (fast ? 75 : 100) + (rollout == .direct ? 0 : 40) + (trigger == .alertmanager && !fast ? 360 : 0)
        var told = changeAt
        try await traffic.run(.changed) { _ in
            let outcome = await events.outcome
            if trigger == .alertmanager, outcome == nil, await events.attempts == 0, Date().timeIntervalSince(told) >= 30 {
                told = Date()
                say("waiting for Alertmanager's webhook, \(Int(told.timeIntervalSince(changeAt))) s after the change (the demo waits up to \(Int(deadline)) s)")
            }
            return outcome != nil || Date().timeIntervalSince(changeAt) > deadline
        }
        let outcome = await events.outcome
        try await traffic.flushLabels()
        await events.silence()

        // 4. Summary.
        say.plain("")
        say.plain("Summary")
        say.plain("  champion v\(first.version.version): trained on \(referenceRows) rides, validation RMSE \(Self.format(validation))")
        for line in traffic.summaryLines() { say.plain("  " + line) }
        for line in await events.summaryLines(changeAt: changeAt) { say.plain("  " + line) }
        say.plain(String(format: "  total %.1f s", Date().timeIntervalSince(start)))

        if keepRunning {
            say("still serving: \(predictorURL)/predict, \(agentURL)/metrics, \(agentURL)/ — Ctrl-C stops")
            say("the city now alternates between its usual and its changed self every \(Int(DemoTraffic.cyclePeriod / 60)) minutes, so drift comes and goes on the dashboards and in the alerts")
            let trickle = Task { [traffic] in
                var traffic = traffic
                try await traffic.trickle()
            }
            _ = try? await services.value
            trickle.cancel()
        } else {
            await group.triggerGracefulShutdown()
            _ = try? await services.value
        }
        guard let outcome, outcome.state == .promoted else {
            throw Failure(description: "the loop did not promote a verified model: \(outcome.map { "\($0.state.rawValue) — \($0.detail)" } ?? "no retrain within \(Int(deadline)) s of the change")")
        }
    }

    static let trainingConfig = """
        # The champion's training config; every retrain uses it on the newest labelled rows.
        experiment: demo
        model: rides
        data: reference.csv
        target: duration
        prediction: predicted_duration
        features:
          numeric: [trip_distance, pickup_hour]
          categorical: [PU_location, DO_location, weekday]
        estimator: {kind: ridge}
        search: {strategy: grid, space: {alpha: [0.1, 1, 10]}, validation: 0.2, metric: rmse}
        seed: 7

        """

    func agentConfig(trainingPath: String, registryPath: String, tokenPath: String?) -> String {
        """
        # The demo's agent: follows the champion in the registry, pulls the predictor's log,
        # retrains when drift persists or accuracy falls.
        model: rides
        reference: {registry: "\(registryPath)", poll: 0.5}
        listen: 127.0.0.1:\(agentPort)
        window: {rows: 1200}
        min_rows: 300
        evaluate_every: 1
        sources: [{pull: "http://127.0.0.1:\(predictorPort)", interval: 0.25\(tokenPath.map { ", token_file: \"\($0)\"" } ?? "")}]
        \(tokenPath.map { "token_file: \"\($0)\"" } ?? "")
        segments: [{column: PU_location, top: 5}]
        comparison: {min_rows: 150}
        loop:
          training: \(trainingPath)
          trigger: \(trigger == .agent ? "{drift_evaluations: 3, accuracy_margin: 0.25, accuracy_evaluations: 3}" : "{drift_evaluations: 0, accuracy_margin: off}")
          min_labelled_rows: 400
          cooldown: 60
          training_rows: 700
          holdout: 0.25
          gate_margin: 0.05
          verify_rows: 300
          verify_margin: 0.2
        \(rollout == .direct ? "" : "  rollout: {mode: \(rollout.rawValue), steps: [10, 50, 100], min_rows: 150}\n")
        """
    }

    static func logger(_ level: Logger.Level) -> Logger {
        var logger = Logger(label: "driftwatch.demo")
        logger.logLevel = level
        return logger
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// Why the demo's servers stopped, once they have.
private actor ServersEnded {
    private(set) var error: (any Error)?

    func record(_ error: any Error) {
        self.error = error
    }
}

/// A service that starts once `url` answers (or after a minute, when it never does: the service's
/// own errors then say why).
private struct AfterReady<Wrapped: Service>: Service {
    let url: String
    let service: Wrapped

    func run() async throws {
        try? await DemoClient().waitUntilUp(url, seconds: 60)
        try Task.checkCancellation()
        try await service.run()
    }
}

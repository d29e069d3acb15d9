import ArgumentParser
import DriftwatchAgent
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Watch production rows against the reference and expose drift on /metrics.",
        discussion: "Routes: POST /v1/ingest, POST /v1/labels, GET /metrics, /api/v1/snapshot, /health, /ready."
    )

    @Option(help: ArgumentHelp("Agent config (YAML).", valueName: "file"))
    var config: String

    func run() async throws {
        let configuration = try AgentConfiguration.load(path: config)
        let agent = try await Agent.start(configuration: configuration, version: DriftwatchVersion.current)
        if let statePath = configuration.statePath {
            try await agent.attach(AgentStateStore(path: statePath))
        }
        var logger = Logger(label: "driftwatch.agent")
        logger.logLevel = .info
        var loop: RetrainCoordinator?
        var services: [any Service] = []
        if case .registry(let directory, let alias, let interval) = configuration.reference {
            let registry = try Registry.open(directory: directory)
            services.append(ReferenceWatcher(agent: agent, reference: RegistryReference(registry: registry, model: configuration.model, alias: alias),
                                             interval: .milliseconds(Int(interval * 1000)), logger: logger))
            if let policy = configuration.loop {
                loop = RetrainCoordinator(agent: agent, registry: registry, policy: policy, training: try TrainingConfig.load(path: policy.training),
                                          codeVersion: DriftwatchVersion.current, logger: logger)
                await loop?.resume()
            }
        }
        services.append(EvaluationLoop(agent: agent, interval: .milliseconds(Int(configuration.evaluateEvery * 1000)), logger: logger, loop: loop))
        for source in configuration.sources {
            switch source {
            case .push:
                break
            case .tail(let path, let interval):
                services.append(TailSource(agent: agent, path: path, interval: .milliseconds(Int(interval * 1000)), logger: logger))
            case .pull(let url, let interval, let prediction):
                guard let base = URL(string: url) else { continue }
                let schema = await agent.profile.schema
                let column = prediction ?? schema.names(withRole: .prediction).first ?? "prediction"
                services.append(PullSource(agent: agent, pull: PredictionLogPull(baseURL: base, predictionColumn: column),
                                           interval: .milliseconds(Int(interval * 1000)), logger: logger))
            }
        }
        let app = Application(router: agent.buildRouter(loop: loop), configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "driftwatch-agent"),
                              services: services, logger: logger)
        try await app.runService()
    }
}

import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A running agent as `driftwatch agent` wires it: the reference loaded (and followed in the
/// registry), the saved state restored, the sources, the evaluation timer, the retrain loop and
/// the HTTP server, ready to run as one service.
public struct AgentRuntime: Sendable {
    public let agent: Agent
    public let loop: RetrainCoordinator?
    public let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameter onSnapshot: told of every evaluation (the demo prints them).
    public static func make(configuration: AgentConfiguration, version: String, logger: Logger,
                            onSnapshot: (@Sendable (Snapshot) async -> Void)? = nil) async throws -> AgentRuntime {
        let agent = try await Agent.start(configuration: configuration, version: version)
        if let statePath = configuration.statePath {
            try await agent.attach(AgentStateStore(path: statePath))
        }
        var loop: RetrainCoordinator?
        var services: [any Service] = []
        if case .registry(let location, let alias, let interval) = configuration.reference {
            let registry = try await Registry.open(location)
            services.append(ReferenceWatcher(agent: agent, reference: RegistryReference(registry: registry, model: configuration.model, alias: alias),
                                             interval: .milliseconds(Int(interval * 1000)), logger: logger))
            if let policy = configuration.loop {
                let challengers: ChallengerSource, metric: String
                switch policy.training {
                case .config(let path):
                    var training = try TrainingConfig.load(path: path)
                    training.model = configuration.model
                    challengers = .trainer(training)
                    metric = TrainingPipeline(config: training, codeVersion: version).selectionMetric
                case .command(let command):
                    challengers = .command(command)
                    metric = command.metric ?? (configuration.task == .regression ? "rmse" : "log_loss")
                }
                // The trusted rows are read at each gate; a file that is not there is said now, not then.
                if policy.trustedMargin != nil {
                    guard let trusted = policy.trustedData ?? challengers.data else {
                        throw DataError(file: configuration.source, "loop: no trusted rows for the challenger check; set loop.trusted_data (or loop.training.data), or trusted_margin: off")
                    }
                    guard FileManager.default.isReadableFile(atPath: trusted) else {
                        throw DataError(file: configuration.source, "loop: the trusted rows '\(trusted)' (\(policy.trustedData == nil ? "the training data" : "loop.trusted_data")) cannot be read; set loop.trusted_data, or trusted_margin: off")
                    }
                }
                let coordinator = RetrainCoordinator(agent: agent, registry: registry, policy: policy, challengers: challengers, metric: metric,
                                                     codeVersion: version, logger: logger)
                await coordinator.resume()
                loop = coordinator
            }
        }
        services.append(EvaluationLoop(agent: agent, interval: .milliseconds(Int(configuration.evaluateEvery * 1000)), logger: logger, loop: loop, onSnapshot: onSnapshot))
        for source in configuration.sources {
            switch source {
            case .push:
                break
            case .tail(let path, let interval):
                services.append(SourceService(agent: agent, source: FileTail(path: path), interval: .milliseconds(Int(interval * 1000)), logger: logger))
            case .pull(let url, let interval, let prediction, let instance, let access):
                guard let base = URL(string: url) else { continue }
                let schema = await agent.profile.schema
                let column = prediction ?? schema.names(withRole: .prediction).first ?? "prediction"
                let source = PredictionLogPull(baseURL: base, predictionColumn: column, instance: instance, credentials: try access.credentials())
                services.append(SourceService(agent: agent, source: source,
                                              interval: .milliseconds(Int(interval * 1000)), logger: logger))
            }
        }
        let application = Application(router: agent.buildRouter(loop: loop), server: try configuration.security.server(),
                                       configuration: configuration.security.applicationConfiguration(host: configuration.host, port: configuration.port,
                                                                                                      serverName: "driftwatch-agent", logger: logger),
                                       services: services, logger: logger)
        return AgentRuntime(agent: agent, loop: loop, application: application)
    }
}

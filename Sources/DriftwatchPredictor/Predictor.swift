import DriftwatchData
import DriftwatchHTTP
import DriftwatchRegistry
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The parts a running predictor shares between its routes and background services.
public struct Predictor: Sendable {
    public let configuration: PredictorConfiguration
    public let slot: ModelSlot
    /// The traffic policy and its challenger, when one is in force.
    public let challenger: ChallengerSlot
    public let log: PredictionLog
    public let metrics: PredictorMetrics
    let loader: ModelLoader
    let ids: PredictionIDs
    let version: String

    /// Opens the registry and the prediction log, and loads the alias's current version if there is one.
    public static func open(configuration: PredictorConfiguration, version: String,
                            logger: Logger = Logger(label: "driftwatch.predictor")) async throws -> Predictor {
        let registry = try await Registry.open(configuration.registry)
        let metrics = PredictorMetrics(version: version)
        let log = try await PredictionLog.open(configuration.resolvedLogPath, instance: configuration.resolvedInstance,
                                               capacity: configuration.logQueueCapacity, metrics: metrics)
        let predictor = Predictor(configuration: configuration, slot: ModelSlot(), challenger: ChallengerSlot(), log: log, metrics: metrics,
                                  loader: ModelLoader(registry: registry, model: configuration.model, alias: configuration.alias),
                                  ids: PredictionIDs(), version: version)
        var refused: Int?, refusedChallenger: Int?
        await predictor.watcher(logger: logger).check(lastRefused: &refused, lastRefusedChallenger: &refusedChallenger)
        return predictor
    }

    func watcher(logger: Logger) -> ModelWatcher {
        ModelWatcher(loader: loader, slot: slot, challenger: challenger, metrics: metrics, interval: configuration.reloadInterval, logger: logger)
    }

    /// The background services: alias watching and prediction-log writing.
    public func services(logger: Logger) -> [any Service] {
        [watcher(logger: logger),
         PredictionLogWriter(log: log, interval: configuration.logFlushInterval, retentionRows: configuration.retentionRows, retentionAge: configuration.retentionAge)]
    }

    /// The HTTP application, serving until SIGTERM or SIGINT; in-flight requests finish first.
    public func application(logger: Logger = Logger(label: "driftwatch.predictor")) throws -> some ApplicationProtocol {
        let security = configuration.security
        return Application(router: buildRouter(), server: try security.server(),
                           configuration: security.applicationConfiguration(host: configuration.host, port: configuration.port, serverName: "driftwatch", logger: logger),
                           services: services(logger: logger), logger: logger)
    }
}

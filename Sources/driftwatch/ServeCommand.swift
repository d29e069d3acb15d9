import ArgumentParser
import DriftwatchData
import DriftwatchHTTP
import DriftwatchPredictor
import Foundation
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a registered model over HTTP, log every prediction, follow the alias.",
        discussion: "Routes: POST /predict, POST /invocations (MLflow), the Open Inference Protocol v2 (GET /v2, /v2/health/live, /v2/health/ready, /v2/models/NAME, /v2/models/NAME/ready, POST /v2/models/NAME/infer), POST /v1/feedback, GET /v1/predictions, GET /health, /ready, /version, /metrics."
    )

    @OptionGroup var selection: ModelOptions
    var registry: String { selection.registry }
    var model: String { selection.model }
    var alias: String { selection.alias }

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "host:port"))
    var listen: String = "127.0.0.1:9696"

    @Option(name: .customLong("reload-interval"), help: "Seconds between alias checks.")
    var reloadInterval: Double = 2

    @Option(name: .customLong("log-path"), help: ArgumentHelp("Prediction log: an SQLite file or postgres://… (default: predictions.sqlite in a registry directory; a PostgreSQL registry's own database).", valueName: "location"))
    var logPath: String?

    @Option(help: ArgumentHelp("This replica's name in a shared prediction log (default: host name and port).", valueName: "name"))
    var instance: String?

    @Option(name: .customLong("retention-rows"), help: "Keep at most this many logged predictions (0: all).")
    var retentionRows: Int = 0

    @Option(name: .customLong("retention-days"), help: "Delete logged predictions older than this many days.")
    var retentionDays: Double?

    @Option(name: .customLong("body-limit"), help: "Largest request body in bytes.")
    var bodyLimit: Int = 1 << 20

    @Flag(name: .customLong("durable-log"), help: "Answer a prediction only once its log row is committed (a crash then loses no answered prediction; see the README).")
    var durableLog = false

    @OptionGroup var security: SecurityOptions

    func run() async throws {
        guard let address = ListenAddress(listen) else {
            throw OptionValidationFailure(message: "--listen must be host:port, got '\(listen)'")
        }
        guard reloadInterval > 0, bodyLimit > 0, retentionRows >= 0 else {
            throw OptionValidationFailure(message: "--reload-interval and --body-limit must be positive, --retention-rows not negative")
        }
        // Before anything is loaded: a port in use is the one thing said.
        try await ListenCheck.ensureAvailable(host: address.host, port: address.port)
        var configuration = PredictorConfiguration(registry: registry, model: model)
        configuration.alias = alias
        configuration.host = address.host
        configuration.port = address.port
        configuration.reloadInterval = .milliseconds(Int(reloadInterval * 1000))
        configuration.logPath = logPath
        configuration.instance = instance
        configuration.retentionRows = retentionRows
        configuration.retentionAge = retentionDays.map { .seconds(Int($0 * 86_400)) }
        configuration.bodyLimit = bodyLimit
        configuration.durableLog = durableLog
        configuration.security = ServerSecurity(web: try security.webConfig.map(WebConfiguration.load(path:)),
                                                tokens: try BearerTokens.load(file: security.tokenFile))
        if let timeout = try security.timeout() { configuration.security.requestTimeout = timeout }
        if let connections = try security.connections() { configuration.security.maxConnections = connections }
        let predictor = try await Predictor.open(configuration: configuration, version: DriftwatchVersion.current)
        var logger = Logger(label: "driftwatch.serve")
        logger.logLevel = .info
        if predictor.slot.model == nil {
            logger.warning("model '\(model)' has no '\(alias)' alias yet; /ready answers 503 until it does")
        }
        try await predictor.application(logger: logger).runService()
    }
}

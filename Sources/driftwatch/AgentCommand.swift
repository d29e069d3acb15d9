import ArgumentParser
import DriftwatchAgent
import DriftwatchHTTP
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

    @OptionGroup var security: SecurityOptions

    func run() async throws {
        var logger = Logger(label: "driftwatch.agent")
        logger.logLevel = .info
        var configuration = try AgentConfiguration.load(path: config)
        if security.webConfig != nil || security.tokenFile != nil {
            configuration.webConfigPath = security.webConfig ?? configuration.webConfigPath
            configuration.tokenFile = security.tokenFile ?? configuration.tokenFile
            try configuration.readSecurityFiles()
        }
        if let timeout = try security.timeout() { configuration.security.requestTimeout = timeout }
        if let connections = try security.connections() { configuration.security.maxConnections = connections }
        try await ListenCheck.ensureAvailable(host: configuration.host, port: configuration.port)
        let runtime = try await AgentRuntime.make(configuration: configuration, version: DriftwatchVersion.current, logger: logger)
        let summary = await runtime.summary()
        logger.info("\(summary)")
        try await runtime.application.runService()
    }
}

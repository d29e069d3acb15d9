import ArgumentParser
import DriftwatchAgent
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
        var logger = Logger(label: "driftwatch.agent")
        logger.logLevel = .info
        let runtime = try await AgentRuntime.make(configuration: try AgentConfiguration.load(path: config), version: DriftwatchVersion.current, logger: logger)
        try await runtime.application.runService()
    }
}

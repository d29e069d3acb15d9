import ArgumentParser
import DriftwatchAgent
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Ask the running agent to retrain now (POST /v1/retrain).",
        discussion: "Uses the agent config for the address and the loop token. Exit 0 when an attempt started, 1 when the agent declined (busy or a guard rail), 2 on errors."
    )

    @Option(help: ArgumentHelp("Agent config (YAML).", valueName: "file"))
    var config: String

    @Option(help: "Why, for the audit trail.")
    var reason: String?

    func run() async throws {
        let configuration = try AgentConfiguration.load(path: config)
        guard let policy = configuration.loop else {
            throw OptionValidationFailure(message: "\(config) has no loop section: the agent does not retrain")
        }
        let host = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        guard let url = URL(string: "http://\(host):\(configuration.port)/v1/retrain") else {
            throw OptionValidationFailure(message: "cannot make a URL of listen \(configuration.host):\(configuration.port)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = 30
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token = policy.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let body: [String: String] = reason.map { ["reason": $0] } ?? [:]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw OptionValidationFailure(message: "cannot reach the agent at \(url): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        switch status {
        case 202: return
        case 409: throw ExitCode(1)
        default: throw OptionValidationFailure(message: "the agent answered \(status): \(text)")
        }
    }
}

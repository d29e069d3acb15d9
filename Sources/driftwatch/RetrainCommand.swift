import ArgumentParser
import DriftwatchAgent
import Foundation
import DriftwatchData
import DriftwatchHTTP

struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Ask the running agent to retrain now (POST /v1/retrain).",
        discussion: "Uses the agent config for the address, TLS and the token (loop.token, token_file or DRIFTWATCH_TOKEN). Exit 0 when an attempt started, 1 when the agent declined (busy or a guard rail), 2 on errors."
    )

    @Option(help: ArgumentHelp("Agent config (YAML).", valueName: "file"))
    var config: String

    @Option(help: "Why, for the audit trail.")
    var reason: String?

    @Option(help: ArgumentHelp("A web-config user to authenticate as instead of a token.", valueName: "name"))
    var username: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("File holding that user's password.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("CA certificates (PEM) that signed the agent's certificate, when the system does not trust it.", valueName: "file"))
    var caFile: String?

    func run() async throws {
        let configuration = try AgentConfiguration.load(path: config)
        guard let policy = configuration.loop else {
            throw OptionValidationFailure(message: "\(config) has no loop section: the agent does not retrain")
        }
        guard (username == nil) == (passwordFile == nil) else { throw OptionValidationFailure(message: "--username and --password-file go together") }
        let host = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        let scheme = configuration.security.scheme
        guard let url = URL(string: "\(scheme)://\(host):\(configuration.port)/v1/retrain") else {
            throw OptionValidationFailure(message: "cannot make a URL of listen \(configuration.host):\(configuration.port)")
        }
        var credentials = ClientCredentials(caFile: caFile)
        if let username, let passwordFile {
            credentials.username = username
            credentials.password = try ClientCredentials.secret(file: passwordFile, what: "password")
        } else {
            credentials.token = policy.token ?? configuration.security.tokens.first
        }
        let body = try JSONSerialization.data(withJSONObject: reason.map { ["reason": $0] } ?? [String: String]())
        let answer: ServiceClient.Answer
        do {
            answer = try await ServiceClient.send(url, method: .POST, json: body, credentials: credentials, timeout: .seconds(30))
        } catch let error as DataError {
            throw error
        } catch {
            throw OptionValidationFailure(message: "cannot reach the agent at \(url): \(error)")
        }
        let text = String(decoding: answer.body, as: UTF8.self)
        print(text)
        switch answer.status {
        case 202: return
        case 409: throw ExitCode(1)
        default: throw OptionValidationFailure(message: "the agent answered \(answer.status): \(Message.short(text))")
        }
    }
}

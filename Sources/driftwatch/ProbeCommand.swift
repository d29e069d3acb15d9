import ArgumentParser
import DriftwatchHTTP
import Foundation

/// `driftwatch probe`: a health check for images without curl — GET a URL, exit 0 on a 2xx answer.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check a server's health: exit 0 when the URL answers 2xx (a container health check).",
        discussion: "The URL defaults to DRIFTWATCH_PROBE_URL, else http://127.0.0.1:9696/health (the predictor; the agent's is :9100/health)."
    )

    @Argument(help: "URL to GET.")
    var url: String = ProcessInfo.processInfo.environment["DRIFTWATCH_PROBE_URL"] ?? "http://127.0.0.1:9696/health"

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Double = 3

    func run() async throws {
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme ?? "") else {
            throw ValidationError("'\(url)' is not an http(s) URL")
        }
        do {
            let answer = try await ServiceClient.send(target, timeout: .milliseconds(Int(timeout * 1000)))
            guard (200..<300).contains(answer.status) else {
                FileHandle.standardError.write(Data("driftwatch probe: \(url) answered \(answer.status)\n".utf8))
                throw ExitCode.failure
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("driftwatch probe: \(url): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

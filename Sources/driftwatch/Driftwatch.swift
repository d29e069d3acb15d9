import ArgumentParser
import DriftwatchData
import Foundation

@main
struct Driftwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch",
        abstract: "Keeps production ML models honest: drift statistics, monitoring and retraining.",
        version: DriftwatchVersion.current,
        subcommands: [CheckCommand.self, ProfileCommand.self, SchemaCommand.self, TrainCommand.self, RunsCommand.self, ModelsCommand.self, ServeCommand.self, PredictCommand.self, AgentCommand.self, RetrainCommand.self, DemoCommand.self, ProbeCommand.self]
    )

    /// Exit codes: 0 success (no drift), 1 drift found, 2 bad usage or bad input.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any DriftwatchError {
            fail(error.description)
        } catch let error as OptionValidationFailure {
            fail(error.message)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is ExitCode { Foundation.exit(code.rawValue) }
            var message = fullMessage(for: error)
            if message.isEmpty { message = String(describing: error) }
            FileHandle.standardError.write(Data((message.hasPrefix("Error:") ? message : "Error: " + message).utf8 + [0x0A]))
            Foundation.exit(2)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("driftwatch: error: \(Message.short(message))\n".utf8))
        Foundation.exit(2)
    }
}

/// An option value that parses but makes no sense (e.g. alpha = 2).
struct OptionValidationFailure: Error {
    var message: String
}

enum DriftwatchVersion {
    /// The release and, as semantic versioning's build metadata, the git commit built from
    /// (`buildRevision`, written by the BuildRevision plugin): `0.1.0+1a2b3c4d5e6f`.
    static let current = "0.1.0+" + buildRevision
}

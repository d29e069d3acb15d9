import ArgumentParser
import Foundation

/// `--registry`, `--model` and `--alias`: which registered model a command serves or scores with.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Registry: a directory or postgres://user@host:port/database.", valueName: "location"))
    var registry: String = ProcessInfo.processInfo.environment["DRIFTWATCH_REGISTRY"] ?? "driftwatch-registry"

    @Option(help: "Registered model name.")
    var model: String

    @Option(help: "Alias whose version is used (serve follows it as it moves).")
    var alias: String = "champion"
}

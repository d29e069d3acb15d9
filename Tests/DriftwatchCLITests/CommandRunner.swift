import DriftwatchTestSupport
import Foundation
import Testing

/// Runs the built `driftwatch` binary as a user would, capturing its output and exit status.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable sits next to the test bundle in the build products folder.
    static var binary: URL {
        get throws {
            var candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            for directory in candidates {
                let url = directory.appendingPathComponent("driftwatch")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "driftwatch binary near \(candidates.map(\.path))"])
        }
    }

    /// A registry in the scratch folder holding the example model, version 1 as `champion`; its path.
    static func registryWithChampion(in scratch: Scratch) async throws -> String {
        let registry = scratch.url.appendingPathComponent("registry").path
        #expect(try await run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"]).status == 0)
        #expect(try await run(["models", "promote", "ride-duration", "1", "--registry", registry]).status == 0)
        return registry
    }

    /// Trains the example model twice into `registry`: version 1 is `champion`, version 2 `challenger`.
    static func championAndChallenger(registry: String) async throws {
        for _ in 0..<2 {
            #expect(try await run(["train", "--config", "examples/rides/train.yaml", "--registry", registry, "--quiet"]).status == 0)
        }
        #expect(try await run(["models", "promote", "ride-duration", "1", "--registry", registry]).status == 0)
        #expect(try await run(["models", "promote", "ride-duration", "2", "--alias", "challenger", "--registry", registry]).status == 0)
    }

    static func run(_ arguments: [String]) async throws -> Result {
        try await run(executable: try binary, arguments)
    }

    /// Runs any program (`/usr/bin/env` finds one on the PATH) in the repository, as `run` runs
    /// the binary; `environment` replaces the inherited one.
    static func run(executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        try await offThePool { try runBlocking(executable, arguments, environment: environment) }
    }

    private static func runBlocking(_ binary: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large report cannot fill the pipe and stall the process.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A scratch folder removed when the test's value goes away.
    final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ name: String, _ contents: String) throws -> String {
            try write(name, Data(contents.utf8))
        }

        func write(_ name: String, _ data: Data) throws -> String {
            let file = url.appendingPathComponent(name)
            try data.write(to: file)
            return file.path
        }
    }
}

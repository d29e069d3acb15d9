import DriftwatchTestSupport
import Foundation
import Testing

/// The README's command blocks marked `<!-- readme-test -->` run in order, as written, in one
/// shell: `swift run driftwatch` and `driftwatch` are the built binary, `/tmp/registry` a scratch
/// folder, the working directory the repository. A sequence that no longer works as written
/// fails here, with the output of the command that stopped it.
@Suite struct ReadmeCommandTests {
    /// The marked blocks, in README order.
    static func markedBlocks() throws -> [String] {
        let readme = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = [], marked = false, current: [String]?
        for line in readme.components(separatedBy: "\n") {
            if var lines = current {
                if line.hasPrefix("```") {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line.trimmingCharacters(in: .whitespaces) == "<!-- readme-test -->" {
                marked = true
            } else if marked, line.hasPrefix("```sh") {
                current = []
                marked = false
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                marked = false
            }
        }
        return blocks
    }

    @Test func theMarkedCommandBlocksRunAsWritten() async throws {
        let blocks = try Self.markedBlocks()
        #expect(blocks.count >= 2, "the README lost its tested blocks")
        let scratch = try CommandRunner.Scratch()
        let bin = scratch.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("driftwatch"), withDestinationURL: try CommandRunner.binary)
        let registry = scratch.url.appendingPathComponent("registry").path
        let script = "set -eu\n" + blocks.joined(separator: "\n")
            .replacingOccurrences(of: "swift run driftwatch", with: "driftwatch")
            .replacingOccurrences(of: "/tmp/registry", with: registry)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment.removeValue(forKey: "DRIFTWATCH_REGISTRY")
        let result = try await CommandRunner.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-x", "-c", script], environment: environment)
        // The shell's trace (on standard error) names each command before it runs.
        let text = result.stderr + "\n" + result.stdout
        #expect(result.status == 0, "a README command failed:\n\(text.suffix(4000))")
        // The sequence did what its comments say.
        #expect(text.contains("ride-duration: champion 2 → 1 (rollback)"), "\(text.suffix(2000))")
        #expect(text.contains("Registered rides-xgb version 1") && text.contains("scored 3000 rows with rides-xgb version 1"), "\(text.suffix(2000))")
        #expect(text.contains("ride-duration: shadow → off") && text.contains("ride-duration: canary 5% → canary 50%"), "\(text.suffix(2000))")
    }
}

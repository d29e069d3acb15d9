import Foundation

/// Runs Prometheus's `promtool check metrics` on an exposition, for tests of `/metrics` output.
public enum Promtool {
    /// The promtool binary, when installed (CI installs Debian's prometheus package).
    public static var path: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a missing promtool must fail the test (in CI) rather than skip it (on a laptop).
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// promtool's exit status and everything it printed about `exposition`; nil without promtool.
    public static func check(_ exposition: String) async throws -> (status: Int32, report: String)? {
        guard let path else { return nil }
        return try await offThePool { try checkBlocking(path, exposition) }
    }

    private static func checkBlocking(_ path: String, _ exposition: String) throws -> (status: Int32, report: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, report)
    }
}

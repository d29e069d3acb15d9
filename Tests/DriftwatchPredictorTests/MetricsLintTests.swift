import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchPredictor

/// The exposition passes Prometheus's own linter (`promtool check metrics`): naming, units,
/// `_total` on counters, HELP and TYPE lines.
@Suite struct MetricsLintTests {
    static var promtool: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func promtoolAcceptsTheMetrics() async throws {
        guard let promtool = Self.promtool else {
            // CI installs Prometheus (.ci/run); elsewhere the check needs `apt-get install prometheus`.
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("promtool is missing in CI") }
            return
        }
        let fixture = try PredictorFixture()
        try await fixture.register()
        try await fixture.registry.promote(model: "rides", version: 1, reason: "test", actor: "test")
        let predictor = try await fixture.predictor()
        let app = Application(router: predictor.buildRouter())
        let text = try await app.test(.router) { client in
            _ = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 1, "zone": "mars"}"#))
            _ = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{"))
            _ = try await client.execute(uri: "/nope", method: .get)
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(report)")
        #expect(report.isEmpty, "promtool: \(report)")
    }
}

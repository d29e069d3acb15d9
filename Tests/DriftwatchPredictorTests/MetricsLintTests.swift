import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import DriftwatchTestSupport
import Testing
@testable import DriftwatchPredictor

/// The exposition passes Prometheus's own linter (`promtool check metrics`): naming, units,
/// `_total` on counters, HELP and TYPE lines.
@Suite struct MetricsLintTests {
    @Test func promtoolAcceptsTheMetrics() async throws {
        let predictor = try await PredictorFixture().servingPredictor()
        let app = Application(router: predictor.buildRouter())
        let text = try await app.test(.router) { client in
            _ = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 1, "zone": "mars"}"#))
            _ = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{"))
            _ = try await client.execute(uri: "/nope", method: .get)
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        // CI installs Prometheus (.ci/run); elsewhere the check needs `apt-get install prometheus`.
        guard let (status, report) = try await Promtool.check(text) else {
            if Promtool.required { Issue.record("promtool is missing in CI") }
            return
        }
        #expect(status == 0, "promtool: \(report)")
        #expect(report.isEmpty, "promtool: \(report)")
    }
}

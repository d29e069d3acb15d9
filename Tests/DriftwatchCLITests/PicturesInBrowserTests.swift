import DriftwatchTestSupport
import Foundation
import Testing

/// The distribution pictures as a person sees them: `check --format html` and a running agent's
/// status page, rendered by headless Chromium (Debian's `chromium`, installed by .ci/run) into
/// screenshots, whose pixels must show the reference's grey bars and the current data's blue or
/// red ones (`scripts/png_colors.py`). With DRIFTWATCH_SCREENSHOTS=DIR the screenshots are kept there.
@Suite(.serialized) struct PicturesInBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let colors = (reference: "9aa5b8", current: "4a7bd0", drifted: "d64545")

    /// Renders `html` to a PNG; the pixels of each chart colour.
    func rendered(_ html: URL, as name: String, scratch: URL, chromium: String) async throws -> [String: Int] {
        let keep = ProcessInfo.processInfo.environment["DRIFTWATCH_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
        if let keep { try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true) }
        let png = (keep ?? scratch).appendingPathComponent(name + ".png")
        let browser = try await CommandRunner.run(executable: URL(fileURLWithPath: chromium), ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1300",
                                               "--user-data-dir=\(scratch.appendingPathComponent("chromium-\(name)").path)", "--screenshot=\(png.path)", html.absoluteString])
        #expect(FileManager.default.fileExists(atPath: png.path), "chromium made no screenshot: \(browser.stderr.suffix(1000))")
        let counted = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", CommandRunner.repositoryRoot.appendingPathComponent("scripts/png_colors.py").path, png.path,
                                                      Self.colors.reference, Self.colors.current, Self.colors.drifted])
        print("\(name): \(png.path) \(counted.stdout)")
        return try JSONDecoder().decode([String: Int].self, from: Data(counted.stdout.utf8))
    }

    @Test func theReportAndTheStatusPageDrawTheDistributions() async throws {
        guard let chromium = Self.chromium else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("chromium is missing in CI") }
            return
        }
        let scratch = try CommandRunner.Scratch()
        let root = CommandRunner.repositoryRoot.path
        // The report of the example's drifted month.
        let report = scratch.url.appendingPathComponent("report.html")
        let check = try await CommandRunner.run(["check", "--reference", "examples/rides/reference.csv", "--current", "examples/rides/current.csv",
                                                 "--schema", "examples/rides/schema.yaml", "--format", "html", "--output", report.path])
        #expect(check.status == 1, "\(check.stderr)")
        let reportPixels = try await rendered(report, as: "check-report", scratch: scratch.url, chromium: chromium)
        // Ten columns' charts: thousands of pixels of each kind of bar, most current bars red (drifted).
        #expect(reportPixels[Self.colors.reference, default: 0] > 5000, "\(reportPixels)")
        #expect(reportPixels[Self.colors.drifted, default: 0] > 5000 && reportPixels[Self.colors.current, default: 0] > 1000, "\(reportPixels)")

        // The status page of an agent fed the same month.
        let port = try freeLoopbackPort()
        let config = try scratch.write("agent.yaml", """
            model: ride-duration
            reference: {file: \(root)/examples/rides/reference.csv, schema: \(root)/examples/rides/schema.yaml}
            listen: 127.0.0.1:\(port)
            window: {rows: 3000}
            min_rows: 1000
            evaluate_every: 0.5
            """)
        let output = Loopback.Output()
        let agent = try Loopback.launch(try CommandRunner.binary.path, ["agent", "--config", config], output: output)
        defer { Loopback.stop([agent]) }
        try await Loopback.waitFor("the agent", seconds: 60, outputs: [output]) { try await Loopback.request("http://127.0.0.1:\(port)/health").status == 200 }
        let rows = try CommandRunner.runRecords(csv: "\(root)/examples/rides/current.csv")
        #expect(try await Loopback.request("http://127.0.0.1:\(port)/v1/ingest", body: rows).status == 200)
        try await Loopback.waitFor("an evaluation", seconds: 60, outputs: [output]) {
            try await Loopback.request("http://127.0.0.1:\(port)/api/v1/snapshot").status == 200
        }
        let page = scratch.url.appendingPathComponent("status.html")
        try await Loopback.request("http://127.0.0.1:\(port)/").data.write(to: page)
        let pagePixels = try await rendered(page, as: "status-page", scratch: scratch.url, chromium: chromium)
        #expect(pagePixels[Self.colors.reference, default: 0] > 3000, "\(pagePixels)")
        #expect(pagePixels[Self.colors.drifted, default: 0] > 3000, "\(pagePixels)")
    }
}

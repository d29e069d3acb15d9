import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import Foundation
import Testing
@testable import DriftwatchAgent

/// The error stream from labelled rows to the detectors, their metrics, the status page and the
/// loop trigger; the detectors themselves are checked against river in DriftStatisticsTests.
@Suite struct ConceptDriftAgentTests {
    func agent(_ extra: String = "", task: String = "regression") throws -> Agent {
        let configuration = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nwindow: {rows: 50000}\nmin_rows: 10\ntask: \(task)\n\(extra)", source: "a.yaml")
        return try Agent(configuration: configuration, profile: WindowEvaluatorTests().profile(), version: "test")
    }

    /// Rows whose prediction misses the truth y = 2x by noise of standard deviation `spread`.
    static func rows(_ n: Int, from start: Int, spread: Double, labelled: Bool, generator: inout SplitMix64) -> (rows: [ObservedRow], errors: [Double]) {
        var rows: [ObservedRow] = [], errors: [Double] = []
        for i in start..<(start + n) {
            let x = Double(generator.next() % 100)
            // Box–Muller from two uniforms in (0, 1].
            let u1 = (Double(generator.next() >> 11) + 1) / 9007199254740993, u2 = Double(generator.next() >> 11) / 9007199254740992
            let noise = spread * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            rows.append(ObservedRow(id: "r\(i)", values: ["x": .number(x), "zone": .text("a"), "p": .number(2 * x + noise)],
                                    actual: labelled ? .number(2 * x) : nil, receivedAt: 0))
            errors.append(abs(noise))
        }
        return (rows, errors)
    }

    /// River's way (`baseline: 0`, `hold_off: 0`): the scaled errors go to the detectors as they
    /// are, and every detection is reported.
    @Test func labelledRowsFeedTheDetectorsInArrivalOrderScaled() async throws {
        let agent = try agent("concept_drift: {detectors: [adwin, page_hinkley], error_scale: 0.5, baseline: 0, hold_off: 0}")
        var generator = SplitMix64(seed: 11)
        let calm = Self.rows(3000, from: 0, spread: 0.5, labelled: true, generator: &generator)
        let worse = Self.rows(3000, from: 3000, spread: 1.5, labelled: true, generator: &generator)
        for chunk in stride(from: 0, to: 3000, by: 250) {
            await agent.ingest(Array(calm.rows[chunk..<chunk + 250]))
        }
        for chunk in stride(from: 0, to: 3000, by: 250) {
            await agent.ingest(Array(worse.rows[chunk..<chunk + 250]))
        }
        // The same errors, scaled by error_scale, straight into the detectors.
        let errors = (calm.errors + worse.errors).map { $0 / 0.5 }
        var adwin = AdaptiveWindowing(), pageHinkley = PageHinkley()
        let expectedAdwin = errors.indices.filter { adwin.update(errors[$0]) }
        let expectedPageHinkley = errors.indices.filter { pageHinkley.update(errors[$0]) }
        #expect(expectedAdwin.contains { $0 >= 3000 } && expectedPageHinkley.contains { $0 >= 3000 }, "the tripled error spread is a change both detect")
        let monitor = try #require(await agent.conceptDrift)
        #expect(monitor.errors == 6000)
        #expect(monitor.recent.filter { $0.detector == "adwin" }.map(\.errorIndex) == Array(expectedAdwin.suffix(20)))
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_error_stream_rows_total{model=\"m\"} 6000"))
        #expect(metrics.contains("driftwatch_concept_drift_detections_total{model=\"m\",detector=\"adwin\"} \(expectedAdwin.count)"))
        #expect(metrics.contains("driftwatch_concept_drift_detections_total{model=\"m\",detector=\"page_hinkley\"} \(expectedPageHinkley.count)"))
        // The next snapshot carries the detections (what the loop trigger reads), once.
        let snapshot = try #require(try await agent.evaluate())
        #expect(snapshot.conceptDrift.count == expectedAdwin.count + expectedPageHinkley.count)
        #expect(try #require(try await agent.evaluate()).conceptDrift.isEmpty)
        let page = await agent.statusPage()
        #expect(page.contains("<h2>Concept drift</h2>") && page.contains("<td>adwin</td>") && page.contains("6000 labelled rows"))
    }

    /// The defaults: a regressor's first 500 errors are the baseline, each later one reaches the
    /// detectors as its mid-rank among them, and a detection is reported only 1,000 rows or more
    /// after the last one reported. The expected stream is built here by counting, independently of
    /// the monitor's binary search.
    @Test func byDefaultErrorsAreRankedAgainstABaselineAndDetectionsHeldOff() async throws {
        let agent = try agent()
        var generator = SplitMix64(seed: 12)
        let calm = Self.rows(3000, from: 0, spread: 0.5, labelled: true, generator: &generator)
        let worse = Self.rows(3000, from: 3000, spread: 1.5, labelled: true, generator: &generator)
        for batch in [calm.rows, worse.rows] {
            for chunk in stride(from: 0, to: 3000, by: 250) { await agent.ingest(Array(batch[chunk..<chunk + 250])) }
        }
        // A file reference has no validation MAE: the scale is 1, and ranks do not depend on it anyway.
        let errors = (calm.rows + worse.rows).map { row -> Double in
            guard case .number(let truth) = row.actual, case .number(let prediction) = row.values["p"] else { return .nan }
            return abs(truth - prediction)
        }
        let baseline = Array(errors.prefix(500))
        let ranked = errors.dropFirst(500).map { error in
            (Double(baseline.filter { $0 < error }.count) + 0.5 * Double(baseline.filter { $0 == error }.count)) / 500
        }
        var adwin = AdaptiveWindowing(), pageHinkley = PageHinkley()
        var reported: [Int] = []
        for (offset, rank) in ranked.enumerated() {
            let fired = [adwin.update(rank), pageHinkley.update(rank)].contains(true)
            if fired, reported.last.map({ 500 + offset - $0 > 1000 }) ?? true { reported.append(500 + offset) }
        }
        #expect(!reported.isEmpty && reported.allSatisfy { $0 >= 3000 }, "one change, found after it: \(reported)")
        let monitor = try #require(await agent.conceptDrift)
        #expect(monitor.errors == 6000 && monitor.isWatching)
        #expect(monitor.recent.map(\.errorIndex) == reported)
        #expect(zip(reported, reported.dropFirst()).allSatisfy { $1 - $0 > 1000 })
        let total = agent.exporter.render().components(separatedBy: "\n").filter { $0.hasPrefix("driftwatch_concept_drift_detections_total{") }
            .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(Int(total) == reported.count)
    }

    @Test func aLabelFeedsItsRowsErrorOnceAndUnmatchedLabelsNone() async throws {
        let agent = try agent("concept_drift: {detectors: [adwin], error_scale: 2, baseline: 0}")
        await agent.ingest([ObservedRow(id: "a", values: ["x": .number(10), "zone": .text("a"), "p": .number(21)], receivedAt: 0),
                            ObservedRow(id: "b", values: ["x": .number(10), "zone": .text("a"), "p": .number(21)], receivedAt: 0)])
        #expect(await agent.conceptDrift?.errors == 0)
        #expect(await agent.label(id: "a", actual: .number(20)))
        #expect(await agent.label(id: "a", actual: .number(20)))
        #expect(!(await agent.label(id: "zzz", actual: .number(20))))
        #expect(await agent.label(id: "b", actual: .text("not a number")))
        #expect(await agent.conceptDrift?.errors == 1)
        let adwin = try #require(await agent.conceptDrift?.detectors.first as? AdaptiveWindowing)
        #expect(adwin.estimation == 0.5)  // |20 − 21| / 2
    }

    /// The example's stable month (examples/rides/current-stable.csv, 3,000 labelled rides that the
    /// champion predicts as well as in January): the defaults stay quiet on its real errors, where
    /// river's way — the same detectors on raw errors, every detection reported — alarms.
    @Test func theStableExampleMonthRaisesNoConceptDrift() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let month = try DatasetReader.readBatch(path: root.appendingPathComponent("examples/rides/current-stable.csv").path, schema: nil)
        guard case .numeric(let truth) = month.column(named: "duration"), case .numeric(let prediction) = month.column(named: "predicted_duration") else {
            Issue.record("the example month lost its duration columns")
            return
        }
        let errors = zip(truth.values, prediction.values).map { abs($0 - $1) }
        #expect(errors.count == 3000)
        var defaults = ConceptDriftMonitor(settings: .defaults(for: .regression))
        var riverWay = ConceptDriftSettings.defaults(for: .regression)
        riverWay.baseline = 0
        riverWay.holdOff = 0
        var raw = ConceptDriftMonitor(settings: riverWay)
        let quiet = errors.flatMap { defaults.observe($0, at: 0, modelVersion: nil) }
        let loud = errors.flatMap { raw.observe($0, at: 0, modelVersion: nil) }
        #expect(quiet.isEmpty, "\(quiet)")
        #expect(!loud.isEmpty, "river's way no longer alarms here, so this month no longer shows the difference")
    }

    /// Misses are not ranked (no baseline for a classifier); with `hold_off: 0` every detection is reported.
    @Test func aClassifiersMissesGoToAdwinAndDDM() async throws {
        let agent = try agent("concept_drift: {hold_off: 0}", task: "binary_classification")
        #expect(await agent.conceptDrift?.settings.baseline == 0)
        #expect(await agent.conceptDrift?.detectors.map(\.name) == ["adwin", "ddm"])
        var generator = SplitMix64(seed: 3)
        var misses: [Double] = [], rows: [ObservedRow] = []
        for i in 0..<4000 {
            let missRate = i < 2000 ? 0.1 : 0.35
            let positive = generator.next() % 2 == 0
            let miss = Double(generator.next() % 10_000) / 10_000 < missRate
            let probability = positive != miss ? 0.8 : 0.2
            rows.append(ObservedRow(id: "c\(i)", values: ["x": .number(1), "zone": .text("a"), "p": .number(probability)], actual: .text(positive ? "1" : "0"), receivedAt: 0))
            misses.append(miss ? 1 : 0)
        }
        await agent.ingest(rows)
        var ddm = DriftDetectionMethod()
        let expected = misses.indices.filter { ddm.update(error: misses[$0] == 1) }
        #expect(!expected.isEmpty)
        #expect(await agent.conceptDrift?.recent.filter { $0.detector == "ddm" }.map(\.errorIndex) == Array(expected.suffix(20)))
        #expect(agent.exporter.render().contains("driftwatch_concept_drift_detections_total{model=\"m\",detector=\"ddm\"} \(expected.count)"))
    }

    @Test func aClassifiersConfidenceIsExported() async throws {
        let agent = try agent("low_confidence: 0.7", task: "binary_classification")
        // Probabilities 0.05, 0.15, …, 0.95, ten rows each: confidences 0.95, 0.85, …, 0.55, 0.55, …, 0.95.
        let rows = (0..<100).map { i in
            ObservedRow(id: "p\(i)", values: ["x": .number(1), "zone": .text("a"), "p": .number(Double(i % 10) / 10 + 0.05)], receivedAt: 0)
        }
        await agent.ingest(rows)
        let snapshot = try #require(try await agent.evaluate())
        let confidence = try #require(snapshot.confidence)
        #expect(abs(confidence.meanConfidence - 0.75) < 1e-12)
        #expect(confidence.lowConfidenceRatio == 0.4)  // 0.55 and 0.65, on either side of 0.5
        #expect(confidence.histogram == Array(repeating: 10, count: 10))
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_prediction_low_confidence_ratio{model=\"m\"} 0.4"))
        #expect(metrics.contains("driftwatch_prediction_score_rows{model=\"m\",bin=\"0.9\"} 10.0"))
        // A regressor has no confidence to export.
        let regressor = try self.agent()
        await regressor.ingest(rows)
        #expect(try #require(try await regressor.evaluate()).confidence == nil)
        #expect(!regressor.exporter.render().contains("driftwatch_prediction_confidence_mean"))
    }

    @Test func configurationDefaultsAndMistakes() throws {
        func parse(_ extra: String, task: String = "regression") throws -> AgentConfiguration {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\ntask: \(task)\n\(extra)", source: "a.yaml", environment: [:])
        }
        #expect(try parse("").conceptDrift?.detectors == [.adwin, .pageHinkley])
        #expect(try parse("", task: "binary_classification").conceptDrift?.detectors == [.adwin, .ddm])
        #expect(try parse("concept_drift: off").conceptDrift == nil)
        let tuned = try #require(try parse("concept_drift: {detectors: [page_hinkley], page_hinkley: {threshold: 80, alpha: 1}}").conceptDrift)
        #expect(tuned.detectors == [.pageHinkley] && tuned.pageHinkley.threshold == 80 && tuned.pageHinkley.alpha == 1 && tuned.pageHinkley.delta == 0.005)
        #expect(try parse("").conceptDrift?.baseline == 500 && (try parse("").conceptDrift?.holdOff) == 1000)
        #expect(try parse("concept_drift: {baseline: 0, hold_off: 50}").conceptDrift.map { ($0.baseline, $0.holdOff) } ?? (-1, -1) == (0, 50))
        let mistakes: [(String, String)] = [
            ("concept_drift: {detectors: [ddm]}", "ddm watches a classifier's misses"),
            ("concept_drift: {detectors: [cusum]}", "'cusum' is not a detector"),
            ("concept_drift: {detectors: [adwin, adwin]}", "lists a detector twice"),
            ("concept_drift: {adwin: {delta: 2}}", "concept_drift.adwin.delta must be in (0, 1)"),
            ("concept_drift: {adwin: {window: 5}}", "unknown key 'concept_drift.adwin.window'"),
            ("concept_drift: {error_scale: -1}", "concept_drift.error_scale must be a positive number"),
            ("concept_drift: maybe", "concept_drift is off or a mapping"),
            ("concept_drift: {baseline: 2.5}", "concept_drift.baseline must be a whole number"),
            ("concept_drift: {hold_off: -1}", "concept_drift.hold_off must be a whole number"),
            ("low_confidence: 0.4", "low_confidence must be in (0.5, 1]"),
        ]
        for (yaml, message) in mistakes {
            #expect {
                try parse(yaml)
            } throws: { error in
                "\(error)".contains(message) && "\(error)".contains("a.yaml:4")
            }
        }
        #expect {
            try parse("concept_drift: {ddm: {warning: 3, drift: 2}}", task: "binary_classification")
        } throws: { "\($0)".contains("concept_drift.ddm.drift must be above") }
        #expect {
            try parse("concept_drift: {baseline: 300}", task: "binary_classification")
        } throws: { "\($0)".contains("a classifier's misses are 0 or 1") }
    }
}

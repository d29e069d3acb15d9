import Foundation
import Testing
@testable import DriftStatistics

/// The detectors against river's (`scripts/generate_concept_drift_fixtures.py`): the same
/// detection indices on the same streams, for default and non-default parameters.
@Suite struct ConceptDriftDetectorTests {
    struct Parameters: Decodable {
        var min_instances: Int?; var delta: Double?; var threshold: Double?; var alpha: Double?; var mode: String?
        var clock: Int?; var max_buckets: Int?; var min_window_length: Int?; var grace_period: Int?
        var warm_start: Int?; var warning_threshold: Double?; var drift_threshold: Double?
    }

    struct Case: Decodable {
        var stream: String; var detector: String; var parameters: Parameters
        var detections: [Int]; var warnings: [Int]?
    }

    struct File: Decodable {
        var streams: [String: [Double]]
        var cases: [Case]
    }

    static let file: File = {
        let url = Bundle.module.url(forResource: "concept_drift", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }()

    static func cases(_ detector: String) -> [Case] {
        file.cases.filter { $0.detector == detector }
    }

    static func detections(_ values: [Double], _ update: (Double) -> Bool) -> [Int] {
        values.indices.filter { update(values[$0]) }
    }

    @Test func pageHinkleyMatchesRiver() throws {
        let cases = Self.cases("page_hinkley")
        #expect(cases.count >= 20)
        for c in cases {
            let p = c.parameters, values = try #require(Self.file.streams[c.stream])
            var detector = PageHinkley(minInstances: p.min_instances ?? 30, delta: p.delta ?? 0.005, threshold: p.threshold ?? 50,
                                       alpha: p.alpha ?? 1 - 0.0001, direction: try #require(PageHinkley.Direction(rawValue: p.mode ?? "both")))
            #expect(Self.detections(values) { detector.update($0) } == c.detections, "\(c.stream) \(p)")
        }
    }

    @Test func adwinMatchesRiver() throws {
        let cases = Self.cases("adwin")
        #expect(cases.count >= 14)
        #expect(cases.contains { $0.detections.count > 1 })
        for c in cases {
            let p = c.parameters, values = try #require(Self.file.streams[c.stream])
            var detector = AdaptiveWindowing(delta: p.delta ?? 0.002, clock: p.clock ?? 32, maxBuckets: p.max_buckets ?? 5,
                                             minWindowLength: p.min_window_length ?? 5, gracePeriod: p.grace_period ?? 10)
            #expect(Self.detections(values) { detector.update($0) } == c.detections, "\(c.stream) \(p)")
        }
    }

    @Test func ddmMatchesRiver() throws {
        let cases = Self.cases("ddm")
        #expect(cases.count >= 6)
        for c in cases {
            let p = c.parameters, values = try #require(Self.file.streams[c.stream])
            var detector = DriftDetectionMethod(warmStart: p.warm_start ?? 30, warningThreshold: p.warning_threshold ?? 2, driftThreshold: p.drift_threshold ?? 3)
            var warnings: [Int] = []
            let detections = values.indices.filter { index in
                defer { if detector.warningDetected { warnings.append(index) } }
                return detector.update(error: values[index] == 1)
            }
            #expect(detections == c.detections, "\(c.stream) \(p)")
            #expect(warnings == c.warnings, "\(c.stream) \(p) warnings")
        }
    }

    @Test func adwinTracksTheMeanOfTheRecentValues() {
        var detector = AdaptiveWindowing()
        for index in 0..<2000 { detector.update(index < 1000 ? 0 : 10) }
        // After the change the window holds only values after it (and was reset once).
        #expect(abs(detector.estimation - 10) < 1e-9)
        #expect(detector.width < 1000)
    }
}

/// A classifier's confidence summaries against numpy (`scripts/generate_model_health_fixtures.py`).
@Suite struct PredictionConfidenceTests {
    struct Case: Decodable {
        var probabilities: [Double]; var threshold: Double
        var mean_confidence: Double; var low_confidence_ratio: Double; var histogram: [Int]
    }

    @Test func matchesNumpy() throws {
        let cases = try Fixture<Case>.load("confidence")
        #expect(cases.count >= 40)
        for (index, c) in cases.enumerated() {
            let confidence = try #require(PredictionConfidence(probabilities: c.probabilities, lowBelow: c.threshold))
            #expect(Agreement.statistic(confidence.meanConfidence, c.mean_confidence), "case \(index)")
            #expect(Agreement.statistic(confidence.lowConfidenceRatio, c.low_confidence_ratio), "case \(index)")
            #expect(confidence.histogram == c.histogram, "case \(index)")
            #expect(confidence.count == c.probabilities.count)
        }
    }

    @Test func ignoresValuesThatAreNotProbabilities() {
        #expect(PredictionConfidence(probabilities: [.nan, 1.5, -0.1], lowBelow: 0.6) == nil)
        #expect(PredictionConfidence(probabilities: [0.5, .infinity, 2], lowBelow: 0.6)?.count == 1)
    }
}

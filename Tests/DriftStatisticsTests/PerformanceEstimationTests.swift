import Foundation
import Testing
@testable import DriftStatistics

/// Isotonic calibration against scikit-learn and CBPE against NannyML's estimator
/// (`scripts/generate_model_health_fixtures.py`): an overconfident classifier, five chunks of
/// shifting inputs.
@Suite struct PerformanceEstimationTests {
    struct Case: Decodable {
        var reference_scores: [Double]; var reference_labels: [Int]; var chunks: [[Double]]; var nannyml_calibrated: Bool
        var probe: [Double]; var probe_calibrated: [Double]
        var estimates: [String: [Double]]; var realized: [[String: Double]]
    }

    static let fixture: Case = try! Fixture<Case>.load("cbpe")[0]

    func calibration() throws -> IsotonicCalibration {
        try #require(IsotonicCalibration(scores: Self.fixture.reference_scores, labels: Self.fixture.reference_labels.map { $0 == 1 }))
    }

    @Test func isotonicCalibrationMatchesSklearn() throws {
        let calibration = try calibration()
        for (score, expected) in zip(Self.fixture.probe, Self.fixture.probe_calibrated) {
            #expect(Agreement.relative(calibration.calibrate(score), expected, 1e-12, absolute: 1e-15), "score \(score)")
        }
        // Monotone, and within [0, 1].
        #expect(zip(calibration.probabilities, calibration.probabilities.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(calibration.probabilities.first! >= 0 && calibration.probabilities.last! <= 1)
    }

    @Test func cbpeMatchesNannyML() throws {
        #expect(Self.fixture.nannyml_calibrated, "NannyML calibrated these scores, as Driftwatch always does")
        let calibration = try calibration()
        for (index, chunk) in Self.fixture.chunks.enumerated() {
            let estimate = try #require(ConfidenceBasedPerformance(scores: chunk, calibrated: chunk.map(calibration.calibrate)))
            let expected = Self.fixture.estimates
            #expect(Agreement.relative(estimate.accuracy, expected["accuracy"]![index], 1e-9, absolute: 1e-12), "chunk \(index) accuracy")
            #expect(Agreement.relative(estimate.precision, expected["precision"]![index], 1e-9, absolute: 1e-12), "chunk \(index) precision")
            #expect(Agreement.relative(estimate.recall, expected["recall"]![index], 1e-9, absolute: 1e-12), "chunk \(index) recall")
            #expect(Agreement.relative(estimate.f1, expected["f1"]![index], 1e-9, absolute: 1e-12), "chunk \(index) f1")
            // NannyML rounds its cumulative expected counts to 5 decimals before the area.
            #expect(abs(try #require(estimate.rocAUC) - expected["roc_auc"]![index]) < 1e-5, "chunk \(index) ROC AUC \(estimate.rocAUC ?? .nan) vs \(expected["roc_auc"]![index])")
            // And the estimate is near what the labels later say (the point of estimating).
            #expect(abs(estimate.accuracy - Self.fixture.realized[index]["accuracy"]!) < 0.05, "chunk \(index) estimate vs realized")
        }
    }
}

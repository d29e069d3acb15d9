import DriftStatistics
import Foundation
import Testing
@testable import DriftwatchLearning
import DriftwatchTestSupport

/// The domain classifier against NannyML 0.13's DomainClassifierCalculator (LightGBM) on its
/// car-loan data (scripts/generate_multivariate_fixtures.py): every chunk's AUC within ±0.02 and
/// the same alerts at NannyML's thresholds.
@Suite struct DomainClassifierTests {
    struct Expected: Decodable {
        struct Chunk: Decodable {
            var period: String
            var start: Int
            var end: Int
            var value: Double
            var alert: Bool
        }
        var features: [String]
        var categorical: [String]
        var lower_threshold: Double
        var upper_threshold: Double
        var chunks: [Chunk]
    }

    static func columns(_ file: String, _ expected: Expected) throws -> [MultivariateColumn] {
        try MultivariateFixture.columns(file, features: expected.features, categorical: expected.categorical)
    }

    /// The fits run on threads of their own (``offThePool``), so that the suite's other tests keep
    /// Swift's cooperative threads meanwhile.
    @Test func chunksAndAlertsAgreeWithNannyML() async throws {
        let expected = try MultivariateFixture.expected("domain_classifier", as: Expected.self)
        let reference = try Self.columns("car_loan_reference", expected), analysis = try Self.columns("car_loan_analysis", expected)
        var worst = 0.0
        // The last chunk before the change and the first after it: one without an alert and one
        // with (each costs five fits on 25,000 rows, and the suite shares two cores);
        // DRIFTWATCH_EVERY_CHUNK=1 runs all four analysis chunks.
        let every = ProcessInfo.processInfo.environment["DRIFTWATCH_EVERY_CHUNK"] == "1"
        let chosen = expected.chunks.filter { $0.period == "analysis" && (every || $0.start == 5_000 || $0.start == 10_000) }
        #expect(chosen.count == (every ? 4 : 2) && Set(chosen.map(\.alert)) == [false, true])
        for chunk in chosen {
            let current = analysis.map { $0.rows(chunk.start...chunk.end) }
            let measured = try await offThePool { try DomainClassifier.measure(reference: reference, current: current) }
            worst = max(worst, abs(measured.auc - chunk.value))
            print("domain classifier, chunk \(chunk.start): AUC \(measured.auc), NannyML \(chunk.value)")
            #expect(abs(measured.auc - chunk.value) <= 0.02, "chunk \(chunk.start): \(measured.auc) against NannyML's \(chunk.value)")
            #expect((measured.auc > expected.upper_threshold || measured.auc < expected.lower_threshold) == chunk.alert)
            if chunk.alert {
                // The change in the car-loan data moves its numeric columns; the trees should split on them most.
                let top = measured.importance.indices.max { measured.importance[$0] < measured.importance[$1] }!
                #expect(!expected.categorical.contains(expected.features[top]))
            }
        }
        #expect(expected.chunks.contains { $0.alert } && expected.chunks.contains { $0.period == "analysis" && !$0.alert })
        print("domain classifier vs NannyML: largest AUC difference \(worst)")
    }

    @Test func foldsAreStratifiedAsScikitLearnDealsThem() {
        // StratifiedKFold(3).split on y = [0]*7 + [1]*4 gives these test folds (scikit-learn 1.5).
        let labels: [Double] = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
        #expect(DomainClassifier.stratifiedFolds(labels, folds: 3) == [0, 0, 0, 1, 1, 2, 2, 0, 1, 1, 2])
    }

    @Test func identicalSamplesScoreNearOneHalfAndTooFewRowsAreRefused() async throws {
        var generator = SplitMix64(seed: 7)
        let a = (0..<2000).map { _ in Double.random(in: 0..<1, using: &generator) }
        let b = (0..<2000).map { _ in Double.random(in: 0..<1, using: &generator) }
        let measured = try await offThePool { try DomainClassifier.measure(reference: [.numeric(a)], current: [.numeric(b)]) }
        #expect(abs(measured.auc - 0.5) < 0.05)
        #expect(throws: DomainClassifier.Failure.self) { try DomainClassifier.measure(reference: [.numeric(a)], current: [.numeric([1, 2])]) }
    }
}

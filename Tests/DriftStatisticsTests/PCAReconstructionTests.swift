import Foundation
import Testing
@testable import DriftStatistics
import DriftwatchTestSupport

/// PCA reconstruction error against NannyML 0.13's DataReconstructionDriftCalculator on its bundled
/// car-loan data (scripts/generate_multivariate_fixtures.py): the same components kept, every
/// chunk's value and sampling error to 1e-6, the same thresholds and the same alerts.
@Suite struct PCAReconstructionTests {
    struct Reference: Decodable {
        struct Chunk: Decodable {
            var period: String
            var start: Int
            var end: Int
            var value: Double
            var sampling_error: Double
            var alert: Bool
        }
        var features: [String]
        var categorical: [String]
        var chunk_size: Int
        var components: Int
        var lower_threshold: Double
        var upper_threshold: Double
        var chunks: [Chunk]
    }

    static func columns(_ file: String, _ reference: Reference) throws -> [MultivariateColumn] {
        try MultivariateFixture.columns(file, features: reference.features, categorical: reference.categorical)
    }

    @Test func chunksThresholdsAndAlertsEqualNannyML() throws {
        let expected = try MultivariateFixture.expected("pca_reconstruction", as: Reference.self)
        let reference = try Self.columns("car_loan_reference", expected), analysis = try Self.columns("car_loan_analysis", expected)
        let model = PCAReconstruction(reference: reference)
        #expect(model.components.count == expected.components)
        var referenceValues: [Double] = [], worst = 0.0
        var values: [(Double, Reference.Chunk)] = []
        for chunk in expected.chunks {
            let data = chunk.period == "reference" ? reference : analysis
            let (value, samplingError) = PCAReconstruction.summary(model.errors(data.map { $0.rows(chunk.start...chunk.end) }))
            worst = max(worst, abs(value - chunk.value) / chunk.value, abs(samplingError - chunk.sampling_error) / chunk.sampling_error)
            if chunk.period == "reference" { referenceValues.append(value) }
            values.append((value, chunk))
        }
        #expect(worst <= 1e-6, "largest relative difference from NannyML: \(worst)")
        let (lower, upper) = PCAReconstruction.thresholds(referenceValues)
        #expect(abs(lower - expected.lower_threshold) <= 1e-6 * expected.lower_threshold && abs(upper - expected.upper_threshold) <= 1e-6 * expected.upper_threshold)
        for (value, chunk) in values where chunk.period == "analysis" {
            #expect((value < lower || value > upper) == chunk.alert, "chunk \(chunk.start): \(value)")
        }
        #expect(values.contains { $0.1.alert }, "the fixture has no alert to agree on")
        print("PCA reconstruction vs NannyML: largest relative difference \(worst) over \(expected.chunks.count) chunks")
    }

    @Test func jacobiFindsTheEigenvaluesOfAKnownMatrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let eigen = SymmetricEigen([[2, 1], [1, 2]])
        #expect(abs(eigen.values[0] - 3) < 1e-12 && abs(eigen.values[1] - 1) < 1e-12)
        #expect(abs(abs(eigen.vectors[0][0]) - 0.5.squareRoot()) < 1e-12 && abs(eigen.vectors[0][0] - eigen.vectors[0][1]) < 1e-12)
    }
}

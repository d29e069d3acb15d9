import DriftwatchTestSupport
import Foundation
import Testing
@testable import DriftStatistics

/// The maximum mean discrepancy against scipy's pairwise distances and numpy
/// (scripts/generate_multivariate_fixtures.py): the median-heuristic bandwidth and the unbiased
/// MMD² of seven pairs of samples in 1 to 16 dimensions, and the permutation p-value's verdicts.
@Suite struct MaximumMeanDiscrepancyTests {
    struct Expected: Decodable {
        struct Case: Decodable {
            var dimensions: Int
            var reference: [Double]
            var current: [Double]
            var bandwidth: Double
            var mmd2: Double
        }
        var cases: [Case]
    }

    @Test func bandwidthAndStatisticEqualTheReference() throws {
        let expected = try MultivariateFixture.expected("maximum_mean_discrepancy", as: Expected.self)
        var worst = 0.0
        for item in expected.cases {
            let mmd = MaximumMeanDiscrepancy(reference: item.reference, current: item.current, dimensions: item.dimensions)
            let sigma = mmd.medianBandwidth
            #expect(abs(sigma - item.bandwidth) <= 1e-12 * item.bandwidth, "\(item.dimensions)-D bandwidth \(sigma) vs \(item.bandwidth)")
            let statistic = mmd.statistic(bandwidth: item.bandwidth)
            let error = abs(statistic - item.mmd2) / max(abs(item.mmd2), 1e-3)
            worst = max(worst, error)
            #expect(error <= 1e-9, "\(item.dimensions)-D MMD² \(statistic) vs \(item.mmd2)")
        }
        print("MMD² vs numpy: largest relative difference \(worst) over \(expected.cases.count) cases")
    }

    @Test func thePermutationTestSeparatesAChangedDirectionFromNoise() throws {
        let expected = try MultivariateFixture.expected("maximum_mean_discrepancy", as: Expected.self)
        var generator = SplitMix64(seed: 11)
        func p(_ item: Expected.Case) -> Double {
            let mmd = MaximumMeanDiscrepancy(reference: item.reference, current: item.current, dimensions: item.dimensions)
            return mmd.pValue(bandwidth: mmd.medianBandwidth, permutations: 200, generator: &generator)
        }
        // Two coordinates that move together in the reference and against each other now.
        let changed = try p(#require(expected.cases.first { $0.dimensions == 5 }))
        #expect(changed <= 0.01, "5-D changed direction: p = \(changed)")
        // The same distribution on both sides, in 1 and in 16 dimensions.
        for dimensions in [1, 16] {
            let value = try p(#require(expected.cases.first { $0.dimensions == dimensions }))
            #expect(value > 0.01 && value <= 1, "\(dimensions)-D null case: p = \(value)")
        }
    }
}

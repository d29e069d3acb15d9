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
        func test(_ item: Expected.Case) -> MaximumMeanDiscrepancy.Result {
            MaximumMeanDiscrepancy(reference: item.reference, current: item.current, dimensions: item.dimensions).test(permutations: 199)
        }
        // The observed statistic, summed within the smaller sample only, is numpy's at the median bandwidth.
        for item in expected.cases {
            let result = test(item)
            #expect(abs(result.bandwidth - item.bandwidth) <= 1e-12 * item.bandwidth)
            #expect(abs(result.statistic - item.mmd2) <= 1e-9 * max(abs(item.mmd2), 1e-3), "\(item.dimensions)-D MMD² \(result.statistic) vs \(item.mmd2)")
            #expect(result.pValue >= 1.0 / 200 && result.pValue <= 1)
        }
        // Two coordinates that move together in the reference and against each other now.
        let changed = try test(#require(expected.cases.first { $0.dimensions == 5 })).pValue
        #expect(changed <= 0.01, "5-D changed direction: p = \(changed)")
        // The same distribution on both sides, in 1 and in 16 dimensions.
        for dimensions in [1, 16] {
            let value = try test(#require(expected.cases.first { $0.dimensions == dimensions })).pValue
            #expect(value > 0.01, "\(dimensions)-D null case: p = \(value)")
        }
    }

    /// Under the null hypothesis the p-value is uniform: over 400 pairs of samples from one
    /// distribution (unequal sizes, so both groupings of the shortcut are used), about 5 % fall
    /// below 0.05; within three binomial standard deviations of it.
    @Test func pValuesAreUniformWhenNothingChanged() {
        var generator = SplitMix64(seed: 2026)
        func gaussian() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
        let trials = 400
        var below = 0
        for trial in 0..<trials {
            let (referenceRows, currentRows) = trial.isMultiple(of: 2) ? (30, 20) : (20, 30)
            let reference = (0..<referenceRows * 3).map { _ in gaussian() }, current = (0..<currentRows * 3).map { _ in gaussian() }
            let result = MaximumMeanDiscrepancy(reference: reference, current: current, dimensions: 3).test(permutations: 99, seed: UInt64(trial))
            if result.pValue < 0.05 { below += 1 }
        }
        let share = Double(below) / Double(trials), deviation = (0.05 * 0.95 / Double(trials)).squareRoot()
        print("MMD permutation test: \(below) of \(trials) null cases below 0.05")
        #expect(abs(share - 0.05) <= 3 * deviation, "\(below) of \(trials) null p-values below 0.05")
    }
}

import Foundation
import Testing
@testable import DriftStatistics

/// The tests the challenger comparison uses, against scipy and statsmodels
/// (`comparison_tests()` in `scripts/generate_model_health_fixtures.py`).
@Suite struct ComparisonTestsAgainstReferences {
    struct Paired: Decodable { var first: [Double]; var second: [Double]; var level: Double; var statistic: Double; var df: Double; var p_value: Double; var lower: Double; var upper: Double }
    struct Welch: Decodable { var first: [Double]; var second: [Double]; var level: Double; var lower: Double; var upper: Double }
    struct McNemar: Decodable { var only_first: Int; var only_second: Int; var rows: Int; var level: Double; var p_value: Double; var difference: Double; var lower: Double; var upper: Double }
    struct Proportions: Decodable { var x1: Int; var n1: Int; var x2: Int; var n2: Int; var level: Double; var lower: Double; var upper: Double }
    struct Quantile: Decodable { var p: Double; var df: Double; var t: Double; var z: Double }
    struct Cases: Decodable { var paired: [Paired]; var welch: [Welch]; var mcnemar: [McNemar]; var proportions: [Proportions]; var quantiles: [Quantile] }
    struct File: Decodable { var cases: Cases }

    static let cases: Cases = {
        let url = Bundle.module.url(forResource: "comparison_tests", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func quantilesMatchScipy() {
        #expect(Self.cases.quantiles.count >= 90)
        for c in Self.cases.quantiles {
            #expect(Self.close(StudentTDistribution.quantile(c.p, degreesOfFreedom: c.df), c.t, 1e-8), "t.ppf(\(c.p), \(c.df)) = \(c.t)")
            #expect(Self.close(NormalDistribution.quantile(c.p), c.z, 1e-9), "norm.ppf(\(c.p)) = \(c.z)")
        }
    }

    @Test func pairedTTestMatchesScipysTtestRel() throws {
        #expect(Self.cases.paired.count >= 60)
        #expect(Self.cases.paired.contains { $0.p_value < 1e-6 } && Self.cases.paired.contains { $0.p_value > 0.3 })
        for (index, c) in Self.cases.paired.enumerated() {
            let test = try #require(PairedTTest(c.first, c.second, level: c.level))
            #expect(Agreement.statistic(test.statistic, c.statistic), "case \(index) t \(test.statistic) vs \(c.statistic)")
            #expect(test.degreesOfFreedom == c.df)
            #expect(Agreement.pValue(test.pValue, c.p_value), "case \(index) p \(test.pValue) vs \(c.p_value)")
            #expect(Self.close(test.lower, c.lower) && Self.close(test.upper, c.upper), "case \(index) interval [\(test.lower), \(test.upper)] vs [\(c.lower), \(c.upper)]")
        }
    }

    @Test func welchIntervalMatchesScipy() throws {
        for (index, c) in Self.cases.welch.enumerated() {
            let test = try #require(WelchTTest(c.first, c.second))
            let interval = test.interval(c.first, c.second, level: c.level)
            #expect(Self.close(interval.lower, c.lower) && Self.close(interval.upper, c.upper), "case \(index) [\(interval.lower), \(interval.upper)] vs [\(c.lower), \(c.upper)]")
        }
    }

    @Test func mcNemarMatchesStatsmodelsExactTest() {
        #expect(Self.cases.mcnemar.count >= 60)
        #expect(Self.cases.mcnemar.contains { $0.p_value < 1e-6 } && Self.cases.mcnemar.contains { $0.p_value > 0.5 })
        for (index, c) in Self.cases.mcnemar.enumerated() {
            let test = McNemarTest(onlyFirst: c.only_first, onlySecond: c.only_second, rows: c.rows, level: c.level)
            #expect(Agreement.pValue(test.pValue, c.p_value), "case \(index) p \(test.pValue) vs \(c.p_value) (b \(c.only_first), c \(c.only_second))")
            #expect(Self.close(test.difference, c.difference) && Self.close(test.lower, c.lower) && Self.close(test.upper, c.upper), "case \(index) interval")
        }
    }

    @Test func proportionIntervalMatchesStatsmodels() {
        for (index, c) in Self.cases.proportions.enumerated() {
            let interval = TwoProportionZTest.interval(successes: c.x1, of: c.n1, successes: c.x2, of: c.n2, level: c.level)
            #expect(Self.close(interval.lower, c.lower) && Self.close(interval.upper, c.upper), "case \(index) [\(interval.lower), \(interval.upper)] vs [\(c.lower), \(c.upper)]")
        }
    }

    @Test func degeneratePairsHaveNoTest() {
        #expect(PairedTTest([1], [2]) == nil)
        #expect(PairedTTest([1, 2, 3], [0, 1, 2]) == nil)  // every difference the same
    }
}

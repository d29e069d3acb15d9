import Foundation
import Testing
@testable import DriftStatistics

/// Welch's t-test and the two-proportion z-test against scipy (`scripts/generate_model_health_fixtures.py`).
@Suite struct GroupComparisonTests {
    struct Welch: Decodable { var first: [Double]; var second: [Double]; var statistic: Double; var df: Double; var p_value: Double }
    struct Proportions: Decodable { var x1: Int; var n1: Int; var x2: Int; var n2: Int; var statistic: Double; var p_value: Double }
    struct Cases: Decodable { var welch: [Welch]; var proportions: [Proportions] }
    struct File: Decodable { var cases: Cases }

    static let cases: Cases = {
        let url = Bundle.module.url(forResource: "group_tests", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    @Test func welchMatchesScipy() throws {
        #expect(Self.cases.welch.count >= 80)
        #expect(Self.cases.welch.contains { $0.p_value < 1e-6 } && Self.cases.welch.contains { $0.p_value > 0.5 })
        for (index, c) in Self.cases.welch.enumerated() {
            let test = try #require(WelchTTest(c.first, c.second))
            #expect(Agreement.statistic(test.statistic, c.statistic), "case \(index) t \(test.statistic) vs \(c.statistic)")
            #expect(Agreement.statistic(test.degreesOfFreedom, c.df), "case \(index) df")
            #expect(Agreement.pValue(test.pValue, c.p_value), "case \(index) p \(test.pValue) vs \(c.p_value)")
        }
    }

    @Test func twoProportionsMatchScipysNormal() throws {
        #expect(Self.cases.proportions.count >= 70)
        for (index, c) in Self.cases.proportions.enumerated() {
            let test = try #require(TwoProportionZTest(successes: c.x1, of: c.n1, successes: c.x2, of: c.n2))
            #expect(Agreement.statistic(test.statistic, c.statistic), "case \(index) z")
            #expect(Agreement.pValue(test.pValue, c.p_value), "case \(index) p \(test.pValue) vs \(c.p_value)")
        }
    }

    @Test func degenerateGroupsHaveNoTest() {
        #expect(WelchTTest([1], [1, 2, 3]) == nil)
        #expect(WelchTTest([2, 2], [2, 2, 2]) == nil)
        #expect(TwoProportionZTest(successes: 0, of: 10, successes: 0, of: 20) == nil)
        #expect(TwoProportionZTest(successes: 3, of: 0, successes: 1, of: 20) == nil)
        #expect(TwoProportionZTest(successes: 11, of: 10, successes: 1, of: 20) == nil)
    }
}

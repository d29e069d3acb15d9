import Foundation
import Testing
@testable import DriftStatistics

/// Pearson's correlation against scipy's `pearsonr` (`scripts/generate_model_health_fixtures.py`).
@Suite struct CorrelationTests {
    struct Case: Decodable { var x: [Double]; var y: [Double]; var r: Double }
    struct File: Decodable { var cases: [Case] }

    @Test func pearsonMatchesScipy() throws {
        let url = try #require(Bundle.module.url(forResource: "correlation", withExtension: "json", subdirectory: "Fixtures"))
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        #expect(cases.count >= 40 && cases.contains { $0.r < -0.5 } && cases.contains { abs($0.r) < 0.2 })
        for (index, c) in cases.enumerated() {
            let r = try #require(Correlation.pearson(c.x, c.y))
            #expect(abs(r - c.r) <= 1e-12 + 1e-9 * abs(c.r), "case \(index): \(r) vs \(c.r)")
        }
    }

    @Test func undefinedWithoutSpread() {
        #expect(Correlation.pearson([1, 2, 3], [4, 4, 4]) == nil)
        #expect(Correlation.pearson([1], [2]) == nil)
        #expect(Correlation.pearson([1, 2], [1]) == nil)
    }
}

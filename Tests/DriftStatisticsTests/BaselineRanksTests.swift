import Foundation
import Testing
@testable import DriftStatistics

/// The concept-drift monitor's ranks against scipy's `percentileofscore(kind='mean')`
/// (`scripts/generate_model_health_fixtures.py`).
@Suite struct BaselineRanksTests {
    struct Case: Decodable { var baseline: [Double]; var queries: [Double]; var ranks: [Double] }
    struct File: Decodable { var cases: [Case] }

    @Test func ranksMatchScipysPercentileOfScore() throws {
        let url = try #require(Bundle.module.url(forResource: "baseline_ranks", withExtension: "json", subdirectory: "Fixtures"))
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        #expect(cases.count >= 12)
        for (index, c) in cases.enumerated() {
            var ranks = BaselineRanks(size: c.baseline.count)
            for value in c.baseline { #expect(ranks.rank(value) == nil, "case \(index): the baseline is collected first") }
            #expect(ranks.isComplete)
            for (query, expected) in zip(c.queries, c.ranks) {
                let rank = ranks.rank(query)
                #expect(rank.map { abs($0 - expected) <= 1e-12 } == true, "case \(index), \(query): \(String(describing: rank)) vs scipy \(expected)")
            }
        }
    }

    @Test func nonFiniteErrorsNeitherJoinNorGetARank() {
        var ranks = BaselineRanks(size: 2)
        #expect(ranks.rank(.nan) == nil && ranks.rank(.infinity) == nil && !ranks.isComplete)
        #expect(ranks.rank(1) == nil && ranks.rank(3) == nil && ranks.isComplete)
        #expect(ranks.rank(2) == 0.5 && ranks.rank(.nan) == nil && ranks.rank(3) == 0.75)
    }
}

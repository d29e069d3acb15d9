import DriftStatistics
import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchAgent

/// The comparison's plumbing: rows grouped by the version that served them, shadow answers paired
/// with the champion's on the same row, labels arriving later by id, the test chosen by task and
/// pairing, and verdicts only on enough rows. (The tests' numbers are checked against scipy and
/// statsmodels in DriftStatisticsTests.)
@Suite struct ChallengerComparisonTests {
    func row(_ id: String, version: Int, prediction: Double, truth: Double?, shadow: (Int, Double)? = nil) -> ObservedRow {
        ObservedRow(id: id, values: ["p": .number(prediction)], actual: truth.map { .number($0) }, receivedAt: 0, modelVersion: version,
                    shadowVersion: shadow?.0, shadowPrediction: shadow?.1)
    }

    @Test func canaryRowsAreTwoSamplesAndLateLabelsCount() throws {
        var outcomes = VersionOutcomes(task: .regression, positiveClass: "1", capacity: 1000)
        // Champion v1 errs by ±1, challenger v2 by ±3; half the labels come later.
        for i in 0..<300 {
            let sign = i % 2 == 0 ? 1.0 : -1.0
            outcomes.observe(row("a\(i)", version: 1, prediction: 10 + sign, truth: i < 150 ? 10 : nil), predictionColumn: "p", truthColumn: nil)
            outcomes.observe(row("b\(i)", version: 2, prediction: 10 + 3 * sign, truth: nil), predictionColumn: "p", truthColumn: nil)
        }
        let first = outcomes.label(id: "b0", truth: .number(10)), again = outcomes.label(id: "b0", truth: .number(10))
        let unknown = outcomes.label(id: "unknown", truth: .number(10))
        #expect(first && !again && !unknown)  // a row takes its label once
        for i in 1..<300 { outcomes.label(id: "b\(i)", truth: .number(10)) }
        for i in 150..<300 { outcomes.label(id: "a\(i)", truth: .number(10)) }
        let comparison = try #require(ChallengerComparison.compare(outcomes.recent, champion: 1, task: .regression, minRows: 200, alpha: 0.05))
        #expect(comparison.championVersion == 1 && comparison.challengerVersion == 2 && !comparison.paired && comparison.test == "welch_t")
        #expect(comparison.championRows == 300 && comparison.challengerRows == 300)
        #expect(comparison.championLoss == 1 && comparison.challengerLoss == 9)
        #expect(comparison.difference == 8 && comparison.verdict == .worse)
        #expect(outcomes.labelledTotals == [1: 300, 2: 300])
        // Fewer rows than min_rows: no verdict yet.
        #expect(ChallengerComparison.compare(outcomes.recent, champion: 1, task: .regression, minRows: 400, alpha: 0.05)?.verdict == .insufficient)
    }

    /// After a direct promotion (champion 1 → 2), rows the old champion served that arrive late are
    /// no challenger: there is nothing to compare until a newer version serves.
    @Test func anOlderVersionIsNoChallenger() throws {
        var outcomes = VersionOutcomes(task: .regression, positiveClass: "1", capacity: 1000)
        for i in 0..<300 {
            outcomes.observe(row("r\(i)", version: i % 3 == 0 ? 1 : 2, prediction: Double(i) + 1, truth: Double(i)), predictionColumn: "p", truthColumn: nil)
        }
        #expect(ChallengerComparison.compare(outcomes.recent, champion: 2, task: .regression, minRows: 50, alpha: 0.05) == nil)
        #expect(ChallengerComparison.compare(outcomes.recent, champion: 1, task: .regression, minRows: 50, alpha: 0.05)?.challengerVersion == 2)
    }

    @Test func shadowRowsArePairedOnTheSameRows() throws {
        var outcomes = VersionOutcomes(task: .regression, positiveClass: "1", capacity: 1000)
        var generator = SplitMix64(seed: 9)
        func noise() -> Double { Double(generator.next() % 1000) / 1000 - 0.5 }
        for i in 0..<250 {
            let truth = Double(i)
            // The shadow (v3) is slightly better on every row: paired, that is clear.
            let champion = truth + 1 + noise() * 0.1, shadow = truth + 0.9 + noise() * 0.1
            outcomes.observe(row("r\(i)", version: 2, prediction: champion, truth: truth, shadow: (3, shadow)), predictionColumn: "p", truthColumn: nil)
        }
        let comparison = try #require(ChallengerComparison.compare(outcomes.recent, champion: 2, task: .regression, minRows: 200, alpha: 0.05))
        #expect(comparison.paired && comparison.test == "paired_t" && comparison.challengerVersion == 3)
        #expect(comparison.championRows == 250 && comparison.challengerRows == 250)
        #expect(comparison.verdict == .better)
        #expect(try #require(comparison.upper) < 0)
    }

    @Test func classifiersUseMisses() throws {
        var outcomes = VersionOutcomes(task: .binaryClassification, positiveClass: "yes", capacity: 1000)
        for i in 0..<400 {
            let truth = i % 2 == 0 ? "yes" : "no"
            // Champion right on every row; shadow wrong on a tenth of them.
            let right = truth == "yes" ? 0.9 : 0.1, wrong = 1 - right
            outcomes.observe(ObservedRow(id: "c\(i)", values: ["p": .number(right)], actual: .text(truth), receivedAt: 0, modelVersion: 1,
                                         shadowVersion: 2, shadowPrediction: i % 10 == 0 ? wrong : right), predictionColumn: "p", truthColumn: nil)
        }
        let comparison = try #require(ChallengerComparison.compare(outcomes.recent, champion: 1, task: .binaryClassification, minRows: 100, alpha: 0.05))
        #expect(comparison.test == "mcnemar" && comparison.loss == "error_rate")
        #expect(comparison.championLoss == 0 && comparison.challengerLoss == 0.1)
        #expect(comparison.verdict == .worse)
        // Equal classifiers on two samples: the two-proportion test finds nothing.
        var equal = VersionOutcomes(task: .binaryClassification, positiveClass: "yes", capacity: 1000)
        for i in 0..<400 {
            equal.observe(ObservedRow(id: "e\(i)", values: ["p": .number(0.9)], actual: .text(i % 5 == 0 ? "no" : "yes"), receivedAt: 0, modelVersion: 1 + i % 2),
                          predictionColumn: "p", truthColumn: nil)
        }
        let unpaired = try #require(ChallengerComparison.compare(equal.recent, champion: 1, task: .binaryClassification, minRows: 100, alpha: 0.05))
        #expect(unpaired.test == "two_proportion_z" && unpaired.verdict == .inconclusive)
    }

    @Test func rolloutDecisions() throws {
        var rollout = Rollout()
        rollout.steps = [5, 50, 100]
        rollout.minRows = 100
        func comparison(_ verdict: ChallengerComparison.Verdict, difference: Double) throws -> ChallengerComparison {
            var outcomes = VersionOutcomes(task: .regression, positiveClass: "1", capacity: 1000)
            for i in 0..<200 {
                outcomes.observe(row("a\(i)", version: 1, prediction: Double(i % 3), truth: 0), predictionColumn: "p", truthColumn: nil)
                outcomes.observe(row("b\(i)", version: 2, prediction: Double(i % 3) + difference, truth: 0), predictionColumn: "p", truthColumn: nil)
            }
            let result = try #require(ChallengerComparison.compare(outcomes.recent, champion: 1, task: .regression, minRows: 150, alpha: 0.05))
            #expect(result.verdict == verdict)
            return result
        }
        let equal = try comparison(.inconclusive, difference: 0.01), worse = try comparison(.worse, difference: 2), better = try comparison(.better, difference: -0.5)
        #expect(rollout.decide(nil, weight: 5, rows: 500) == .wait)
        #expect(rollout.decide(equal, weight: 5, rows: 99) == .wait)
        #expect(rollout.decide(equal, weight: 5, rows: 100) == .widen(to: 50))
        #expect(rollout.decide(equal, weight: 50, rows: 100) == .widen(to: 100))
        #expect(rollout.decide(equal, weight: 100, rows: 100) == .promote)
        #expect(rollout.decide(equal, weight: nil, rows: 100) == .promote)  // shadow
        guard case .rollBack = rollout.decide(worse, weight: 5, rows: 1) else { Issue.record("a worse challenger is rolled back at once"); return }
        rollout.require = .better
        rollout.maxRows = 300
        #expect(rollout.decide(equal, weight: 100, rows: 200) == .wait)
        guard case .rollBack = rollout.decide(equal, weight: 100, rows: 300) else { Issue.record("not shown better by max_rows"); return }
        #expect(rollout.decide(better, weight: 100, rows: 100) == .promote)
        #expect(rollout.decide(equal, weight: 50, rows: 100) == .widen(to: 100))
    }
}

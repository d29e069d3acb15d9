import DriftStatistics
import DriftwatchLearning

/// The challenger against the champion on labelled production rows: each one's mean loss (mean
/// squared error for a regressor, error rate for a classifier), the difference challenger −
/// champion with its confidence interval, the test's p-value and a verdict.
///
/// Shadow rows are paired (both models scored the same row): a paired t-test on squared errors,
/// McNemar's exact test on misses. Canary and A/B rows are two samples: Welch's t-test on squared
/// errors, the two-proportion z-test on misses. The verdict is `worse` or `better` when the test
/// rejects equal loss at `alpha` (two-sided, so each direction errs at most alpha/2 on equal
/// models), `inconclusive` otherwise, and `insufficient` until each side has `minRows` labelled rows.
public struct ChallengerComparison: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, CaseIterable, Codable {
        case insufficient, inconclusive, better, worse
    }

    public var championVersion: Int
    public var challengerVersion: Int
    /// Whether the rows are shadow pairs (both versions scored each row).
    public var paired: Bool
    /// `paired_t`, `welch_t`, `mcnemar` or `two_proportion_z`.
    public var test: String
    public var championRows: Int
    public var challengerRows: Int
    public var championLoss: Double
    public var challengerLoss: Double
    /// Challenger − champion, with its interval at 1 − alpha; nil while insufficient or untestable.
    public var difference: Double?
    public var lower: Double?
    public var upper: Double?
    public var pValue: Double?
    public var verdict: Verdict

    /// What the loss is: `squared_error` (regressor) or `error_rate` (classifier).
    public var loss: String

    /// Compares the newest challenger seen (a shadow's, or a version newer than the champion) with
    /// `champion` (the lowest version seen when nil).
    public static func compare(_ outcomes: some Collection<VersionOutcomes.Outcome>, champion: Int?, task: LearningTask,
                        minRows: Int, alpha: Double) -> ChallengerComparison? {
        guard let champion = champion ?? outcomes.map(\.version).min() else { return nil }
        let level = 1 - alpha
        if let shadow = outcomes.compactMap({ $0.version == champion ? $0.shadowVersion : nil }).filter({ $0 != champion }).max() {
            let pairs = outcomes.filter { $0.version == champion && $0.shadowVersion == shadow }
            let first = pairs.map(\.loss), second = pairs.compactMap(\.shadowLoss)
            var result = ChallengerComparison(champion, shadow, task: task, paired: true, test: task == .regression ? "paired_t" : "mcnemar", first, second)
            guard first.count >= minRows else { return result }
            switch task {
            case .regression:
                if let test = PairedTTest(second, first, level: level) {
                    result.settle(test.meanDifference, test.lower, test.upper, test.pValue, alpha: alpha)
                } else {
                    // Every pair differs by the same amount: certain, and zero when the errors are identical.
                    let difference = second.isEmpty ? 0 : second[0] - first[0]
                    result.settle(difference, difference, difference, difference == 0 ? 1 : 0, alpha: alpha)
                }
            case .binaryClassification:
                let onlyChampion = zip(first, second).filter { $0 == 1 && $1 == 0 }.count, onlyChallenger = zip(first, second).filter { $0 == 0 && $1 == 1 }.count
                let test = McNemarTest(onlyFirst: onlyChampion, onlySecond: onlyChallenger, rows: first.count, level: level)
                result.settle(test.difference, test.lower, test.upper, test.pValue, alpha: alpha)
            }
            return result
        }
        // Only a newer version is a challenger: rows an older one served (answers in flight after a
        // promotion, labels that arrive late) are not a release under way.
        guard let challenger = outcomes.map(\.version).filter({ $0 > champion }).max() else { return nil }
        let first = outcomes.filter { $0.version == champion }.map(\.loss), second = outcomes.filter { $0.version == challenger }.map(\.loss)
        var result = ChallengerComparison(champion, challenger, task: task, paired: false, test: task == .regression ? "welch_t" : "two_proportion_z", first, second)
        guard min(first.count, second.count) >= minRows else { return result }
        switch task {
        case .regression:
            if let test = WelchTTest(second, first) {
                let interval = test.interval(second, first, level: level)
                result.settle(interval.difference, interval.lower, interval.upper, test.pValue, alpha: alpha)
            } else {
                // Neither sample varies: the difference of the two constant losses is certain.
                let difference = result.challengerLoss - result.championLoss
                result.settle(difference, difference, difference, difference == 0 ? 1 : 0, alpha: alpha)
            }
        case .binaryClassification:
            let misses2 = Int(second.reduce(0, +)), misses1 = Int(first.reduce(0, +))
            let interval = TwoProportionZTest.interval(successes: misses2, of: second.count, successes: misses1, of: first.count, level: level)
            let test = TwoProportionZTest(successes: misses2, of: second.count, successes: misses1, of: first.count)
            result.settle(interval.difference, interval.lower, interval.upper, test?.pValue ?? 1, alpha: alpha)
        }
        return result
    }

    private init(_ champion: Int, _ challenger: Int, task: LearningTask, paired: Bool, test: String, _ first: [Double], _ second: [Double]) {
        loss = task == .regression ? "squared_error" : "error_rate"
        championVersion = champion
        challengerVersion = challenger
        self.paired = paired
        self.test = test
        championRows = first.count
        challengerRows = second.count
        championLoss = first.isEmpty ? .nan : first.reduce(0, +) / Double(first.count)
        challengerLoss = second.isEmpty ? .nan : second.reduce(0, +) / Double(second.count)
        verdict = .insufficient
    }

    private mutating func settle(_ difference: Double, _ lower: Double?, _ upper: Double?, _ pValue: Double?, alpha: Double) {
        self.difference = difference
        self.lower = lower
        self.upper = upper
        self.pValue = pValue
        guard let pValue, pValue < alpha, difference != 0 else {
            verdict = .inconclusive
            return
        }
        verdict = difference > 0 ? .worse : .better
    }
}

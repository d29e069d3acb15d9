/// Chi-square tests on category counts.
public enum ChiSquare {
    public struct Result: Sendable, Equatable, Codable {
        /// Pearson's statistic; `+infinity` when the goodness-of-fit variant meets a category whose
        /// expected count is zero (see ``unexpectedCategories``).
        public var statistic: Double
        public var pValue: Double
        public var degreesOfFreedom: Int
        /// Indices of categories that appear in the current counts but have zero expected count.
        /// Only the goodness-of-fit variant can produce them; the statistic is then infinite and
        /// the p-value 0.
        public var unexpectedCategories: [Int]

        public init(statistic: Double, pValue: Double, degreesOfFreedom: Int, unexpectedCategories: [Int] = []) {
            self.statistic = statistic
            self.pValue = pValue
            self.degreesOfFreedom = degreesOfFreedom
            self.unexpectedCategories = unexpectedCategories
        }
    }

    /// Test of homogeneity on the 2×k table (reference counts, current counts), without continuity
    /// correction, as `scipy.stats.chi2_contingency(table, correction=False)`.
    ///
    /// Categories absent from both rows are dropped before the test. With fewer than two categories
    /// left there is nothing to compare: the statistic is 0 and the p-value 1.
    /// - Precondition: both rows have the same length and each has a positive total.
    public static func homogeneity(reference: [Int], current: [Int]) -> Result {
        precondition(reference.count == current.count)
        let pairs = zip(reference, current).filter { $0.0 + $0.1 > 0 }
        let referenceTotal = pairs.reduce(0) { $0 + $1.0 }
        let currentTotal = pairs.reduce(0) { $0 + $1.1 }
        precondition(referenceTotal > 0 && currentTotal > 0, "both rows need observations")
        let dof = pairs.count - 1
        guard dof > 0 else { return Result(statistic: 0, pValue: 1, degreesOfFreedom: 0) }
        let total = Double(referenceTotal + currentTotal)
        var statistic = 0.0
        for (r, c) in pairs {
            let columnTotal = r + c
            for (observed, rowTotal) in [(r, referenceTotal), (c, currentTotal)] {
                let expected = Double(rowTotal * columnTotal) / total
                let difference = Double(observed) - expected
                statistic += difference * difference / expected
            }
        }
        return Result(statistic: statistic,
                      pValue: ChiSquareDistribution.survival(statistic, degreesOfFreedom: dof),
                      degreesOfFreedom: dof)
    }

    /// Goodness of fit of the current counts to the reference proportions, as
    /// `scipy.stats.chisquare(current, f_exp=reference / Σreference · Σcurrent)`.
    ///
    /// Categories present in neither row are dropped. A category seen in the current counts but
    /// never in the reference has expected count zero: instead of dividing by zero, the result
    /// names it in ``Result/unexpectedCategories`` with an infinite statistic and p-value 0.
    public static func goodnessOfFit(reference: [Int], current: [Int]) -> Result {
        precondition(reference.count == current.count)
        let indices = reference.indices.filter { reference[$0] + current[$0] > 0 }
        let referenceTotal = indices.reduce(0) { $0 + reference[$1] }
        let currentTotal = indices.reduce(0) { $0 + current[$1] }
        precondition(referenceTotal > 0 && currentTotal > 0, "both rows need observations")
        let dof = indices.count - 1
        let unexpected = indices.filter { reference[$0] == 0 }
        if !unexpected.isEmpty {
            return Result(statistic: .infinity, pValue: 0, degreesOfFreedom: Swift.max(dof, 0), unexpectedCategories: unexpected)
        }
        guard dof > 0 else { return Result(statistic: 0, pValue: 1, degreesOfFreedom: 0) }
        var statistic = 0.0
        for i in indices {
            let expected = Double(reference[i]) / Double(referenceTotal) * Double(currentTotal)
            let difference = Double(current[i]) - expected
            statistic += difference * difference / expected
        }
        return Result(statistic: statistic,
                      pValue: ChiSquareDistribution.survival(statistic, degreesOfFreedom: dof),
                      degreesOfFreedom: dof)
    }
}

extension WelchTTest {
    /// The interval of the difference of means m₁ − m₂ at `level`, with the Welch–Satterthwaite
    /// degrees of freedom (scipy's `ttest_ind(equal_var=False).confidence_interval`).
    public func interval(_ first: [Double], _ second: [Double], level: Double = 0.95) -> (difference: Double, lower: Double, upper: Double) {
        let (m1, v1) = Self.meanAndVariance(first), (m2, v2) = Self.meanAndVariance(second)
        let standardError = (v1 / Double(first.count) + v2 / Double(second.count)).squareRoot()
        let critical = StudentTDistribution.quantile(0.5 + level / 2, degreesOfFreedom: degreesOfFreedom)
        return (m1 - m2, m1 - m2 - critical * standardError, m1 - m2 + critical * standardError)
    }
}

extension TwoProportionZTest {
    /// The Wald interval of p₁ − p₂ at `level`, from the unpooled variance (statsmodels'
    /// `confint_proportions_2indep(method="wald", compare="diff")`).
    public static func interval(successes first: Int, of n1: Int, successes second: Int, of n2: Int, level: Double = 0.95) -> (difference: Double, lower: Double, upper: Double) {
        let p1 = Double(first) / Double(n1), p2 = Double(second) / Double(n2)
        let spread = (p1 * (1 - p1) / Double(n1) + p2 * (1 - p2) / Double(n2)).squareRoot()
        let z = NormalDistribution.quantile(0.5 + level / 2)
        return (p1 - p2, p1 - p2 - z * spread, p1 - p2 + z * spread)
    }
}

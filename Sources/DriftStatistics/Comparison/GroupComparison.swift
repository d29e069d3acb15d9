import Foundation

/// Welch's t-test: do two samples have the same mean, without assuming equal variances?
/// The statistic (m₁ − m₂)/√(s₁²/n₁ + s₂²/n₂) against Student's t with the Welch–Satterthwaite
/// degrees of freedom (B. L. Welch, Biometrika 34, 1947), as scipy's `ttest_ind(equal_var=False)`.
public struct WelchTTest: Sendable, Equatable {
    public var statistic: Double
    public var degreesOfFreedom: Double
    public var pValue: Double

    /// Nil when either sample has fewer than two values, or both have no spread.
    public init?(_ first: [Double], _ second: [Double]) {
        guard first.count >= 2, second.count >= 2 else { return nil }
        let (m1, v1) = Self.meanAndVariance(first), (m2, v2) = Self.meanAndVariance(second)
        let n1 = Double(first.count), n2 = Double(second.count)
        let e1 = v1 / n1, e2 = v2 / n2
        guard e1 + e2 > 0 else { return nil }
        statistic = (m1 - m2) / (e1 + e2).squareRoot()
        degreesOfFreedom = (e1 + e2) * (e1 + e2) / (e1 * e1 / (n1 - 1) + e2 * e2 / (n2 - 1))
        pValue = StudentTDistribution.twoSidedPValue(statistic, degreesOfFreedom: degreesOfFreedom)
    }

    /// Mean and sample variance (n − 1), two passes.
    static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, squares / Double(values.count - 1))
    }
}

/// The two-proportion z-test with a pooled proportion: do two groups have the same rate of
/// successes? z = (p₁ − p₂)/√(p(1 − p)(1/n₁ + 1/n₂)), two-sided normal p-value (the test of
/// e.g. Agresti, *Categorical Data Analysis*, 3rd ed., §2.1.3; statsmodels' `proportions_ztest`).
public struct TwoProportionZTest: Sendable, Equatable {
    public var statistic: Double
    public var pValue: Double

    /// Nil when a group is empty or the pooled rate is 0 or 1 (no variation to test).
    public init?(successes first: Int, of n1: Int, successes second: Int, of n2: Int) {
        guard n1 > 0, n2 > 0, (0...n1).contains(first), (0...n2).contains(second) else { return nil }
        let pooled = Double(first + second) / Double(n1 + n2)
        guard pooled > 0, pooled < 1 else { return nil }
        let p1 = Double(first) / Double(n1), p2 = Double(second) / Double(n2)
        statistic = (p1 - p2) / (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        pValue = erfc(abs(statistic) / 2.squareRoot())
    }
}

/// The paired t-test: is the mean of paired differences dᵢ = xᵢ − yᵢ zero? t = d̄ / (s_d/√n)
/// against Student's t with n − 1 degrees of freedom (Student, Biometrika 6, 1908), as scipy's
/// `ttest_rel`, with the confidence interval d̄ ± t_{1−α/2, n−1} · s_d/√n. On squared errors of
/// two models scoring the same rows this is the Diebold–Mariano comparison of equal accuracy
/// (J. Econ. Bus. Stat. 13, 1995) for independent rows.
public struct PairedTTest: Sendable, Equatable {
    public var meanDifference: Double
    public var statistic: Double
    public var degreesOfFreedom: Double
    public var pValue: Double
    public var lower: Double
    public var upper: Double

    /// Nil with fewer than two pairs or when every difference is the same.
    public init?(_ first: [Double], _ second: [Double], level: Double = 0.95) {
        precondition(first.count == second.count)
        guard first.count >= 2 else { return nil }
        let differences = zip(first, second).map { $0 - $1 }
        let (mean, variance) = WelchTTest.meanAndVariance(differences)
        let n = Double(differences.count)
        let standardError = (variance / n).squareRoot()
        guard standardError > 0 else { return nil }
        meanDifference = mean
        degreesOfFreedom = n - 1
        statistic = mean / standardError
        pValue = StudentTDistribution.twoSidedPValue(statistic, degreesOfFreedom: degreesOfFreedom)
        let critical = StudentTDistribution.quantile(0.5 + level / 2, degreesOfFreedom: degreesOfFreedom)
        lower = mean - critical * standardError
        upper = mean + critical * standardError
    }
}

/// Two-sample Kolmogorov–Smirnov test.
///
/// The statistic is the largest distance between the two right-continuous empirical
/// distribution functions. The two-sided p-value follows `scipy.stats.ks_2samp(method="auto")`:
/// exact when both samples have at most ``KolmogorovSmirnov/exactLimit`` values, otherwise the
/// distribution of the one-sample statistic `D_n` with `n = round(n1·n2 / (n1 + n2))`.
/// Ties are handled the same way: the ECDFs are evaluated at every observed value, so tied values
/// move both functions at once.
public enum KolmogorovSmirnov {
    /// Largest sample size for which the exact p-value is computed (as scipy's `MAX_AUTO_N`).
    public static let exactLimit = 10_000

    /// How the p-value was obtained.
    public enum Method: String, Sendable, Codable {
        case exact
        case asymptotic
    }

    /// The test result.
    public struct Result: Sendable, Equatable, Codable {
        /// The statistic `D`, in [0, 1].
        public var statistic: Double
        /// The two-sided p-value, in [0, 1].
        public var pValue: Double
        public var method: Method

        public init(statistic: Double, pValue: Double, method: Method) {
            self.statistic = statistic
            self.pValue = pValue
            self.method = method
        }
    }

    /// Runs the test on two samples that are already sorted ascending and contain no NaN.
    ///
    /// - Precondition: both samples are non-empty.
    public static func test(sortedReference a: UnsafeBufferPointer<Double>, sortedCurrent b: UnsafeBufferPointer<Double>) -> Result {
        precondition(!a.isEmpty && !b.isEmpty, "KS test needs two non-empty samples")
        let d = statistic(sortedA: a, sortedB: b)
        return pValue(statistic: d, n1: a.count, n2: b.count)
    }

    /// Convenience overload for arrays.
    public static func test(sortedReference a: [Double], sortedCurrent b: [Double]) -> Result {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in test(sortedReference: pa, sortedCurrent: pb) } }
    }

    /// The two-sided statistic `max |F_a(x) − F_b(x)|` over all observed `x`, by one merge walk.
    public static func statistic(sortedA a: UnsafeBufferPointer<Double>, sortedB b: UnsafeBufferPointer<Double>) -> Double {
        EmpiricalDistanceWalk.run(a, b).ksStatistic
    }

    /// The two-sided p-value of statistic `d` for sample sizes `n1` and `n2`, chosen as scipy's
    /// `method="auto"` does. In the exact branch the returned statistic is `d` snapped to the lattice
    /// `h / lcm(n1, n2)` on which it lives, as scipy reports it.
    public static func pValue(statistic d: Double, n1: Int, n2: Int) -> Result {
        if Swift.max(n1, n2) <= exactLimit, let exact = ExactTwoSample.pValue(statistic: d, n1: n1, n2: n2) {
            return Result(statistic: exact.statistic, pValue: clamp01(exact.pValue), method: .exact)
        }
        let m = Double(Swift.max(n1, n2)), n = Double(Swift.min(n1, n2))
        let en = (m * n / (m + n)).rounded(.toNearestOrEven)
        let p = KolmogorovDistribution.survival(n: Int(en), x: d)
        return Result(statistic: d, pValue: clamp01(p), method: .asymptotic)
    }
}

@inline(__always)
func clamp01(_ p: Double) -> Double { Swift.min(Swift.max(p, 0), 1) }

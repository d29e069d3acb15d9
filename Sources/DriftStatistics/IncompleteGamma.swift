import Foundation

/// Regularized incomplete gamma functions, the basis of the chi-square distribution.
///
/// `P(a, x)` by its power series where `x < a + 1`, `Q(a, x)` by the Legendre continued fraction
/// (modified Lentz evaluation) elsewhere, so that whichever side is small is computed directly
/// and keeps full relative precision deep into the tail. Same split as cephes `igam`/`igamc`
/// and Numerical Recipes §6.2.
public enum IncompleteGamma {
    /// Regularized upper incomplete gamma `Q(a, x) = Γ(a, x) / Γ(a)`.
    public static func upper(a: Double, x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x == .infinity { return 0 }
        if x < a + 1 { return 1 - lowerSeries(a: a, x: x) }
        return upperContinuedFraction(a: a, x: x)
    }

    /// Regularized lower incomplete gamma `P(a, x) = γ(a, x) / Γ(a)`.
    public static func lower(a: Double, x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 0 }
        if x == .infinity { return 1 }
        if x < a + 1 { return lowerSeries(a: a, x: x) }
        return 1 - upperContinuedFraction(a: a, x: x)
    }

    /// `log(x^a e^{-x} / Γ(a))`, the common prefactor.
    private static func logPrefactor(a: Double, x: Double) -> Double {
        a * log(x) - x - lgamma(a)
    }

    private static func lowerSeries(a: Double, x: Double) -> Double {
        let logFactor = logPrefactor(a: a, x: x)
        var denominator = a
        var term = 1.0 / a
        var sum = term
        for _ in 0..<100_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * Double.ulpOfOne { break }
        }
        return clamp01(sum * exp(logFactor))
    }

    private static func upperContinuedFraction(a: Double, x: Double) -> Double {
        let logFactor = logPrefactor(a: a, x: x)
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < Double.ulpOfOne { break }
        }
        return clamp01(exp(logFactor) * h)
    }
}

/// The chi-square distribution.
public enum ChiSquareDistribution {
    /// `P(X > statistic)` for `X ~ χ²(degreesOfFreedom)`.
    public static func survival(_ statistic: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom > 0)
        if statistic.isNaN { return .nan }
        if statistic <= 0 { return 1 }
        return IncompleteGamma.upper(a: Double(degreesOfFreedom) / 2, x: statistic / 2)
    }
}

import Foundation

/// The regularized incomplete beta function I_x(a, b), and Student's t distribution built on it.
///
/// Evaluated by the continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8) with the modified
/// Lentz method, on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges
/// fast (x < (a + 1)/(a + b + 2)), as in Numerical Recipes §6.4 and cephes `incbet`.
public enum IncompleteBeta {
    public static func regularized(a: Double, b: Double, x: Double) -> Double {
        precondition(a > 0 && b > 0)
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // x^a (1 − x)^b / B(a, b), in logarithms.
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - front * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    /// The continued fraction 1/(1+ d1/(1+ d2/(1+ …))) of A&S 26.5.8, by modified Lentz.
    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
            var term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }
}

public enum StudentTDistribution {
    /// P(|T| ≥ |t|) for T with `degreesOfFreedom` (any positive real): I_{ν/(ν+t²)}(ν/2, 1/2).
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom ν: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return IncompleteBeta.regularized(a: ν / 2, b: 0.5, x: ν / (ν + t * t))
    }
}

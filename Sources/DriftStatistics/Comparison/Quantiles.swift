import Foundation

extension StudentTDistribution {
    /// The t with P(T ≤ t) = p (0 < p < 1) for `degreesOfFreedom` ν: the two-sided p-value
    /// inverted by bisection, to full double precision (the critical value of a confidence interval).
    public static func quantile(_ p: Double, degreesOfFreedom ν: Double) -> Double {
        precondition(p > 0 && p < 1 && ν > 0)
        if p == 0.5 { return 0 }
        let tail = 2 * min(p, 1 - p)  // P(|T| ≥ t)
        var low = 0.0, high = 1.0
        while twoSidedPValue(high, degreesOfFreedom: ν) > tail { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if twoSidedPValue(middle, degreesOfFreedom: ν) > tail { low = middle } else { high = middle }
        }
        let t = (low + high) / 2
        return p > 0.5 ? t : -t
    }
}

/// The standard normal distribution.
public enum NormalDistribution {
    /// P(|Z| ≥ |z|).
    public static func twoSidedPValue(_ z: Double) -> Double {
        erfc(abs(z) / 2.squareRoot())
    }

    /// The z with P(Z ≤ z) = p (0 < p < 1), by bisection on erfc.
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        if p == 0.5 { return 0 }
        let tail = 2 * min(p, 1 - p)
        var low = 0.0, high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if twoSidedPValue(middle) > tail { low = middle } else { high = middle }
        }
        let z = (low + high) / 2
        return p > 0.5 ? z : -z
    }
}

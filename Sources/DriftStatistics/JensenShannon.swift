import Foundation

/// Jensen–Shannon distance between two discrete distributions, natural logarithm: the square root
/// of the JS divergence, as `scipy.spatial.distance.jensenshannon(p, q)` defines it. Each bin's
/// contribution is computed without cancellation, so nearly equal distributions keep full relative
/// precision (float64 evaluations of the textbook formula lose up to 1e-7 there).
public enum JensenShannon {
    /// Distance between two count (or weight) vectors over the same bins; each is normalised
    /// to sum to one first. Result in [0, √ln 2].
    public static func distance(_ p: [Double], _ q: [Double]) -> Double {
        precondition(p.count == q.count)
        let pSum = p.reduce(0, +), qSum = q.reduce(0, +)
        precondition(pSum > 0 && qSum > 0)
        var divergence = 0.0
        for (pi, qi) in zip(p, q) {
            divergence += binTerm(pi / pSum, qi / qSum)
        }
        return (Swift.max(divergence, 0) / 2).squareRoot()
    }

    /// `p·ln(p/m) + q·ln(q/m)` with `m = (p + q)/2`.
    ///
    /// When both shares are positive the two logarithms nearly cancel for similar distributions,
    /// so the term is rewritten with `δ = (p − q)/2`, `u = δ/m` as `m·ln(1 − u²) + 2δ·atanh(u)`,
    /// whose parts are both of second order in `δ` and keep full relative precision.
    @inline(__always)
    static func binTerm(_ p: Double, _ q: Double) -> Double {
        if p == 0 || q == 0 {
            return (p + q) * M_LN2  // x·ln(x / (x/2)) for the one non-zero share
        }
        let m = (p + q) / 2, delta = (p - q) / 2
        let u = delta / m
        return m * log1p(-u * u) + 2 * delta * atanh(u)
    }

    public static func distance(_ p: [Int], _ q: [Int]) -> Double {
        distance(p.map(Double.init), q.map(Double.init))
    }
}

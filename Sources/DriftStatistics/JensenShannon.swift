import Foundation

/// Jensen–Shannon distance between two discrete distributions, natural logarithm
/// (as `scipy.spatial.distance.jensenshannon(p, q)`): the square root of the JS divergence.
public enum JensenShannon {
    /// Distance between two count (or weight) vectors over the same bins; each is normalised
    /// to sum to one first. Result in [0, √ln 2].
    public static func distance(_ p: [Double], _ q: [Double]) -> Double {
        precondition(p.count == q.count)
        let pSum = p.reduce(0, +), qSum = q.reduce(0, +)
        precondition(pSum > 0 && qSum > 0)
        var left = 0.0, right = 0.0
        for (pi, qi) in zip(p, q) {
            let pn = pi / pSum, qn = qi / qSum
            let m = (pn + qn) / 2
            left += relativeEntropy(pn, m)
            right += relativeEntropy(qn, m)
        }
        return ((left + right) / 2).squareRoot()
    }

    public static func distance(_ p: [Int], _ q: [Int]) -> Double {
        distance(p.map(Double.init), q.map(Double.init))
    }

    /// `x·ln(x/y)`, with `0·ln(0/y) = 0`.
    @inline(__always)
    static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        x > 0 && y > 0 ? x * log(x / y) : 0
    }
}

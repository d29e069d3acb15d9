import Foundation

/// The one-sided Kolmogorov–Smirnov (Smirnov) distribution `P(D⁺_n ≥ x)`.
///
/// Uses the Birnbaum–Tingey / Smirnov finite sum
/// `x · Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v)`
/// (Birnbaum & Tingey, Ann. Math. Statist. 1951), with the special cases and the early-termination
/// rule of cephes' `smirnov` (van Mulbregt, arXiv:1802.06966). Each term is formed in log space so
/// neither the binomial coefficient nor the powers overflow; `n` is at most a few hundred thousand in
/// drift monitoring, for which this keeps a relative error far below 1e-6.
public enum Smirnov {
    static let minLog = -7.08396418532264106224e2

    public static func survival(n: Int, x: Double) -> Double {
        precondition(n > 0)
        if x.isNaN || x < 0 || x > 1 { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)
        var (nxFloor, alpha) = floorAndFraction(n: n, x: x)
        if alpha == 1 { nxFloor += 1; alpha = 0 }
        var lastTerm = n - nxFloor - (alpha == 0 ? 0 : 1)
        if alpha == 0 { lastTerm -= 1 }

        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            // x ≤ 1/n: P(D⁺ < x) = x (1 + x)^(n−1).
            return 1 - x * pow(1 + x, nd - 1)
        }
        if -2 * nd * x * x < minLog { return 0 }
        if nxFloor >= n - 1 { return pow(1 - x, nd) }
        if n > 1_000_000 {
            // Approximation p ≈ exp(−(6nx + 1)² / 18n), as cephes uses beyond this size.
            let logp = -pow(6.0 * nd * x + 1, 2) / 18.0 / nd
            return logp < -M_LN2 ? exp(logp) : 1 - (-expm1(logp))
        }
        let termCount = lastTerm + 1
        // v = 0: (1 − x)^n / x.
        var sum = exp(nd * log1p(-x) - log(x))
        var logBinomial = 0.0, compensation = 0.0
        for v in 1..<Swift.max(termCount, 1) {
            // log C(n, v) = log C(n, v−1) + log((n − v + 1) / v), summed with Kahan compensation.
            let increment = log(Double(n - v + 1) / Double(v)) - compensation
            let next = logBinomial + increment
            compensation = (next - logBinomial) - increment
            logBinomial = next
            let upper = Double(n - v) / nd - x
            let lower = Double(v) / nd + x
            let term = exp(logBinomial + Double(n - v) * log(upper) + Double(v - 1) * log(lower))
            sum += term
            if term != 0 {
                if 4 * Double(termCount - v) * term < Double.ulpOfOne * sum && v != termCount - 1 { break }
            } else if v > n / 2 {
                break
            }
        }
        return clamp01(x * sum)
    }

    /// `⌊n·x⌋` and the fractional part of `n·x`, computed from the exact product.
    static func floorAndFraction(n: Int, x: Double) -> (Int, Double) {
        let nd = Double(n)
        let product = nd * x
        let error = fma(nd, x, -product)
        var floorValue = product.rounded(.down)
        if product == floorValue && error < 0 { floorValue -= 1 }
        let fraction = (product - floorValue) + error
        return (Int(floorValue), fraction)
    }
}

/// Exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic.
///
/// Counts the monotone lattice paths from (0, 0) to (n1, n2) that leave the band
/// `|x/n1 − y/n2| < d`. Equal sample sizes use the closed alternating sum of binomial ratios
/// (Drion / Gnedenko–Korolyuk) in Horner form; unequal sizes use Hodges' "inside" recursion in
/// the form that accumulates `1 − p` directly (Viehmann 2021, arXiv:2102.08037), as in scipy's
/// `_compute_prob_outside_square` and `_compute_outer_prob_inside_method`.
///
/// References: J. L. Hodges Jr., "The significance probability of the Smirnov two-sample test",
/// Arkiv för Matematik 3 (1958) 469–486.
enum ExactTwoSample {
    /// Returns the lattice-snapped statistic and its p-value, or nil when the computation is not
    /// numerically usable (the caller then falls back to the asymptotic distribution).
    static func pValue(statistic d: Double, n1: Int, n2: Int) -> (statistic: Double, pValue: Double)? {
        let g = gcd(n1, n2)
        let lcm = (n1 / g) * n2
        let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
        let snapped = Double(h) / Double(lcm)
        if h == 0 { return (snapped, 1.0) }
        let p = n1 == n2 ? probabilityOutsideSquare(n: n1, h: h) : probabilityOutsideBand(m: n1, n: n2, g: g, h: h)
        guard p.isFinite, p >= 0, p <= 1 else { return nil }
        return (snapped, p)
    }

    /// `P(D_{n,n} ≥ h/n)` = 2 Σ_k (−1)^(k+1) C(2n, n − kh) / C(2n, n), evaluated as
    /// `2·A0·(1 − A1·(1 − A2·(…)))` to avoid cancellation.
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            p = p1 * (1.0 - p)
            k -= 1
        }
        return 2 * p
    }

    /// Proportion of lattice paths that do not stay strictly inside `|n·x/g − m·y/g| < h`,
    /// computed column by column over a sliding window of the band.
    static func probabilityOutsideBand(m mIn: Int, n nIn: Int, g: Int, h: Int) -> Double {
        let m = Swift.max(mIn, nIn), n = Swift.min(mIn, nIn)
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = Swift.min(ceilDiv(h, mg), n + 1)
        var curlen = maxj - minj
        let lenA = Swift.min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1.0, count: lenA)
        for j in minj..<maxj { a[j] = 0.0 }
        return a.withUnsafeMutableBufferPointer { a -> Double in
            for i in 1...m {
                let lastminj = minj, lastlen = curlen
                minj = Swift.min(Swift.max(floorDiv(ng * i - h, mg) + 1, 0), n)
                maxj = Swift.min(ceilDiv(ng * i + h, mg), n + 1)
                if maxj <= minj { return 1.0 }
                var val = minj == 0 ? 0.0 : 1.0
                let di = Double(i)
                for jj in 0..<(maxj - minj) {
                    let j = jj + minj
                    val = (a[jj + minj - lastminj] * di + val * Double(j)) / (di + Double(j))
                    a[jj] = val
                }
                curlen = maxj - minj
                if lastlen > curlen {
                    for k in curlen..<Swift.min(lastlen, a.count) { a[k] = 1 }
                }
            }
            return a[maxj - minj - 1]
        }
    }
}

func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
}

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always) func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }

import Foundation

/// Distribution of the two-sided one-sample Kolmogorov–Smirnov statistic `D_n`
/// (scipy's `kstwo`), used for the asymptotic two-sample p-value.
///
/// The algorithm selection follows Simard & L'Ecuyer, "Computing the two-sided
/// Kolmogorov–Smirnov distribution", J. Stat. Software 39(11), 2011, as scipy's
/// `stats/_ksstats.py` implements it: Ruben–Gambino closed forms at the ends, twice the one-sided
/// Smirnov tail for large `x`, the Durbin matrix (Marsaglia–Tsang–Wang) or Pomeranz recursion for
/// small `n`, and the Pelz–Good expansion for large `n`.
public enum KolmogorovDistribution {
    /// `P(D_n > x)`.
    public static func survival(n: Int, x: Double) -> Double {
        precondition(n > 0)
        if x.isNaN { return .nan }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            // Ruben–Gambino: P(D_n ≤ x) = n!/n^n · (2t − 1)^n for 1/(2n) ≤ x ≤ 1/n.
            let cdf: Double
            if n <= 140 {
                var prod = 1.0
                for i in 1...n { prod *= Double(i) * (1.0 / nd) * (2 * t - 1) }
                cdf = prod
            } else {
                cdf = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return clamp01(1 - cdf)
        }
        if t >= nd - 1 { return clamp01(2 * pow(1 - x, nd)) }
        if x >= 0.5 { return clamp01(2 * Smirnov.survival(n: n, x: x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 { return clamp01(1 - durbinMatrixCDF(n: n, x: x)) }
            if nxSquared <= 4 { return clamp01(1 - pomeranzCDF(n: n, x: x)) }
            return clamp01(2 * Smirnov.survival(n: n, x: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clamp01(2 * Smirnov.survival(n: n, x: x)) }
        let cdf: Double
        if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            cdf = durbinMatrixCDF(n: n, x: x)
        } else {
            cdf = pelzGoodCDF(n: n, x: x)
        }
        return clamp01(1 - cdf)
    }

    /// `log(n! / n^n)` by Stirling's series.
    static func logFactorialOverPower(_ n: Int) -> Double {
        // Coefficients of the Stirling series for log Γ in powers of 1/n², highest first.
        let coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3,
                            -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                            -5.952380952380952381e-4, 7.9365079365079365079e-4,
                            -2.7777777777777777778e-3, 8.3333333333333333333e-2]
        let nd = Double(n), rn = 1.0 / nd
        var poly = 0.0
        for c in coefficients { poly = poly * (rn / nd) + c }
        return log(nd) / 2 - nd + log(2 * Double.pi) / 2 + rn * poly
    }

    static let scaleExponent = 128
    static let scaleUp = Double(sign: .plus, exponent: 128, significand: 1)
    static let scaleDown = Double(sign: .plus, exponent: -128, significand: 1)

    /// `P(D_n ≤ x)` by the Durbin matrix method with Marsaglia–Tsang–Wang's scaling
    /// (J. Stat. Software 8(18), 2003): the (k,k) entry of `H^n`, times `n!/n^n`.
    static func durbinMatrixCDF(n: Int, x: Double) -> Double {
        if x >= 1 { return 1 }
        let nd = Double(n) * x
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] = (1.0 - pow(h, Double(j))) * fac
        }
        let tt = pow(Swift.max(2 * h - 1.0, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1.0 + tt) * fac
        var hMatrix = SquareMatrix(size: m)
        for i in 1..<m {
            for r in (i - 1)..<m { hMatrix[r, i] = w[r - (i - 1)] }
        }
        for r in 0..<m { hMatrix[r, 0] = v[r] }
        for c in 0..<m { hMatrix[m - 1, c] = v[m - 1 - c] }

        var power = SquareMatrix.identity(size: m)
        var remaining = n
        var exponent = 0, hExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = power * hMatrix
                exponent += hExponent
            }
            hMatrix = hMatrix * hMatrix
            hExponent *= 2
            if abs(hMatrix[k - 1, k - 1]) > scaleUp {
                hMatrix.scale(by: scaleDown)
                hExponent += scaleExponent
            }
            remaining /= 2
        }
        var p = power[k - 1, k - 1]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < scaleDown {
                p *= scaleUp
                exponent -= scaleExponent
            }
        }
        if exponent != 0 { p = scalbn(p, exponent) }
        return clamp01(p)
    }

    /// `P(D_n ≤ x)` by Pomeranz's recursion (Comm. ACM 17(12), 1974), for `n ≤ 140`.
    static func pomeranzCDF(n: Int, x: Double) -> Double {
        let t = Double(n) * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = Swift.min(f, 1 - f)
        let ceilf = f > 0 ? 1 : 0
        let roundf = f > 0.5 ? 1 : 0
        let npwrs = 2 * (ll + 1)
        var gpower = [Double](repeating: 1, count: npwrs)
        var twogpower = [Double](repeating: 1, count: npwrs)
        var onem2gpower = [Double](repeating: 1, count: npwrs)
        let nd = Double(n)
        for m in 1..<npwrs {
            gpower[m] = gpower[m - 1] * (g / nd) / Double(m)
            twogpower[m] = twogpower[m - 1] * (2 * g / nd) / Double(m)
            onem2gpower[m] = onem2gpower[m - 1] * ((1 - 2 * g) / nd) / Double(m)
        }
        var v0 = [Double](repeating: 0, count: npwrs)
        var v1 = [Double](repeating: 0, count: npwrs)
        v1[0] = 1
        var v0s = 0, v1s = 0
        var exponent = 0
        var (j1, j2) = pomeranzBounds(i: 0, n: n, ll: ll, ceilf: ceilf, roundf: roundf)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&v0, &v1)
            swap(&v0s, &v1s)
            for idx in v1.indices { v1[idx] = 0 }
            (j1, j2) = pomeranzBounds(i: i, n: n, ll: ll, ceilf: ceilf, roundf: roundf)
            let powers: [Double]
            if i == 1 || i == 2 * n + 1 { powers = gpower } else { powers = i % 2 == 1 ? twogpower : onem2gpower }
            let ln2 = j2 - k1 + 1
            guard ln2 > 0 else { continue }
            // Full convolution of v0[k1-v0s ..< k1-v0s+ln2] with powers[0..<ln2], entries conv_start... kept.
            let convStart = j1 - k1
            let convLen = j2 - j1 + 1
            let base = k1 - v0s
            var maxValue = 0.0
            for out in 0..<convLen {
                let idx = convStart + out
                var sum = 0.0
                let lo = Swift.max(0, idx - (ln2 - 1)), hi = Swift.min(idx, ln2 - 1)
                if lo <= hi {
                    for a in lo...hi {
                        let sIdx = base + a
                        if sIdx >= 0 && sIdx < v0.count { sum += v0[sIdx] * powers[idx - a] }
                    }
                }
                v1[out] = sum
                maxValue = Swift.max(maxValue, sum)
            }
            if maxValue > 0 && maxValue < scaleDown {
                for idx in v1.indices { v1[idx] *= scaleUp }
                exponent -= scaleExponent
            }
            v1s = v0s + j1 - k1
        }
        var answer = v1[n - v1s]
        for m in 1...n {
            if abs(answer) > scaleUp {
                answer *= scaleDown
                exponent += scaleExponent
            }
            answer *= Double(m)
        }
        if exponent != 0 { answer = scalbn(answer, exponent) }
        return clamp01(answer)
    }

    private static func pomeranzBounds(i: Int, n: Int, ll: Int, ceilf: Int, roundf: Int) -> (Int, Int) {
        var j1: Int, j2: Int
        if i == 0 {
            j1 = -ll - ceilf - 1
            j2 = ll + ceilf - 1
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {
                if half == n + 1 {
                    j1 = n - ll - ceilf - 1
                    j2 = n + ll + ceilf - 1
                } else {
                    j1 = half - 1 - ll - roundf - 1
                    j2 = half + ll - 1 + ceilf - 1
                }
            } else {
                j1 = half - 1 - ll - 1
                j2 = half + ll + roundf - 1
            }
        }
        return (Swift.max(j1 + 2, 0), Swift.min(j2, n))
    }

    /// `P(D_n ≤ x)` by the Pelz–Good expansion (JRSS B 38(2), 1976) of the Li-Chien / Korolyuk
    /// series `K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5`, `z = x√n`.
    static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var k = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        if maxk >= 1 {
            for kk in stride(from: maxk, through: 1, by: -1) {
                let m = Double(2 * kk - 1)
                let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
                let qpower = pow(q, Double(8 * kk))
                let coeffs = [1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
                for i in 0..<4 { k[i] = k[i] * qpower + coeffs[i] }
            }
        }
        let denominators = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for i in 0..<4 { k[i] = k[i] * q * sqrt2pi / denominators[i] }
        q = exp(-pi2 / 2 / z2)
        var k2extra = 0.0, k3extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        if maxk >= 1 {
            for kk in stride(from: maxk, through: 1, by: -1) {
                let ks = Double(kk), ks2 = ks * ks
                let qp = pow(q, ks2)
                k2extra += ks2 * qp
                let kspi = Double.pi * ks
                k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
            }
        }
        k[2] += k2extra * pi2 * sqrt2pi / (-36 * z3)
        k[3] += k3extra * pi2 * sqrt2pi / (216 * z6)
        let nd = Double(n)
        return k[0] + k[1] / nd.squareRoot() + k[2] / nd + k[3] / pow(nd, 1.5)
    }
}

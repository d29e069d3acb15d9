/// Pearson's product-moment correlation of two equally long samples: the covariance over the
/// product of the standard deviations, computed in two passes (means first) for accuracy. nil when
/// fewer than two pairs are given or either sample is constant. It is blind to a change of scale or
/// offset of either sample, and changes sign when one of them is mirrored.
public enum Correlation {
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            let dx = a - meanX, dy = b - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }
}

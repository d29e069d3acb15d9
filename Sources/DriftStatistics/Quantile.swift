/// Sample quantiles with linear interpolation between order statistics
/// (Hyndman & Fan definition 7, numpy's default `method="linear"`).
public enum Quantile {
    /// The `q`-quantile of a sorted, non-empty sample, `q` in [0, 1].
    ///
    /// The virtual index is `(n − 1)·q`; the interpolation `a + (b − a)·t` switches to
    /// `b − (b − a)·(1 − t)` for `t ≥ 0.5`, as numpy's `_lerp` does, so results agree bit for bit.
    public static func linear(sorted: UnsafeBufferPointer<Double>, q: Double) -> Double {
        precondition(!sorted.isEmpty)
        let n = sorted.count
        let virtualIndex = Double(n - 1) * q
        if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
        if virtualIndex < 0 { return sorted[0] }
        let previous = virtualIndex.rounded(.down)
        let lowIndex = Int(previous)
        let t = virtualIndex - previous
        let a = sorted[lowIndex], b = sorted[lowIndex + 1]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

/// First Wasserstein (earth mover's) distance between two one-dimensional samples,
/// `∫ |F_u(x) − F_v(x)| dx`, as `scipy.stats.wasserstein_distance(u, v)`.
public enum Wasserstein {
    /// Distance between two sorted, non-empty samples, by one merge walk over the pooled values.
    public static func distance(sortedU u: UnsafeBufferPointer<Double>, sortedV v: UnsafeBufferPointer<Double>) -> Double {
        precondition(!u.isEmpty && !v.isEmpty)
        let nu = Double(u.count), nv = Double(v.count)
        var i = 0, j = 0
        var total = 0.0
        var value = Swift.min(u[0], v[0])
        while i < u.count || j < v.count {
            while i < u.count && u[i] <= value { i += 1 }
            while j < v.count && v[j] <= value { j += 1 }
            let next: Double
            if i < u.count && j < v.count { next = Swift.min(u[i], v[j]) } else if i < u.count { next = u[i] } else if j < v.count { next = v[j] } else { break }
            total += abs(Double(i) / nu - Double(j) / nv) * (next - value)
            value = next
        }
        return total
    }

    /// ``distance(sortedU:sortedV:)`` divided by `max(referenceStandardDeviation, 0.001)`,
    /// a scale-free version comparable across columns.
    public static func normed(sortedReference: UnsafeBufferPointer<Double>, sortedCurrent: UnsafeBufferPointer<Double>, referenceStandardDeviation: Double) -> Double {
        distance(sortedU: sortedReference, sortedV: sortedCurrent) / Swift.max(referenceStandardDeviation, 0.001)
    }
}

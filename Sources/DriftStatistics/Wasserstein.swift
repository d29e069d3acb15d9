/// First Wasserstein (earth mover's) distance between two one-dimensional samples,
/// `∫ |F_u(x) − F_v(x)| dx`, as `scipy.stats.wasserstein_distance(u, v)`.
public enum Wasserstein {
    /// Floor of the scale in ``normed(sortedReference:sortedCurrent:referenceStandardDeviation:)``,
    /// so that a constant reference does not divide by zero.
    public static let minimumScale = 0.001

    /// Distance between two sorted, non-empty samples, by one merge walk over the pooled values.
    public static func distance(sortedU u: UnsafeBufferPointer<Double>, sortedV v: UnsafeBufferPointer<Double>) -> Double {
        precondition(!u.isEmpty && !v.isEmpty)
        return EmpiricalDistanceWalk.run(u, v).wasserstein
    }

    /// ``distance(sortedU:sortedV:)`` divided by `max(referenceStandardDeviation, 0.001)`,
    /// a scale-free version comparable across columns.
    public static func normed(sortedReference: UnsafeBufferPointer<Double>, sortedCurrent: UnsafeBufferPointer<Double>, referenceStandardDeviation: Double) -> Double {
        normed(distance(sortedU: sortedReference, sortedV: sortedCurrent), referenceStandardDeviation: referenceStandardDeviation)
    }

    /// A distance divided by `max(referenceStandardDeviation, 0.001)`.
    public static func normed(_ distance: Double, referenceStandardDeviation: Double) -> Double {
        distance / Swift.max(referenceStandardDeviation, minimumScale)
    }
}

/// One merge walk over two sorted samples that yields both the Kolmogorov–Smirnov statistic and
/// the first Wasserstein distance, the two measures built on the empirical distribution functions.
///
/// The walk consumes the smaller head value (both heads when they are equal) and evaluates the
/// ECDFs only once the next pooled value is larger, so tied values move both functions at once.
/// The loop has no data-dependent branches, which matters for samples of a million values whose
/// order interleaves at random.
public enum EmpiricalDistanceWalk {
    public struct Result: Sendable {
        /// `max |F_a − F_b|` over the pooled sample.
        public var ksStatistic: Double
        /// `∫ |F_a − F_b| dx`.
        public var wasserstein: Double
    }

    public static func run(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Result {
        let n1 = a.count, n2 = b.count
        var i = 0, j = 0
        // ECDF differences are tracked exactly as the integer i·n2 − j·n1 = n1·n2·(F_a − F_b).
        var maxScaled = 0, minScaled = 0
        var maxAt = (0, 0), minAt = (0, 0)
        var scaledArea = 0.0
        while i < n1 || j < n2 {
            let headA = i < n1 ? a[i] : .infinity
            let headB = j < n2 ? b[j] : .infinity
            let value = Swift.min(headA, headB)
            i &+= headA == value ? 1 : 0
            j &+= headB == value ? 1 : 0
            let nextA = i < n1 ? a[i] : .infinity
            let nextB = j < n2 ? b[j] : .infinity
            let next = Swift.min(nextA, nextB)
            let scaled = i &* n2 &- j &* n1
            let settled = next != value
            let isMax = settled && scaled > maxScaled
            let isMin = settled && scaled < minScaled
            maxScaled = isMax ? scaled : maxScaled
            maxAt = isMax ? (i, j) : maxAt
            minScaled = isMin ? scaled : minScaled
            minAt = isMin ? (i, j) : minAt
            scaledArea += settled && next.isFinite ? Double(Swift.abs(scaled)) * (next - value) : 0
        }
        // The extreme differences as count / n, bit-identical to searchsorted(side="right") / n.
        let maxDiff = Double(maxAt.0) / Double(n1) - Double(maxAt.1) / Double(n2)
        let minDiff = Double(minAt.0) / Double(n1) - Double(minAt.1) / Double(n2)
        return Result(ksStatistic: Swift.max(maxDiff, Swift.min(-minDiff, 1)),
                      wasserstein: scaledArea / (Double(n1) * Double(n2)))
    }

    /// The KS test and the first Wasserstein distance of a reference and a current sample from one walk.
    public static func compare(sortedReference: UnsafeBufferPointer<Double>, sortedCurrent: UnsafeBufferPointer<Double>) -> (ks: KolmogorovSmirnov.Result, wasserstein: Double) {
        precondition(!sortedReference.isEmpty && !sortedCurrent.isEmpty)
        let walk = run(sortedReference, sortedCurrent)
        return (KolmogorovSmirnov.pValue(statistic: walk.ksStatistic, n1: sortedReference.count, n2: sortedCurrent.count), walk.wasserstein)
    }
}

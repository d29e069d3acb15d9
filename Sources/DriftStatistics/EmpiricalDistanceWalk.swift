/// One merge walk over two sorted samples that yields both the Kolmogorov–Smirnov statistic and
/// the first Wasserstein distance, the two measures built on the empirical distribution functions.
///
/// The walk consumes the smaller head value (both heads when they are equal) and evaluates the
/// ECDFs only once the next pooled value is larger, so tied values move both functions at once —
/// the same points at which scipy evaluates `searchsorted(side="right") / n`. The loop has no
/// data-dependent branches, which matters for samples of a million values whose order
/// interleaves at random.
public enum EmpiricalDistanceWalk {
    public struct Result: Sendable {
        /// `max |F_a − F_b|` over the pooled sample.
        public var ksStatistic: Double
        /// `∫ |F_a − F_b| dx`.
        public var wasserstein: Double
    }

    public static func run(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Result {
        let n1 = a.count, n2 = b.count
        precondition(n1 > 0 && n2 > 0 && !n1.multipliedReportingOverflow(by: n2).overflow)
        let lastA = n1 - 1, lastB = n2 - 1
        let infinity = Double.infinity.bitPattern
        var i = 0, j = 0
        // ECDF differences are tracked exactly, as the integer i·n2 − j·n1 = n1·n2·(F_a − F_b).
        var maxScaled = 0, minScaled = 0
        var scaledArea = 0.0
        var headA = a[0], headB = b[0]
        while i < n1 || j < n2 {
            let value = Swift.min(headA, headB)
            i &+= bit(headA <= headB)
            j &+= bit(headB <= headA)
            // Heads past the end read as +∞; the index is clamped so the load itself is always valid
            // and the selection compiles to a conditional move rather than a branch.
            headA = Double(bitPattern: i < n1 ? a[Swift.min(i, lastA)].bitPattern : infinity)
            headB = Double(bitPattern: j < n2 ? b[Swift.min(j, lastB)].bitPattern : infinity)
            let next = Swift.min(headA, headB)
            let scaled = i &* n2 &- j &* n1
            // Only a state after the last copy of a value counts; 0 leaves max ≥ 0 and min ≤ 0 alone.
            let settled = next > value ? scaled : 0
            maxScaled = Swift.max(maxScaled, settled)
            minScaled = Swift.min(minScaled, settled)
            // Area of |F_a − F_b| up to the next value (zero width while a value repeats, and after the last).
            let end = Double(bitPattern: next < .infinity ? next.bitPattern : value.bitPattern)
            scaledArea += Double(scaled).magnitude * (end - value)
        }
        let scale = Double(n1) * Double(n2)
        return Result(ksStatistic: Swift.max(Double(maxScaled), -Double(minScaled)) / scale,
                      wasserstein: scaledArea / scale)
    }

    @inline(__always)
    private static func bit(_ flag: Bool) -> Int { Int(unsafeBitCast(flag, to: UInt8.self)) }

    /// The KS test and the first Wasserstein distance of a reference and a current sample from one walk.
    public static func compare(sortedReference: UnsafeBufferPointer<Double>, sortedCurrent: UnsafeBufferPointer<Double>) -> (ks: KolmogorovSmirnov.Result, wasserstein: Double) {
        precondition(!sortedReference.isEmpty && !sortedCurrent.isEmpty)
        let walk = run(sortedReference, sortedCurrent)
        return (KolmogorovSmirnov.pValue(statistic: walk.ksStatistic, n1: sortedReference.count, n2: sortedCurrent.count), walk.wasserstein)
    }
}

import Foundation

/// Population Stability Index: `Σ (current − reference) · ln(current / reference)` over bin shares.
public enum PopulationStabilityIndex {
    /// Share substituted for an empty bin, so that the logarithm stays finite.
    public static let emptyBinShare = 1e-4
    /// Default number of quantile bins for numeric columns.
    public static let defaultBinCount = 10

    /// PSI from bin counts of the same bins. Empty bins count as ``emptyBinShare``.
    /// - Precondition: equal lengths and positive totals.
    public static func value(referenceCounts: [Int], currentCounts: [Int]) -> Double {
        precondition(referenceCounts.count == currentCounts.count)
        let referenceTotal = Double(referenceCounts.reduce(0, +))
        let currentTotal = Double(currentCounts.reduce(0, +))
        precondition(referenceTotal > 0 && currentTotal > 0)
        var psi = 0.0
        for (r, c) in zip(referenceCounts, currentCounts) {
            let referenceShare = r == 0 ? emptyBinShare : Double(r) / referenceTotal
            let currentShare = c == 0 ? emptyBinShare : Double(c) / currentTotal
            psi += (currentShare - referenceShare) * log(currentShare / referenceShare)
        }
        return psi
    }

    /// Inner bin edges for a numeric column: the reference's linear quantiles at `i/B`,
    /// `i = 1…B−1`, with duplicates merged. The outer edges are −∞ and +∞, so
    /// `edges.count + 1` bins cover the real line.
    public static func innerEdges(sortedReference: UnsafeBufferPointer<Double>, binCount: Int = defaultBinCount) -> [Double] {
        precondition(binCount >= 1)
        var edges: [Double] = []
        edges.reserveCapacity(binCount - 1)
        for i in 1..<Swift.max(binCount, 1) {
            let edge = Quantile.linear(sorted: sortedReference, q: Double(i) / Double(binCount))
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }

    /// Counts of a sorted sample in the bins `(−∞, e₁), [e₁, e₂), …, [e_k, +∞)`:
    /// each bin is closed on the left and open on the right, as `numpy.histogram` treats inner edges.
    public static func binCounts(sorted: UnsafeBufferPointer<Double>, innerEdges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: innerEdges.count + 1)
        var previous = 0
        for (i, edge) in innerEdges.enumerated() {
            let below = SortedSearch.lowerBound(sorted, edge)
            counts[i] = below - previous
            previous = below
        }
        counts[innerEdges.count] = sorted.count - previous
        return counts
    }
}

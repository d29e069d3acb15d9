/// Puts each error on the scale of a baseline of earlier errors: its mid-rank among them, a number
/// in [0, 1] (the empirical probability integral transform). Whatever the errors' distribution —
/// half-normal, lognormal, Pareto-tailed — the ranks of a stationary stream are near-uniform, with
/// mean ½ and standard deviation 1/√12, so a detector's threshold means the same on every stream and
/// one enormous error moves a cumulative sum by at most ½ instead of by its size. A change that makes
/// errors larger (a doubled mean error) moves the ranks' mean up by about 0.2.
public struct BaselineRanks: Sendable, Equatable {
    /// Errors the baseline holds once complete.
    public let size: Int
    private var baseline: [Double] = []

    public init(size: Int) {
        precondition(size > 0, "a baseline needs at least one error")
        self.size = size
        baseline.reserveCapacity(size)
    }

    /// Whether the baseline is complete (ranks are given from then on).
    public var isComplete: Bool { baseline.count == size }

    /// The error's mid-rank in the baseline, `(below + ½ · equal) / size`; nil while the baseline is
    /// still being collected (the error joins it). Non-finite errors are never ranked and never join.
    public mutating func rank(_ error: Double) -> Double? {
        guard error.isFinite else { return nil }
        guard isComplete else {
            baseline.append(error)
            if isComplete { baseline.sort() }
            return nil
        }
        return baseline.withUnsafeBufferPointer { buffer in
            let below = SortedSearch.lowerBound(buffer, error), notAbove = SortedSearch.upperBound(buffer, error)
            return (Double(below) + 0.5 * Double(notAbove - below)) / Double(size)
        }
    }
}

import Foundation

/// ADWIN, adaptive windowing: keeps a window of recent values as an exponential histogram
/// (rows of buckets of 1, 2, 4, … values, at most `maxBuckets` per row) and, every `clock`
/// values, looks for a cut into an older and a newer part whose means differ by more than the
/// Hoeffding-style bound ε_cut for confidence `delta`; a cut found drops the oldest buckets until
/// none is left, and counts as a detection.
///
/// References: A. Bifet, R. Gavaldà, "Learning from time-changing data with adaptive windowing",
/// SDM 2007 (ADWIN2); bucket variances merged as in B. Babcock et al., "Maintaining variance and
/// k-medians over data stream windows", PODS 2003. The order of the cut scan (every bucket
/// boundary, oldest first), the clock, the grace period and the minimum sub-window length follow
/// river's `drift.ADWIN`, so that both
/// detect at the same values; like river's, the detector starts afresh after a detection.
public struct AdaptiveWindowing: Sendable {
    public let delta: Double
    public let clock: Int
    public let maxBuckets: Int
    public let minWindowLength: Int
    public let gracePeriod: Int

    /// One row of the histogram: buckets of 2^row values each, oldest first.
    struct Row: Sendable {
        var totals: [Double] = []
        var variances: [Double] = []
    }

    /// Row 0 holds single values (the newest); higher rows older, larger buckets.
    private var rows: [Row] = [Row()]
    public private(set) var width = 0.0
    public private(set) var total = 0.0
    /// The sum of squared deviations from the window's mean (width × variance).
    private var variance = 0.0
    private var tick = 0
    public private(set) var driftDetected = false

    public init(delta: Double = 0.002, clock: Int = 32, maxBuckets: Int = 5, minWindowLength: Int = 5, gracePeriod: Int = 10) {
        precondition(delta > 0 && delta < 1 && clock > 0 && maxBuckets > 0 && minWindowLength > 0)
        self.delta = delta
        self.clock = clock
        self.maxBuckets = maxBuckets
        self.minWindowLength = minWindowLength
        self.gracePeriod = gracePeriod
    }

    /// The mean of the values in the window.
    public var estimation: Double { width == 0 ? 0 : total / width }

    /// Adds a value; true when it completes a detection.
    @discardableResult
    public mutating func update(_ value: Double) -> Bool {
        if driftDetected {
            self = AdaptiveWindowing(delta: delta, clock: clock, maxBuckets: maxBuckets, minWindowLength: minWindowLength, gracePeriod: gracePeriod)
        }
        insert(value)
        driftDetected = detectChange()
        return driftDetected
    }

    private mutating func insert(_ value: Double) {
        rows[0].totals.append(value)
        rows[0].variances.append(0)
        width += 1
        if width > 1 {
            let previousMean = total / (width - 1)
            variance += (width - 1) * (value - previousMean) * (value - previousMean) / width
        }
        total += value
        compress()
    }

    /// Merges the two oldest buckets of a row that overflowed into one bucket of the next row,
    /// carrying on up while rows overflow.
    private mutating func compress() {
        var row = 0
        while row < rows.count, rows[row].totals.count == maxBuckets + 1 {
            if row + 1 == rows.count { rows.append(Row()) }
            let size = Self.bucketSize(row)
            let (t1, t2) = (rows[row].totals[0], rows[row].totals[1])
            let (mu1, mu2) = (t1 / size, t2 / size)
            // n·n/(n+n) = n/2: the combined variance of two buckets of n values (Babcock et al.).
            let merged = rows[row].variances[0] + rows[row].variances[1] + size * 0.5 * (mu1 - mu2) * (mu1 - mu2)
            rows[row + 1].totals.append(t1 + t2)
            rows[row + 1].variances.append(merged)
            rows[row].totals.removeFirst(2)
            rows[row].variances.removeFirst(2)
            if rows[row + 1].totals.count <= maxBuckets { break }
            row += 1
        }
    }

    static func bucketSize(_ row: Int) -> Double {
        Double(1 << row)
    }

    /// Drops the oldest bucket; returns how many values it held.
    private mutating func deleteOldest() -> Double {
        let last = rows.count - 1
        let size = Self.bucketSize(last)
        let bucketTotal = rows[last].totals[0], bucketVariance = rows[last].variances[0]
        let bucketMean = bucketTotal / size
        width -= size
        total -= bucketTotal
        if width > 0 {
            let windowMean = total / width
            variance -= bucketVariance + size * width * (bucketMean - windowMean) * (bucketMean - windowMean) / (size + width)
        } else {
            variance = 0
        }
        rows[last].totals.removeFirst()
        rows[last].variances.removeFirst()
        if rows[last].totals.isEmpty && last > 0 { rows.removeLast() }
        return size
    }

    private mutating func detectChange() -> Bool {
        tick += 1
        guard tick % clock == 0, width > Double(gracePeriod) else { return false }
        var detected = false, rescan = true
        while rescan {
            rescan = false
            var n0 = 0.0, n1 = width, u0 = 0.0, u1 = total
            // Cut points from the oldest bucket boundary to the newest (the window's end is none).
            scan: for row in stride(from: rows.count - 1, through: 0, by: -1) {
                let size = Self.bucketSize(row), buckets = rows[row].totals.count
                for k in 0..<buckets {
                    n0 += size
                    n1 -= size
                    u0 += rows[row].totals[k]
                    u1 -= rows[row].totals[k]
                    if row == 0 && k == buckets - 1 { break scan }
                    if n1 >= Double(minWindowLength), n0 >= Double(minWindowLength), cutHolds(n0: n0, n1: n1, meanDifference: u0 / n0 - u1 / n1) {
                        detected = true
                        rescan = true
                        if width > 0 { _ = deleteOldest() }
                        break scan
                    }
                }
            }
        }
        return detected
    }

    /// Whether the means of sub-windows of n0 and n1 values differ by more than ε_cut.
    private func cutHolds(n0: Double, n1: Double, meanDifference: Double) -> Bool {
        let deltaPrime = log(2 * log(width) / delta)
        let m = 1 / (n0 - Double(minWindowLength) + 1) + 1 / (n1 - Double(minWindowLength) + 1)
        let epsilon = (2 * m * (variance / width) * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * m
        return abs(meanDifference) > epsilon
    }
}

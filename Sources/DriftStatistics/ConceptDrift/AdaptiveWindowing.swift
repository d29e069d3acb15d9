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
public struct AdaptiveWindowing: ConceptDriftDetector {
    public let delta: Double
    public let clock: Int
    public let maxBuckets: Int
    public let minWindowLength: Int
    public let gracePeriod: Int

    /// The histogram, row after row: row r holds up to `maxBuckets + 1` buckets of 2^r values
    /// each, oldest first, at `r * stride ..< r * stride + counts[r]`. Row 0 holds single values
    /// (the newest); higher rows are older. Flat arrays, so an update allocates nothing.
    private var totals: [Double]
    private var variances: [Double]
    private var counts: [Int] = [0]
    private let stride: Int
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
        stride = maxBuckets + 1
        totals = Array(repeating: 0, count: stride)
        variances = Array(repeating: 0, count: stride)
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

    @inline(__always)
    private mutating func append(row: Int, total bucketTotal: Double, variance bucketVariance: Double) {
        let slot = row * stride + counts[row]
        totals[slot] = bucketTotal
        variances[slot] = bucketVariance
        counts[row] += 1
    }

    /// Drops the `n` oldest buckets of a row.
    @inline(__always)
    private mutating func dropOldest(_ n: Int, row: Int) {
        let base = row * stride
        for index in 0..<(counts[row] - n) {
            totals[base + index] = totals[base + index + n]
            variances[base + index] = variances[base + index + n]
        }
        counts[row] -= n
    }

    @inline(__always)
    private mutating func insert(_ value: Double) {
        append(row: 0, total: value, variance: 0)
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
    @inline(__always)
    private mutating func compress() {
        var row = 0
        while row < counts.count, counts[row] == maxBuckets + 1 {
            if row + 1 == counts.count {
                counts.append(0)
                totals.append(contentsOf: repeatElement(0, count: stride))
                variances.append(contentsOf: repeatElement(0, count: stride))
            }
            let size = Self.bucketSize(row), base = row * stride
            let (t1, t2) = (totals[base], totals[base + 1])
            let (mu1, mu2) = (t1 / size, t2 / size)
            // n·n/(n+n) = n/2: the combined variance of two buckets of n values (Babcock et al.).
            let merged = variances[base] + variances[base + 1] + size * 0.5 * (mu1 - mu2) * (mu1 - mu2)
            append(row: row + 1, total: t1 + t2, variance: merged)
            dropOldest(2, row: row)
            if counts[row + 1] <= maxBuckets { break }
            row += 1
        }
    }

    static func bucketSize(_ row: Int) -> Double {
        Double(1 << row)
    }

    /// Drops the oldest bucket of the window.
    private mutating func deleteOldest() {
        let last = counts.count - 1, base = last * stride
        let size = Self.bucketSize(last)
        let bucketTotal = totals[base], bucketVariance = variances[base]
        let bucketMean = bucketTotal / size
        width -= size
        total -= bucketTotal
        if width > 0 {
            let windowMean = total / width
            variance -= bucketVariance + size * width * (bucketMean - windowMean) * (bucketMean - windowMean) / (size + width)
        } else {
            variance = 0
        }
        dropOldest(1, row: last)
        if counts[last] == 0 && last > 0 {
            counts.removeLast()
            totals.removeLast(stride)
            variances.removeLast(stride)
        }
    }

    private mutating func detectChange() -> Bool {
        tick += 1
        guard tick % clock == 0, width > Double(gracePeriod) else { return false }
        var detected = false, rescan = true
        while rescan {
            rescan = false
            var n0 = 0.0, n1 = width, u0 = 0.0, u1 = total
            // The part of ε_cut that depends on the window only (it changes only when a bucket goes).
            let deltaPrime = log(2 * log(width) / delta), meanVariance = variance / width
            // Cut points from the oldest bucket boundary to the newest (the window's end is none).
            scan: for row in Swift.stride(from: counts.count - 1, through: 0, by: -1) {
                let size = Self.bucketSize(row), base = row * stride, buckets = counts[row]
                for k in 0..<buckets {
                    n0 += size
                    n1 -= size
                    u0 += totals[base + k]
                    u1 -= totals[base + k]
                    if row == 0 && k == buckets - 1 { break scan }
                    if n1 >= Double(minWindowLength), n0 >= Double(minWindowLength),
                       cutHolds(n0: n0, n1: n1, meanDifference: u0 / n0 - u1 / n1, deltaPrime: deltaPrime, meanVariance: meanVariance) {
                        detected = true
                        rescan = true
                        if width > 0 { deleteOldest() }
                        break scan
                    }
                }
            }
        }
        return detected
    }

    public var name: String { "adwin" }

    /// Whether the means of sub-windows of n0 and n1 values differ by more than ε_cut.
    private func cutHolds(n0: Double, n1: Double, meanDifference: Double, deltaPrime: Double, meanVariance: Double) -> Bool {
        let m = 1 / (n0 - Double(minWindowLength) + 1) + 1 / (n1 - Double(minWindowLength) + 1)
        let epsilon = (2 * m * meanVariance * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * m
        return abs(meanDifference) > epsilon
    }
}

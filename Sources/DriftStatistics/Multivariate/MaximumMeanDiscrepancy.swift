import Foundation

/// The maximum mean discrepancy between two samples of points under a Gaussian kernel
/// k(x, y) = exp(−‖x − y‖² / (2σ²)): the unbiased estimate of MMD² (Gretton, Borgwardt, Rasch,
/// Schölkopf & Smola, "A Kernel Two-Sample Test", JMLR 13, 2012, Lemma 6), the median heuristic for
/// σ as alibi-detect sets it (σ² = half the median squared distance between the two samples), and
/// a permutation p-value over the pooled sample. Points are rows of `dimensions` numbers, stored
/// flat, row after row.
public struct MaximumMeanDiscrepancy: Sendable {
    public let dimensions: Int
    /// Squared distances between every pair of the pooled sample (reference first), row-major.
    let distances: [Double]
    let referenceCount: Int, currentCount: Int

    /// `reference` and `current` hold `dimensions` numbers per point.
    public init(reference: [Double], current: [Double], dimensions: Int) {
        precondition(dimensions > 0 && reference.count % dimensions == 0 && current.count % dimensions == 0)
        self.dimensions = dimensions
        referenceCount = reference.count / dimensions
        currentCount = current.count / dimensions
        let pooled = reference + current, n = referenceCount + currentCount
        var distances = [Double](repeating: 0, count: n * n)
        pooled.withUnsafeBufferPointer { p in
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    var sum = 0.0
                    for d in 0..<dimensions {
                        let difference = p[i * dimensions + d] - p[j * dimensions + d]
                        sum += difference * difference
                    }
                    distances[i * n + j] = sum
                    distances[j * n + i] = sum
                }
            }
        }
        self.distances = distances
    }

    /// σ by the median heuristic: the square root of half the median squared distance between a
    /// reference point and a current one (the lower median of an even count).
    public var medianBandwidth: Double {
        let n = referenceCount + currentCount
        var between: [Double] = []
        between.reserveCapacity(referenceCount * currentCount)
        for i in 0..<referenceCount { for j in referenceCount..<n { between.append(distances[i * n + j]) } }
        guard !between.isEmpty else { return 1 }
        between.sort()
        let median = between[(between.count - 1) / 2]
        return median > 0 ? (median / 2).squareRoot() : 1
    }

    /// The unbiased MMD² with bandwidth σ: the mean kernel within each sample (the diagonal left
    /// out) minus twice the mean kernel between them. Needs two points on each side.
    public func statistic(bandwidth sigma: Double) -> Double {
        let n = referenceCount + currentCount
        let kernel = distances.map { Foundation.exp(-$0 / (2 * sigma * sigma)) }
        return Self.statistic(kernel: kernel, pooled: n, isCurrent: (0..<n).map { $0 >= referenceCount })
    }

    static func statistic(kernel: [Double], pooled n: Int, isCurrent: [Bool]) -> Double {
        var within = [0.0, 0.0], between = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let k = kernel[i * n + j]
                if isCurrent[i] == isCurrent[j] { within[isCurrent[i] ? 1 : 0] += k } else { between += k }
            }
        }
        let m = Double(isCurrent.lazy.filter { !$0 }.count), c = Double(n) - m
        return within[0] / (m * (m - 1)) + within[1] / (c * (c - 1)) - between / (m * c)
    }

    /// The test's outcome: MMD² at the median-heuristic bandwidth and its permutation p-value.
    public struct Result: Sendable, Equatable, Codable {
        public var statistic: Double
        public var pValue: Double
        public var bandwidth: Double
        public var permutations: Int
        public var referenceCount: Int
        public var currentCount: Int
        /// Numbers per point compared (fewer than the vectors' when they were projected first).
        public var dimensions: Int?

        public init(statistic: Double, pValue: Double, bandwidth: Double, permutations: Int, referenceCount: Int, currentCount: Int, dimensions: Int? = nil) {
            self.statistic = statistic
            self.pValue = pValue
            self.bandwidth = bandwidth
            self.permutations = permutations
            self.referenceCount = referenceCount
            self.currentCount = currentCount
            self.dimensions = dimensions
        }
    }

    /// The two-sample test at the median-heuristic bandwidth, with the p-value
    /// (1 + #{permuted MMD² ≥ observed}) / (1 + permutations), which is never 0 and keeps its size
    /// (Phipson & Smyth, "Permutation p-values should never be zero", 2010). A permutation draws a
    /// random group the size of the smaller sample and sums the kernel within it only (row sums of
    /// the whole matrix give the rest), so each costs the smaller sample's size squared. The
    /// generator is seeded, so a report is reproducible.
    public func test(permutations: Int, seed: UInt64 = 0x6d6d_6474_6573_74) -> Result {
        let n = referenceCount + currentCount
        let sigma = medianBandwidth
        let scale = -1 / (2 * sigma * sigma)
        var kernel = [Double](repeating: 0, count: n * n)
        var rowSums = [Double](repeating: 0, count: n)
        distances.withUnsafeBufferPointer { d in
            kernel.withUnsafeMutableBufferPointer { k in
                for i in 0..<n {
                    var sum = 0.0
                    for j in 0..<n where j != i {
                        let value = Foundation.exp(d[i * n + j] * scale)
                        k[i * n + j] = value
                        sum += value
                    }
                    rowSums[i] = sum
                }
            }
        }
        let total = rowSums.reduce(0, +)
        let smallerIsCurrent = currentCount <= referenceCount
        let size = min(referenceCount, currentCount), other = n - size
        func statistic(_ group: UnsafeBufferPointer<Int>) -> Double {
            var within = 0.0, outward = 0.0
            kernel.withUnsafeBufferPointer { k in
                for i in group {
                    outward += rowSums[i]
                    let row = i * n
                    for j in group { within += k[row + j] }
                }
            }
            let between = 2 * (outward - within)
            let withinOther = total - between - within
            return within / Double(size * (size - 1)) + withinOther / Double(other * (other - 1)) - between / Double(size * other)
        }
        // The smaller sample's points first: they are the group whose kernel is summed.
        var indices = smallerIsCurrent ? Array(referenceCount..<n) + Array(0..<referenceCount) : Array(0..<n)
        let observed = indices.withUnsafeBufferPointer { statistic(UnsafeBufferPointer(rebasing: $0[0..<size])) }
        var generator = SplitMix64(seed: seed)
        var atLeast = 0
        for _ in 0..<permutations {
            for i in 0..<size { indices.swapAt(i, Int.random(in: i..<n, using: &generator)) }
            let permuted = indices.withUnsafeBufferPointer { statistic(UnsafeBufferPointer(rebasing: $0[0..<size])) }
            if permuted >= observed { atLeast += 1 }
        }
        return Result(statistic: observed, pValue: Double(1 + atLeast) / Double(1 + permutations), bandwidth: sigma,
                      permutations: permutations, referenceCount: referenceCount, currentCount: currentCount, dimensions: dimensions)
    }
}

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

    /// The share of `permutations` random relabellings of the pooled sample (same sizes) whose
    /// MMD² is at least the observed one (alibi-detect's convention).
    public func pValue(bandwidth sigma: Double, permutations: Int, generator: inout some RandomNumberGenerator) -> Double {
        let n = referenceCount + currentCount
        let kernel = distances.map { Foundation.exp(-$0 / (2 * sigma * sigma)) }
        var labels = (0..<n).map { $0 >= referenceCount }
        let observed = Self.statistic(kernel: kernel, pooled: n, isCurrent: labels)
        var atLeast = 0
        for _ in 0..<permutations {
            labels.shuffle(using: &generator)
            if Self.statistic(kernel: kernel, pooled: n, isCurrent: labels) >= observed { atLeast += 1 }
        }
        return Double(atLeast) / Double(max(permutations, 1))
    }
}

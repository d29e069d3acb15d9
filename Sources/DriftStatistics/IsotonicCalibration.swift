/// A monotone map from a classifier's scores to calibrated probabilities, fitted by isotonic
/// regression: the pool-adjacent-violators algorithm over the scores sorted ascending (equal
/// scores first merged into one point, their labels averaged), then linear interpolation between
/// the fitted points and clipping outside them — the calibration of B. Zadrozny & C. Elkan, KDD
/// 2002, computed as scikit-learn's `IsotonicRegression(out_of_bounds="clip")` does.
public struct IsotonicCalibration: Sendable, Equatable {
    /// The distinct scores, ascending, and the fitted probability at each.
    public private(set) var scores: [Double]
    public private(set) var probabilities: [Double]

    /// Nil without a finite score.
    public init?(scores raw: [Double], labels: [Bool]) {
        precondition(raw.count == labels.count)
        let pairs = zip(raw, labels).filter { $0.0.isFinite }.sorted { $0.0 < $1.0 }
        guard !pairs.isEmpty else { return nil }
        // Distinct scores with the mean label and the count of each.
        var xs: [Double] = [], means: [Double] = [], weights: [Double] = []
        for (score, label) in pairs {
            if let last = xs.last, last == score {
                means[means.count - 1] += label ? 1 : 0
                weights[weights.count - 1] += 1
            } else {
                xs.append(score)
                means.append(label ? 1 : 0)
                weights.append(1)
            }
        }
        for index in means.indices { means[index] /= weights[index] }
        // Pool adjacent violators: blocks of (mean, weight, length), merged while decreasing.
        var blockMeans: [Double] = [], blockWeights: [Double] = [], blockLengths: [Int] = []
        for index in xs.indices {
            var mean = means[index], weight = weights[index], length = 1
            while let previous = blockMeans.last, previous >= mean {
                let previousWeight = blockWeights.removeLast()
                blockMeans.removeLast()
                mean = (previous * previousWeight + mean * weight) / (previousWeight + weight)
                weight += previousWeight
                length += blockLengths.removeLast()
            }
            blockMeans.append(mean)
            blockWeights.append(weight)
            blockLengths.append(length)
        }
        scores = xs
        probabilities = zip(blockMeans, blockLengths).flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    /// The calibrated probability of a score: interpolated between the fitted points, clipped
    /// to the first and last outside them.
    public func calibrate(_ score: Double) -> Double {
        guard score.isFinite else { return .nan }
        if score <= scores[0] { return probabilities[0] }
        if score >= scores[scores.count - 1] { return probabilities[probabilities.count - 1] }
        var low = 0, high = scores.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if scores[middle] <= score { low = middle } else { high = middle }
        }
        let t = (score - scores[low]) / (scores[high] - scores[low])
        return probabilities[low] + t * (probabilities[high] - probabilities[low])
    }
}

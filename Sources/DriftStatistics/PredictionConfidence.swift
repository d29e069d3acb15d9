/// How sure a binary classifier is over a window of its predicted probabilities: the mean
/// confidence (max(p, 1 − p)), the share of predictions whose confidence is below a threshold,
/// and the probabilities' histogram over ten equal bins of [0, 1].
///
/// A model losing its footing often grows less sure before its labels can show it; these are
/// proxies to watch while ground truth is still on its way.
public struct PredictionConfidence: Sendable, Equatable, Codable {
    public var count: Int
    public var meanConfidence: Double
    public var lowConfidenceRatio: Double
    /// Rows per bin: bin i holds probabilities in [i/10, (i+1)/10), the last one includes 1 (the
    /// edges are the doubles nearest to i/10, so 0.3 opens bin 3).
    public var histogram: [Int]

    /// Nil when no probability is finite and within [0, 1].
    public init?(probabilities: [Double], lowBelow threshold: Double) {
        var count = 0, sum = 0.0, low = 0
        var histogram = Array(repeating: 0, count: 10)
        for p in probabilities where p.isFinite && p >= 0 && p <= 1 {
            let confidence = max(p, 1 - p)
            count += 1
            sum += confidence
            if confidence < threshold { low += 1 }
            histogram[Self.bin(p)] += 1
        }
        guard count > 0 else { return nil }
        self.count = count
        meanConfidence = sum / Double(count)
        lowConfidenceRatio = Double(low) / Double(count)
        self.histogram = histogram
    }

    /// The bin of a probability in [0, 1]: p · 10 can round across an edge, so it is checked
    /// against the edges themselves.
    static func bin(_ p: Double) -> Int {
        var bin = min(Int(p * 10), 9)
        if p < Double(bin) / 10 { bin -= 1 } else if bin < 9 && p >= Double(bin + 1) / 10 { bin += 1 }
        return bin
    }
}

/// Confidence-based performance estimation (CBPE) for a binary classifier, before labels come:
/// with calibrated probabilities p, each prediction of the positive class is a true positive with
/// probability p and a false positive with 1 − p (a negative prediction: a false negative with p,
/// a true negative with 1 − p), so the confusion matrix, and every metric built on it, has an
/// expected value. ROC AUC is estimated from the expected true- and false-positive counts along
/// the scores in descending order.
///
/// Reference: NannyML's CBPE (docs.nannyml.com, "Confidence-based Performance Estimation"); valid
/// while the calibration (fitted on the reference) still holds, i.e. under covariate shift
/// without concept drift.
public struct ConfidenceBasedPerformance: Sendable, Equatable, Codable {
    public var count: Int
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var rocAUC: Double?

    /// `scores`: the model's scores (its decision is score ≥ `threshold`); `calibrated`: the
    /// calibrated probabilities of the same rows. Nil without a finite pair.
    public init?(scores: [Double], calibrated: [Double], threshold: Double = 0.5) {
        precondition(scores.count == calibrated.count)
        var tp = 0.0, fp = 0.0, fn = 0.0, tn = 0.0, count = 0
        var pairs: [(score: Double, p: Double)] = []
        for (score, p) in zip(scores, calibrated) where score.isFinite && p.isFinite {
            count += 1
            pairs.append((score, p))
            if score >= threshold { tp += p; fp += 1 - p } else { fn += p; tn += 1 - p }
        }
        guard count > 0 else { return nil }
        self.count = count
        accuracy = (tp + tn) / Double(count)
        precision = tp + fp > 0 ? tp / (tp + fp) : .nan
        recall = tp + fn > 0 ? tp / (tp + fn) : .nan
        f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : .nan
        rocAUC = Self.expectedAUC(pairs)
    }

    /// The trapezoidal area under the curve of expected TPR against expected FPR, the rows taken
    /// in descending score order (ties in the order given, as a stable sort leaves them).
    static func expectedAUC(_ pairs: [(score: Double, p: Double)]) -> Double? {
        let ordered = pairs.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset > $1.offset }.map(\.element.p)
        let positives = ordered.reduce(0, +), negatives = Double(ordered.count) - positives
        guard positives > 0, negatives > 0 else { return nil }
        var area = 0.0, tps = 0.0, fps = 0.0
        for p in ordered {
            let (nextTP, nextFP) = (tps + p, fps + 1 - p)
            area += (nextFP - fps) / negatives * (tps + nextTP) / positives / 2
            (tps, fps) = (nextTP, nextFP)
        }
        return area
    }
}

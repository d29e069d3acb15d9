import Foundation

/// Quality of binary predictions (positive class = `true`), with sklearn's definitions and
/// `zero_division=0`.
public struct BinaryClassificationMetrics: Sendable, Equatable, Codable {
    public var count: Int
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Mean cross-entropy of the predicted probabilities, clipped to `[ε, 1 − ε]`; nil without probabilities.
    public var logLoss: Double?
    /// Area under the ROC curve; nil without probabilities or when only one class is present.
    public var rocAUC: Double?

    /// - Parameters:
    ///   - actual: true labels.
    ///   - predicted: predicted labels.
    ///   - probabilities: predicted probability of the positive class, if the model gives one.
    public init(actual: [Bool], predicted: [Bool], probabilities: [Double]? = nil) {
        precondition(actual.count == predicted.count && !actual.isEmpty)
        var tp = 0, fp = 0, fn = 0, tn = 0
        for (y, p) in zip(actual, predicted) {
            switch (y, p) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            }
        }
        count = actual.count
        accuracy = Double(tp + tn) / Double(count)
        precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
        f1 = 2 * tp + fp + fn == 0 ? 0 : Double(2 * tp) / Double(2 * tp + fp + fn)
        if let probabilities {
            precondition(probabilities.count == actual.count)
            logLoss = Self.logLoss(actual: actual, probabilities: probabilities)
            rocAUC = Self.rocAUC(actual: actual, scores: probabilities)
        }
    }

    static func logLoss(actual: [Bool], probabilities: [Double]) -> Double {
        let eps = Double.ulpOfOne
        var sum = 0.0
        for (y, p) in zip(actual, probabilities) {
            let clipped = Swift.min(Swift.max(p, eps), 1 - eps)
            sum -= y ? log(clipped) : log(1 - clipped)
        }
        return sum / Double(actual.count)
    }

    /// AUC as the Mann–Whitney statistic with mid-ranks for tied scores, which equals the
    /// trapezoidal area under the ROC curve.
    public static func rocAUC(actual: [Bool], scores: [Double]) -> Double? {
        let positives = actual.filter { $0 }.count
        let negatives = actual.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end where actual[order[k]] { rankSum += midRank }
            start = end + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }
}

/// Quality of multi-class predictions: accuracy and macro-averaged F1 over every label seen in
/// either the truth or the predictions (sklearn's `f1_score(average="macro")`, `zero_division=0`).
public struct MulticlassMetrics: Sendable, Equatable, Codable {
    public var count: Int
    public var accuracy: Double
    public var macroF1: Double

    public init<Label: Hashable>(actual: [Label], predicted: [Label]) {
        precondition(actual.count == predicted.count && !actual.isEmpty)
        var truePositives: [Label: Int] = [:], actualCounts: [Label: Int] = [:], predictedCounts: [Label: Int] = [:]
        var correct = 0
        for (y, p) in zip(actual, predicted) {
            actualCounts[y, default: 0] += 1
            predictedCounts[p, default: 0] += 1
            if y == p {
                correct += 1
                truePositives[y, default: 0] += 1
            }
        }
        let labels = Set(actualCounts.keys).union(predictedCounts.keys)
        var f1Sum = 0.0
        for label in labels {
            let tp = truePositives[label, default: 0]
            let denominator = actualCounts[label, default: 0] + predictedCounts[label, default: 0]
            f1Sum += denominator == 0 ? 0 : Double(2 * tp) / Double(denominator)
        }
        count = actual.count
        accuracy = Double(correct) / Double(count)
        macroF1 = f1Sum / Double(labels.count)
    }
}

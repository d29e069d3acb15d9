import DriftwatchData
import DriftwatchLearning

/// The error of one labelled row, as the concept-drift detectors see it.
enum RowError {
    /// Regression: the absolute error divided by `scale` (the reference version's validation MAE,
    /// so that thresholds mean the same for every model); binary classification: 1 for a miss
    /// (probability ≥ 0.5 against a negative, or below it against a positive), 0 for a hit. Nil
    /// when the truth is unusable (missing, not a number for a regressor).
    static func of(prediction: Double, truth: FeatureInput, task: LearningTask, positiveClass: String, scale: Double) -> Double? {
        guard prediction.isFinite else { return nil }
        switch (task, truth) {
        case (.regression, .number(let actual)):
            return actual.isFinite ? abs(actual - prediction) / scale : nil
        case (.regression, .text(let text)):
            guard let actual = NumberParser.parse(text), actual.isFinite else { return nil }
            return abs(actual - prediction) / scale
        case (.binaryClassification, .text(let text)):
            return (text == positiveClass) == (prediction >= 0.5) ? 0 : 1
        case (.binaryClassification, .number(let value)):
            return (value == (Double(positiveClass) ?? 1)) == (prediction >= 0.5) ? 0 : 1
        default:
            return nil
        }
    }
}

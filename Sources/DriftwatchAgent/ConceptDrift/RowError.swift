import DriftwatchLearning

/// The error of one labelled row, as the concept-drift detectors see it.
enum RowError {
    /// Regression: the absolute error divided by `scale` (the reference version's validation MAE,
    /// so that thresholds mean the same for every model); binary classification: 1 for a miss
    /// (probability ≥ 0.5 against a negative, or below it against a positive), 0 for a hit. Nil
    /// when the truth is unusable (missing, not a number for a regressor).
    static func of(prediction: Double, truth: FeatureInput, task: LearningTask, positiveClass: String, scale: Double) -> Double? {
        guard prediction.isFinite, let truth = Truth(truth, task: task, positiveClass: positiveClass) else { return nil }
        switch truth {
        case .value(let actual): return abs(actual - prediction) / scale
        case .positive(let positive): return positive == (prediction >= 0.5) ? 0 : 1
        }
    }
}

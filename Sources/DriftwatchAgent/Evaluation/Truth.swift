import DriftwatchData
import DriftwatchLearning

/// Ground truth as a task reads it: a regressor's true value, or whether a classifier's truth is
/// the positive class. Nil when it is unusable (missing, or not a finite number for a regressor).
enum Truth {
    case value(Double)
    case positive(Bool)

    init?(_ truth: FeatureInput, task: LearningTask, positiveClass: String) {
        switch (task, truth) {
        case (.regression, .number(let value)) where value.isFinite:
            self = .value(value)
        case (.regression, .text(let text)):
            guard let value = NumberParser.parse(text), value.isFinite else { return nil }
            self = .value(value)
        case (.binaryClassification, .text(let text)):
            self = .positive(text == positiveClass)
        case (.binaryClassification, .number(let value)):
            self = .positive(value == (Double(positiveClass) ?? 1))
        default:
            return nil
        }
    }
}

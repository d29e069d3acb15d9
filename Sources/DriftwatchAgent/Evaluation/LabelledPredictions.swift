import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// The window's rows that have both a prediction and ground truth, as aligned arrays: what
/// accuracy, segment quality and fairness are computed from.
struct LabelledPredictions: Sendable {
    /// Position of each labelled row among the window's rows (the order of `WindowContents.slots`).
    var rows: [Int] = []
    var predicted: [Double] = []
    /// Regression: the true values.
    var actual: [Double] = []
    /// Binary classification: whether the truth is the positive class.
    var labels: [Bool] = []

    init(_ contents: WindowContents, schema: Schema, task: LearningTask, positiveClass: String) {
        guard let predictionColumn = schema.columns.firstIndex(where: { $0.role == .prediction }),
              let predictions = contents.numericValues(column: predictionColumn) else { return }
        let truths = contents.truths(targetColumn: schema.columns.firstIndex { $0.role == .target })
        for (row, (truth, prediction)) in zip(truths, predictions).enumerated() {
            guard let truth, prediction.isFinite, let reading = Truth(truth, task: task, positiveClass: positiveClass) else { continue }
            switch reading {
            case .value(let value): actual.append(value)
            case .positive(let positive): labels.append(positive)
            }
            rows.append(row)
            predicted.append(prediction)
        }
    }

    var count: Int { rows.count }

    /// The labelled rows at these positions of `rows`.
    func subset(_ positions: [Int]) -> LabelledPredictions {
        var subset = LabelledPredictions()
        subset.rows = positions.map { rows[$0] }
        subset.predicted = positions.map { predicted[$0] }
        if !actual.isEmpty { subset.actual = positions.map { actual[$0] } }
        if !labels.isEmpty { subset.labels = positions.map { labels[$0] } }
        return subset
    }

    private init() {}

    /// Quality over these rows; nil when there are none.
    func accuracy(task: LearningTask) -> Accuracy? {
        guard count > 0 else { return nil }
        switch task {
        case .regression: return .regression(RegressionMetrics(actual: actual, predicted: predicted))
        case .binaryClassification:
            return .classification(BinaryClassificationMetrics(actual: labels, predicted: predicted.map { $0 >= 0.5 }, probabilities: predicted))
        }
    }

    /// Per row, what the segment test compares: the squared error (regression), 1 for a hit (classification).
    func outcomes(task: LearningTask) -> [Double] {
        switch task {
        case .regression: return zip(actual, predicted).map { ($0 - $1) * ($0 - $1) }
        case .binaryClassification: return zip(labels, predicted).map { $0 == ($1 >= 0.5) ? 1 : 0 }
        }
    }
}

import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation

/// Evaluates a window of production rows against the reference profile: drift per column and for
/// the dataset (the same evaluator as `driftwatch check`), plus accuracy over labelled rows.
public struct WindowEvaluator: Sendable {
    public var model: String
    public var profile: ReferenceProfile
    public var options: DriftOptions
    /// What the model predicts, for choosing the accuracy metrics.
    public var task: LearningTask
    /// For classification: the target value that counts as positive.
    public var positiveClass: String

    public init(model: String, profile: ReferenceProfile, options: DriftOptions, task: LearningTask = .regression, positiveClass: String = "1") {
        self.model = model
        self.profile = profile
        self.options = options
        self.task = task
        self.positiveClass = positiveClass
    }

    var targetColumn: String? { profile.schema.names(withRole: .target).first }
    var predictionColumn: String? { profile.schema.names(withRole: .prediction).first }

    public func evaluate(_ rows: [ObservedRow], modelVersion: Int? = nil, now: Double = Date().timeIntervalSince1970) async throws -> Snapshot {
        let start = ContinuousClock.now
        // Ground truth that arrived as a label stands in for the target column's value.
        let completed = rows.map { row -> ObservedRow in
            guard let target = targetColumn, row.values[target] == nil, let actual = row.actual else { return row }
            var copy = row
            copy.values[target] = actual
            return copy
        }
        let (batch, violations) = WindowBatch.make(completed, schema: profile.schema)
        // One column after another: the agent's HTTP server keeps the other cores while it evaluates.
        let report = try await DriftEvaluator(options: options, concurrent: false).evaluate(profile: profile, current: batch, source: "window")
        let elapsed = ContinuousClock.now - start
        return Snapshot(model: model, modelVersion: modelVersion, evaluatedAt: now,
                        duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                        windowRows: rows.count, report: report, accuracy: accuracy(rows), violations: violations)
    }

    /// Accuracy over rows that have both a prediction and ground truth.
    func accuracy(_ rows: [ObservedRow]) -> Accuracy? {
        guard let predictionColumn else { return nil }
        var actual: [Double] = [], predicted: [Double] = [], labels: [Bool] = []
        for row in rows {
            guard let truth = row.actual ?? targetColumn.flatMap({ row.values[$0] }), truth != .missing,
                  case .number(let prediction)? = row.values[predictionColumn], prediction.isFinite else { continue }
            switch (task, truth) {
            case (.regression, .number(let value)) where value.isFinite:
                actual.append(value)
                predicted.append(prediction)
            case (.regression, .text(let text)):
                guard let value = NumberParser.parse(text), value.isFinite else { continue }
                actual.append(value)
                predicted.append(prediction)
            case (.binaryClassification, .text(let text)):
                labels.append(text == positiveClass)
                predicted.append(prediction)
            case (.binaryClassification, .number(let value)):
                labels.append(value == (Double(positiveClass) ?? 1))
                predicted.append(prediction)
            default:
                continue
            }
        }
        switch task {
        case .regression:
            return actual.isEmpty ? nil : .regression(RegressionMetrics(actual: actual, predicted: predicted))
        case .binaryClassification:
            return labels.isEmpty ? nil : .classification(BinaryClassificationMetrics(actual: labels, predicted: predicted.map { $0 >= 0.5 }, probabilities: predicted))
        }
    }
}

import DriftwatchData
import DriftwatchLearning

/// Compares models on one metric: the gate between a challenger and the champion on the same
/// held-out rows, and the verification of a promoted model in production.
public enum ModelGate {
    public struct Failure: DriftwatchError, Equatable {
        public var message: String
        public var description: String { message }
    }

    /// The metric of a model's predictions on rows with ground truth in the target column.
    public static func score(_ artifact: ModelArtifact, on batch: ColumnarBatch, metric: String) throws -> Double {
        let predictions = try artifact.model.predict(batch)
        let positive = artifact.model.positiveClass ?? "1"
        var actual: [Double] = [], predicted: [Double] = []
        for row in 0..<batch.rowCount where predictions[row].isFinite {
            switch batch.column(named: artifact.target) {
            case .numeric(let column)? where !column.values[row].isNaN:
                let value = column.values[row]
                actual.append(artifact.model.task == .regression ? value : (value == (Double(positive) ?? 1) ? 1 : 0))
            case .categorical(let column)?:
                guard let value = column.value(at: row) else { continue }
                if artifact.model.task == .regression {
                    guard let number = NumberParser.parse(value) else { continue }
                    actual.append(number)
                } else {
                    actual.append(value == positive ? 1 : 0)
                }
            default:
                continue
            }
            predicted.append(predictions[row])
        }
        guard !actual.isEmpty else { throw Failure(message: "no held-out row has a value for the target '\(artifact.target)'") }
        guard let value = TrainingPipeline.metrics(task: artifact.model.task, actual: actual, predicted: predicted)[metric], value.isFinite else {
            throw Failure(message: "metric '\(metric)' is not defined on the held-out rows of a \(artifact.model.task.rawValue) model")
        }
        return value
    }

    /// Whether `challenger` beats `champion` by at least `margin` (a share of the champion's score).
    public static func beats(_ challenger: Double, _ champion: Double, metric: String, margin: Double) -> Bool {
        if TrainingPipeline.higherIsBetter(metric) { return challenger >= champion + margin * abs(champion) && challenger > champion }
        return challenger <= champion - margin * abs(champion) && challenger < champion
    }

    /// Whether `live` is worse than `reference` by more than `margin` (a share of the reference).
    public static func isWorse(_ live: Double, than reference: Double, metric: String, margin: Double) -> Bool {
        if TrainingPipeline.higherIsBetter(metric) { return live < reference - margin * abs(reference) }
        return live > reference + margin * abs(reference)
    }
}

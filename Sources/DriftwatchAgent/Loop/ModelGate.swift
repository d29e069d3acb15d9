import DriftStatistics
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
        let (actual, predicted) = try labelled(artifact, on: batch)
        guard let value = TrainingPipeline.metrics(task: artifact.model.task, actual: actual, predicted: predicted)[metric], value.isFinite else {
            throw Failure(message: "metric '\(metric)' is not defined on the held-out rows of a \(artifact.model.task.rawValue) model")
        }
        return value
    }

    /// Whether a model has the relation the right way round on rows with ground truth: Pearson's
    /// correlation of its predictions with the truth for a regressor, 2·AUC − 1 for a classifier.
    /// Both are 1 for a model that orders the rows as the truth does, 0 for one that orders them no
    /// better than chance and −1 for one that orders them backwards — what a model trained on
    /// inverted labels does. Neither moves when a real change of concept shifts or rescales the
    /// target (every ride taking longer), which the rows' R² would punish as hard as poisoning.
    public static func skill(_ artifact: ModelArtifact, on batch: ColumnarBatch) throws -> Double {
        let (actual, predicted) = try labelled(artifact, on: batch)
        let value = artifact.model.task == .regression ? Correlation.pearson(predicted, actual)
            : TrainingPipeline.metrics(task: artifact.model.task, actual: actual, predicted: predicted)["roc_auc"].map { 2 * $0 - 1 }
        guard let value, value.isFinite else {
            throw Failure(message: "the trusted rows cannot tell how the model orders them (their target, or its predictions, are constant, or they hold one class only)")
        }
        return value
    }

    /// The target and the model's prediction of every row with ground truth.
    static func labelled(_ artifact: ModelArtifact, on batch: ColumnarBatch) throws -> (actual: [Double], predicted: [Double]) {
        let (actual, predicted) = artifact.labelled(batch, predictions: try artifact.model.predict(batch))
        guard !actual.isEmpty else { throw Failure(message: "no row has a value for the target '\(artifact.target)'") }
        return (actual, predicted)
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

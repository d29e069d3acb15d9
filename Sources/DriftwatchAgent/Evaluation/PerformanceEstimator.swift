import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// Quality estimated before the labels come, over every prediction of the window: for a binary
/// classifier by confidence-based performance estimation (CBPE, an isotonic calibration fitted on
/// the reference's predictions and labels), for a regressor by direct loss estimation (DLE).
public enum PerformanceEstimator: Sendable {
    case confidenceBased(calibration: IsotonicCalibration, predictionColumn: String)
    case directLoss(LossEstimator, predictionColumn: String)

    /// Fits on the reference file's rows for the task. `source`/`line` name the config key errors are about.
    public static func fit(reference: ColumnarBatch, task: LearningTask, positiveClass: String, source: String, line: Int?) throws -> PerformanceEstimator {
        switch task {
        case .binaryClassification:
            return try fitConfidenceBased(reference: reference, positiveClass: positiveClass, source: source, line: line)
        case .regression:
            let prediction = reference.schema.columns.first { $0.role == .prediction }?.name ?? ""
            return .directLoss(try LossEstimator.fit(reference: reference, source: source, line: line), predictionColumn: prediction)
        }
    }

    /// Fits the calibration on the reference's prediction (probability) and target columns.
    static func fitConfidenceBased(reference: ColumnarBatch, positiveClass: String, source: String, line: Int?) throws -> PerformanceEstimator {
        func fail(_ message: String) -> DataError { DataError(file: source, line: line, "estimate_performance: " + message) }
        guard let prediction = reference.schema.columns.first(where: { $0.role == .prediction }),
              case .numeric(let scores)? = reference.column(named: prediction.name) else {
            throw fail("the reference needs the model's predicted probabilities in a numeric column with role prediction")
        }
        guard let target = reference.schema.columns.first(where: { $0.role == .target }), let truth = reference.column(named: target.name) else {
            throw fail("the reference needs the labels in a column with role target")
        }
        var pairs: [(Double, Bool)] = []
        for row in 0..<reference.rowCount {
            let score = scores.values[row]
            guard !score.isNaN else { continue }
            guard score >= 0 && score <= 1 else {
                throw fail("'\(prediction.name)' holds \(score) in reference row \(row + 1): CBPE needs predicted probabilities in [0, 1]")
            }
            switch truth {
            case .numeric(let column) where !column.values[row].isNaN: pairs.append((score, column.values[row] == (Double(positiveClass) ?? 1)))
            case .categorical(let column): if let value = column.value(at: row) { pairs.append((score, value == positiveClass)) }
            default: continue
            }
        }
        guard Set(pairs.map(\.1)).count == 2, let calibration = IsotonicCalibration(scores: pairs.map(\.0), labels: pairs.map(\.1)) else {
            throw fail("the reference needs labelled rows of both classes to calibrate on (found \(pairs.count) labelled rows)")
        }
        return .confidenceBased(calibration: calibration, predictionColumn: prediction.name)
    }

    /// The estimate over the window's predictions; nil when it holds none usable.
    func estimate(_ contents: WindowContents) -> EstimatedQuality? {
        switch self {
        case .confidenceBased(let calibration, let predictionColumn):
            guard let column = contents.schema.columns.firstIndex(where: { $0.name == predictionColumn }),
                  let scores = contents.numericValues(column: column)?.filter({ $0.isFinite && $0 >= 0 && $0 <= 1 }),
                  let estimate = ConfidenceBasedPerformance(scores: scores, calibrated: scores.map(calibration.calibrate)) else { return nil }
            return .classification(estimate)
        case .directLoss(let estimator, let predictionColumn):
            let batch = contents.batch()
            guard case .numeric(let predictions)? = batch.column(named: predictionColumn) else { return nil }
            let rows = predictions.values.indices.filter { predictions.values[$0].isFinite }
            guard let estimate = estimator.estimate(batch.selecting(rows: rows)) else { return nil }
            return .regression(mae: estimate.mae, rmse: estimate.rmse, count: estimate.count)
        }
    }
}

/// Quality estimated without labels, by metric.
public enum EstimatedQuality: Sendable, Equatable, Codable {
    case classification(ConfidenceBasedPerformance)
    case regression(mae: Double, rmse: Double, count: Int)

    /// The estimates by the names `driftwatch_model_quality` uses.
    public var byName: [(name: String, value: Double)] {
        switch self {
        case .classification(let e):
            var metrics = [("accuracy", e.accuracy), ("precision", e.precision), ("recall", e.recall), ("f1", e.f1)]
            if let auc = e.rocAUC { metrics.append(("roc_auc", auc)) }
            return metrics
        case .regression(let mae, let rmse, _):
            return [("mae", mae), ("rmse", rmse)]
        }
    }
}

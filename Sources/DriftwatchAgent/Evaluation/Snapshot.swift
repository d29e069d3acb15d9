import DriftStatistics
import DriftwatchData
import DriftwatchReport

/// The outcome of one evaluation of the window: immutable, rendered by the exporter and the
/// status page until the next one replaces it.
public struct Snapshot: Sendable {
    public var model: String
    public var modelVersion: Int?
    /// Seconds since 1970 when the evaluation finished.
    public var evaluatedAt: Double
    /// How long the evaluation took, in seconds.
    public var duration: Double
    public var windowRows: Int
    /// Per-column measures and the dataset verdict, as `driftwatch check` reports them.
    public var report: DriftReport
    /// Quality over the rows whose ground truth arrived; nil when none has.
    public var accuracy: Accuracy?
    public var violations: SchemaViolations
    /// Validation metrics of the registry version whose profile was the reference.
    public var referenceQuality: [String: Double] = [:]
    /// A classifier's confidence over the window's predictions (nil for a regressor).
    public var confidence: PredictionConfidence?
    /// Quality estimated over every prediction of the window, labels or not (CBPE, DLE).
    public var estimated: EstimatedQuality?
    /// Quality, significance and fairness per segment of the configured segment columns.
    public var segments: [SegmentResult] = []
    /// Concept-drift detections on the error stream since the previous snapshot.
    public var conceptDrift: [ConceptDriftMonitor.Detection] = []
    /// The challenger against the champion on labelled rows (nil until rows of two versions came).
    public var comparison: ChallengerComparison?
}

/// Model quality over the labelled rows of a window.
public enum Accuracy: Sendable, Equatable {
    case regression(RegressionMetrics)
    case classification(BinaryClassificationMetrics)

    public var labelledRows: Int {
        switch self {
        case .regression(let metrics): metrics.count
        case .classification(let metrics): metrics.count
        }
    }

    /// The metrics by the names training and `/metrics` use (`rmse`, `mae`, …; `accuracy`, `log_loss`, …).
    public var byName: [(name: String, value: Double)] {
        switch self {
        case .regression(let m):
            return [("rmse", m.rootMeanSquaredError), ("mae", m.meanAbsoluteError), ("mape", m.meanAbsolutePercentageError), ("r2", m.r2), ("mean_error", m.meanError)]
        case .classification(let m):
            var metrics = [("accuracy", m.accuracy), ("precision", m.precision), ("recall", m.recall), ("f1", m.f1)]
            if let logLoss = m.logLoss { metrics.append(("log_loss", logLoss)) }
            if let auc = m.rocAUC { metrics.append(("roc_auc", auc)) }
            return metrics
        }
    }

    public func metric(_ name: String) -> Double? {
        byName.first { $0.name == name }?.value
    }
}

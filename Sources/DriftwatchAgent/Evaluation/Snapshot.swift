import DriftStatistics
import DriftwatchData
import DriftwatchReport

/// The outcome of one evaluation of the window: immutable, rendered by the exporter and the
/// status page until the next one replaces it.
public struct Snapshot: Sendable, Codable {
    public let model: String
    public let modelVersion: Int?
    /// Seconds since 1970 when the evaluation finished.
    public let evaluatedAt: Double
    /// How long the evaluation took, in seconds.
    public let duration: Double
    public let windowRows: Int
    /// Per-column measures and the dataset verdict, as `driftwatch check` reports them.
    public let report: DriftReport
    /// Quality over the rows whose ground truth arrived; nil when none has.
    public let accuracy: Accuracy?
    public let violations: SchemaViolations
    /// Validation metrics of the registry version whose profile was the reference.
    public let referenceQuality: [String: Double]
    /// A classifier's confidence over the window's predictions (nil for a regressor).
    public let confidence: PredictionConfidence?
    /// Quality estimated over every prediction of the window, labels or not (CBPE, DLE).
    public let estimated: EstimatedQuality?
    /// Quality, significance and fairness per segment of the configured segment columns.
    public let segments: [SegmentResult]
    /// Concept-drift detections on the error stream since the previous snapshot.
    public let conceptDrift: [ConceptDriftMonitor.Detection]
    /// The challenger against the champion on labelled rows (nil until rows of two versions came).
    public let comparison: ChallengerComparison?

    public init(model: String, modelVersion: Int?, evaluatedAt: Double, duration: Double, windowRows: Int, report: DriftReport, accuracy: Accuracy?,
                violations: SchemaViolations, context: Context = Context(), confidence: PredictionConfidence? = nil, estimated: EstimatedQuality? = nil,
                segments: [SegmentResult] = []) {
        self.model = model
        self.modelVersion = modelVersion
        self.evaluatedAt = evaluatedAt
        self.duration = duration
        self.windowRows = windowRows
        self.report = report
        self.accuracy = accuracy
        self.violations = violations
        referenceQuality = context.referenceQuality
        conceptDrift = context.conceptDrift
        comparison = context.comparison
        self.confidence = confidence
        self.estimated = estimated
        self.segments = segments
    }

    /// What the agent knows beside the window and hands to its evaluation: the reference's
    /// validation metrics, the concept-drift detections since the last snapshot, the version comparison.
    public struct Context: Sendable {
        public var referenceQuality: [String: Double]
        public var conceptDrift: [ConceptDriftMonitor.Detection]
        public var comparison: ChallengerComparison?

        public init(referenceQuality: [String: Double] = [:], conceptDrift: [ConceptDriftMonitor.Detection] = [], comparison: ChallengerComparison? = nil) {
            self.referenceQuality = referenceQuality
            self.conceptDrift = conceptDrift
            self.comparison = comparison
        }
    }
}

/// Model quality over the labelled rows of a window.
public enum Accuracy: Sendable, Equatable, Codable {
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

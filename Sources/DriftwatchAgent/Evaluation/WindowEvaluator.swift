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
    /// A classifier's predictions with a confidence (max(p, 1 − p)) below this count as unsure.
    public var lowConfidence: Double
    /// The segment columns, with their values (nil: no segments configured).
    var segments: SegmentEvaluator?
    /// CBPE before labels (nil: not configured).
    var estimator: PerformanceEstimator?
    /// Multivariate methods (nil: not configured).
    var multivariate: MultivariateOptions?

    public init(model: String, profile: ReferenceProfile, options: DriftOptions, task: LearningTask = .regression, positiveClass: String = "1",
                lowConfidence: Double = 0.6) {
        self.model = model
        self.profile = profile
        self.options = options
        self.task = task
        self.positiveClass = positiveClass
        self.lowConfidence = lowConfidence
    }

    /// Evaluates the window's contents on the calling thread.
    public func evaluate(_ contents: WindowContents, modelVersion: Int? = nil, context: Snapshot.Context = Snapshot.Context(),
                         now: Double = Date().timeIntervalSince1970) throws -> Snapshot {
        let start = ContinuousClock.now
        let batch = contents.batch()
        var report = try DriftEvaluator(options: options).evaluateSerially(profile: profile, current: batch, source: "window")
        if let multivariate { report.multivariate = try Self.multivariate(multivariate, profile: profile, batch: batch) }
        let labelled = LabelledPredictions(contents, schema: profile.schema, task: task, positiveClass: positiveClass)
        let accuracy = labelled.accuracy(task: task)
        let segmentResults = segments?.evaluate(contents, labelled: labelled, overall: accuracy) ?? []
        let confidence = confidence(contents), estimated = estimator?.estimate(contents)
        // The duration covers every measure of the evaluation, estimates included.
        return Snapshot(model: model, modelVersion: modelVersion, evaluatedAt: now, duration: (ContinuousClock.now - start).inSeconds,
                        windowRows: contents.rowCount, report: report, accuracy: accuracy, violations: contents.violations, context: context,
                        confidence: confidence, estimated: estimated, segments: segmentResults)
    }

    /// Evaluates rows as sources deliver them: typed into a window first, then evaluated.
    public func evaluate(_ rows: [ObservedRow], modelVersion: Int? = nil, now: Double = Date().timeIntervalSince1970) throws -> Snapshot {
        var window = SlidingWindow(policy: .rows(max(rows.count, 1)), schema: profile.schema, vectorDimensions: profile.vectorDimensions)
        window.append(rows, now: now)
        return try evaluate(window.contents(), modelVersion: modelVersion, now: now)
    }

    /// The multivariate verdicts; every method skipped, saying why, when the reference (a registry
    /// version profiled before the multivariate part existed) has no multivariate part.
    static func multivariate(_ options: MultivariateOptions, profile: ReferenceProfile, batch: ColumnarBatch) throws -> [MultivariateDrift] {
        guard let reference = profile.multivariate else {
            return options.methods.map {
                MultivariateDrift(method: $0, upperThreshold: nil, referenceRows: 0, currentRows: batch.rowCount,
                                  skippedReason: "the reference profile has no multivariate part (register the version again)")
            }
        }
        return try MultivariateEvaluator(options: options).evaluate(profile: reference, current: batch, source: "window")
    }

    /// A classifier's confidence over every prediction of the window, labelled or not.
    func confidence(_ contents: WindowContents) -> PredictionConfidence? {
        guard task == .binaryClassification, let column = profile.schema.columns.firstIndex(where: { $0.role == .prediction }),
              let probabilities = contents.numericValues(column: column) else { return nil }
        return PredictionConfidence(probabilities: probabilities, lowBelow: lowConfidence)
    }

    /// Accuracy over rows that have both a prediction and ground truth (a label, or the target
    /// column's value).
    func accuracy(_ contents: WindowContents) -> Accuracy? {
        LabelledPredictions(contents, schema: profile.schema, task: task, positiveClass: positiveClass).accuracy(task: task)
    }
}

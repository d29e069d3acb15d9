import DriftStatistics
import DriftwatchReport

/// How the model does on one segment of the window, next to the whole window.
public struct SegmentResult: Sendable, Equatable, Codable {
    /// The categorical column that splits the window, and this segment's value of it (or `__other__`).
    public var column: String
    public var segment: String
    public var rows: Int
    public var labelledRows: Int
    public var accuracy: Accuracy?
    /// The metric the verdict is about: `rmse` for a regressor, `accuracy` for a classifier.
    public var metric: String
    /// The segment's metric minus the whole window's.
    public var gap: Double?
    /// The segment against the rest of the window: Welch's t-test on squared errors (regression),
    /// the two-proportion z-test on hits (classification).
    public var pValue: Double?
    /// Worse than the whole window by the margin, on enough labelled rows, and significantly.
    public var underperforming: Bool
    /// Binary classifiers: the share of the segment's rows predicted positive…
    public var selectionRate: Double?
    /// …as a ratio to the highest segment's of the same column (the disparate-impact ratio; the
    /// "four-fifths rule" flags values below 0.8)…
    public var selectionRateRatio: Double?
    /// …and the segment's true-positive rate minus the whole window's (equal opportunity).
    public var truePositiveRateDifference: Double?
    /// The segment's window rows against the reference's rows of the same segment (with a
    /// reference data file, and at least ``SegmentEvaluator/minimumDriftRows`` window rows).
    public var drift: DriftReport?
}

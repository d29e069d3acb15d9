import DriftwatchData

/// One multivariate method's verdict on a window: its value, the thresholds it was held to, and
/// (for the domain classifier) the columns that told the two samples apart.
public struct MultivariateDrift: Sendable, Equatable, Codable {
    public var method: MultivariateMethod
    /// The mean reconstruction error, or the out-of-fold AUC; nil when the method was skipped.
    public var value: Double?
    /// The standard error of the mean reconstruction error.
    public var samplingError: Double?
    public var lowerThreshold: Double?
    public var upperThreshold: Double
    public var drift: Bool
    /// The columns that separate the samples best, with their share of the trees' splits, most first.
    public var columns: [ColumnShare]
    /// Reference and current rows the method used.
    public var referenceRows: Int
    public var currentRows: Int
    /// Why the method was not evaluated.
    public var skippedReason: String?
    /// Seconds the method took.
    public var duration: Double

    public struct ColumnShare: Sendable, Equatable, Codable {
        public var name: String
        public var share: Double
    }

    /// Columns reported as "what changed".
    public static let reportedColumns = 5
}

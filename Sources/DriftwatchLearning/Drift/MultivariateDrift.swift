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
    /// nil only when the method could not be set up (no multivariate reference).
    public var upperThreshold: Double?
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

    public init(method: MultivariateMethod, value: Double? = nil, samplingError: Double? = nil, lowerThreshold: Double? = nil, upperThreshold: Double?,
                drift: Bool = false, columns: [ColumnShare] = [], referenceRows: Int, currentRows: Int, skippedReason: String? = nil, duration: Double = 0) {
        self.method = method
        self.value = value
        self.samplingError = samplingError
        self.lowerThreshold = lowerThreshold
        self.upperThreshold = upperThreshold
        self.drift = drift
        self.columns = columns
        self.referenceRows = referenceRows
        self.currentRows = currentRows
        self.skippedReason = skippedReason
        self.duration = duration
    }

    public struct ColumnShare: Sendable, Equatable, Codable {
        public var name: String
        public var share: Double
    }

    /// Columns reported as "what changed".
    public static let reportedColumns = 5
}

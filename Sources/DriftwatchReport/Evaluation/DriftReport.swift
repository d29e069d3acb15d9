import DriftStatistics
import DriftwatchData

/// The outcome of comparing a current batch with a reference profile.
public struct DriftReport: Sendable, Equatable {
    public var referenceRows: Int
    public var currentRows: Int
    public var options: DriftOptions
    /// One entry per monitored column, in schema order.
    public var columns: [ColumnDrift]
    public var dataset: DatasetDrift
    /// Things the reader should know that are not failures (e.g. categories unseen in the reference).
    public var warnings: [String]
}

public struct DatasetDrift: Sendable, Equatable {
    public var driftedColumns: Int
    /// Columns that could be tested (both sides had values).
    public var testedColumns: Int
    public var share: Double
    public var drift: Bool
}

/// Drift measures of one column.
public struct ColumnDrift: Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind
    public var role: ColumnRole
    public var referenceMissingRatio: Double
    public var currentMissingRatio: Double
    public var ks: KolmogorovSmirnov.Result?
    public var chiSquare: ChiSquare.Result?
    public var psi: Double?
    public var jensenShannon: Double?
    public var wassersteinNormed: Double?
    /// p-value of the deciding test after the multiple-testing correction.
    public var adjustedPValue: Double?
    /// Share of current values outside the reference's [min, max] (numeric columns).
    public var outOfRangeRatio: Double?
    /// Share of current values in categories the reference never had (categorical columns).
    public var unseenCategoryRatio: Double?
    /// Up to ``ColumnDrift/unseenCategoryLimit`` of those categories, most frequent first.
    public var unseenCategories: [String]
    public var drift: Bool
    public var driftTest: DriftTestName
    /// Why the column was not tested, when it was not.
    public var skippedReason: String?

    public static let unseenCategoryLimit = 10

    /// The value the verdict was based on: a p-value or a distance.
    public var decidingValue: Double? {
        switch driftTest {
        case .ks: ks?.pValue
        case .chiSquare: chiSquare?.pValue
        case .psi: psi
        case .jensenShannon: jensenShannon
        case .wasserstein: wassersteinNormed
        }
    }
}

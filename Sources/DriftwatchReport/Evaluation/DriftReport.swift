import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// The outcome of comparing a current batch with a reference profile.
public struct DriftReport: Sendable, Equatable, Codable {
    public var referenceRows: Int
    public var currentRows: Int
    public var options: DriftOptions
    /// One entry per monitored column, in schema order.
    public var columns: [ColumnDrift]
    public var dataset: DatasetDrift
    /// Things the reader should know that are not failures (e.g. categories unseen in the reference).
    public var warnings: [String]
    /// One verdict per multivariate method, when they were asked for.
    public var multivariate: [MultivariateDrift]? = nil
}

public struct DatasetDrift: Sendable, Equatable, Codable {
    public var driftedColumns: Int
    /// Columns that could be tested (both sides had values).
    public var testedColumns: Int
    public var share: Double
    public var drift: Bool
}

/// The reference's and the current data's counts in the bins of a column's PSI: numeric columns'
/// quantile bins of the reference; categorical columns' reference categories (in the profile's
/// order), then the categories the reference never had. Summed over a fleet of agents, these
/// give the fleet-wide PSI (the recording rules in alerts/).
public struct PSIBins: Sendable, Equatable, Codable {
    public var reference: [Int]
    public var current: [Int]
    /// How many leading bins are the reference's own (the rest are unseen categories).
    public var referenceBins: Int
    /// What each bin holds, for people: a numeric bin's range ("[2.5, 4.1)"), a category's name.
    /// Absent in snapshots saved before bins were labelled.
    public var labels: [String]?

    public init(reference: [Int], current: [Int], referenceBins: Int, labels: [String]? = nil) {
        self.reference = reference
        self.current = current
        self.referenceBins = referenceBins
        self.labels = labels
    }

    /// Labels of numeric bins split at `innerEdges`: "< a", "[a, b)", …, "≥ z".
    public static func rangeLabels(innerEdges edges: [Double]) -> [String] {
        guard let first = edges.first, let last = edges.last else { return ["all values"] }
        let format = NumberFormat.short
        return ["< \(format(first))"] + zip(edges, edges.dropFirst()).map { "[\(format($0)), \(format($1)))" } + ["≥ \(format(last))"]
    }
}

/// Drift measures of one column.
public struct ColumnDrift: Sendable, Equatable, Codable {
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
    /// Maximum mean discrepancy of a vector column's samples, with its permutation p-value.
    public var mmd: MaximumMeanDiscrepancy.Result?
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
    /// The bins PSI was computed over, with both sides' counts.
    public var psiBins: PSIBins?

    public static let unseenCategoryLimit = 10

    /// The value the verdict was based on: a p-value or a distance.
    public var decidingValue: Double? {
        switch driftTest {
        case .ks: ks?.pValue
        case .chiSquare: chiSquare?.pValue
        case .psi: psi
        case .jensenShannon: jensenShannon
        case .wasserstein: wassersteinNormed
        case .mmd: mmd?.pValue
        }
    }
}

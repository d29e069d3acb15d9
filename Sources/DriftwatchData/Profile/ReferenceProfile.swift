import DriftStatistics

/// What the drift tests need to know about the reference data, computed once: sorted numeric
/// values, their spread and PSI bins, and category counts. Each evaluation then only touches the
/// current window.
public struct ReferenceProfile: Sendable, Codable, Equatable {
    public var schema: Schema
    public var rowCount: Int
    /// Number of quantile bins used for numeric PSI and Jensen–Shannon.
    public var binCount: Int
    /// Profiles of the monitored columns, in schema order.
    public var columns: [ColumnProfile]
    /// What the multivariate methods need (nil in profiles made without it, or before it existed).
    public var multivariate: MultivariateProfile?

    public init(schema: Schema, rowCount: Int, binCount: Int, columns: [ColumnProfile], multivariate: MultivariateProfile? = nil) {
        self.schema = schema
        self.rowCount = rowCount
        self.binCount = binCount
        self.columns = columns
        self.multivariate = multivariate
    }

    public func column(named name: String) -> ColumnProfile? {
        columns.first { $0.name == name }
    }
}

/// The profile of one reference column.
public enum ColumnProfile: Sendable, Codable, Equatable {
    case numeric(NumericProfile)
    case categorical(CategoricalProfile)
    case vector(VectorProfile)

    public var name: String {
        switch self {
        case .numeric(let p): p.name
        case .categorical(let p): p.name
        case .vector(let p): p.name
        }
    }

    public var missingCount: Int {
        switch self {
        case .numeric(let p): p.missingCount
        case .categorical(let p): p.missingCount
        case .vector(let p): p.missingCount
        }
    }

    public var presentCount: Int {
        switch self {
        case .numeric(let p): p.sortedValues.count
        case .categorical(let p): p.counts.reduce(0, +)
        case .vector(let p): p.presentCount
        }
    }
}

public struct NumericProfile: Sendable, Codable, Equatable {
    public var name: String
    public var missingCount: Int
    /// Present values, ascending.
    public var sortedValues: [Double]
    /// Population standard deviation, the scale of the normed Wasserstein distance.
    public var standardDeviation: Double
    /// Inner PSI bin edges (reference quantiles at i/B, duplicates merged).
    public var binEdges: [Double]
    /// Reference counts per PSI bin.
    public var binCounts: [Int]

    public var minimum: Double? { sortedValues.first }
    public var maximum: Double? { sortedValues.last }
}

public struct CategoricalProfile: Sendable, Codable, Equatable {
    public var name: String
    public var missingCount: Int
    /// Categories seen in the reference, most frequent first (ties by name).
    public var categories: [String]
    public var counts: [Int]
}

extension ReferenceProfile {
    /// Profiles the monitored columns of a reference batch, and its feature columns together for the
    /// multivariate methods when `multivariateSampleRows` says how many whole rows to keep.
    public init(batch: ColumnarBatch, binCount: Int = PopulationStabilityIndex.defaultBinCount, multivariateSampleRows: Int? = nil) {
        var profiles: [ColumnProfile] = []
        for (spec, column) in zip(batch.schema.columns, batch.columns) where spec.role.isMonitored {
            switch column {
            case .numeric(let numeric):
                profiles.append(.numeric(NumericProfile(name: spec.name, column: numeric, binCount: binCount)))
            case .categorical(let categorical):
                profiles.append(.categorical(CategoricalProfile(name: spec.name, column: categorical)))
            case .vector(let vector):
                profiles.append(.vector(VectorProfile(name: spec.name, column: vector)))
            }
        }
        self.init(schema: batch.schema, rowCount: batch.rowCount, binCount: binCount, columns: profiles,
                  multivariate: multivariateSampleRows.flatMap { MultivariateProfile(batch: batch, sampleRows: $0) })
    }
}

extension NumericProfile {
    init(name: String, column: NumericColumn, binCount: Int) {
        let sorted = RadixSort.sortedPresentValues(column.values)
        self.name = name
        missingCount = column.missingCount
        sortedValues = sorted
        if sorted.isEmpty {
            standardDeviation = 0
            binEdges = []
            binCounts = [0]
        } else {
            let (deviation, edges, counts) = sorted.withUnsafeBufferPointer { values in
                let edges = PopulationStabilityIndex.innerEdges(sortedReference: values, binCount: binCount)
                return (Descriptive.standardDeviation(values), edges, PopulationStabilityIndex.binCounts(sorted: values, innerEdges: edges))
            }
            standardDeviation = deviation
            binEdges = edges
            binCounts = counts
        }
    }
}

extension CategoricalProfile {
    init(name: String, column: CategoricalColumn) {
        let counts = column.counts
        let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : column.categories[$0] < column.categories[$1] }
        self.name = name
        missingCount = column.missingCount
        categories = order.map { column.categories[$0] }
        self.counts = order.map { counts[$0] }
    }
}

/// Numeric values of one column, row-aligned; a missing value is NaN.
public struct NumericColumn: Sendable, Equatable {
    public var values: [Double]
    public var missingCount: Int

    public init(values: [Double]) {
        self.values = values
        missingCount = values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    }

    /// Values whose missing ones were counted as they were read.
    init(values: [Double], missingCount: Int) {
        self.values = values
        self.missingCount = missingCount
    }

    /// The values that are present.
    public var presentValues: [Double] { missingCount == 0 ? values : values.filter { !$0.isNaN } }
}

/// Categorical values of one column, dictionary-encoded and row-aligned; a missing value has code -1.
public struct CategoricalColumn: Sendable, Equatable {
    public var codes: [Int32]
    /// The distinct values, indexed by code, in order of first appearance.
    public var categories: [String]
    public var missingCount: Int

    public init(codes: [Int32], categories: [String]) {
        self.codes = codes
        self.categories = categories
        missingCount = codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
    }

    /// Encodes text values; `nil` is missing.
    public init<S: Sequence>(values: S) where S.Element == String? {
        var index: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        for value in values {
            guard let value else { codes.append(-1); continue }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(categories.count)
                index[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        self.init(codes: codes, categories: categories)
    }

    /// Row count per category code.
    public var counts: [Int] {
        var counts = [Int](repeating: 0, count: categories.count)
        codes.withUnsafeBufferPointer { codes in
            for code in codes where code >= 0 { counts[Int(code)] += 1 }
        }
        return counts
    }

    public func value(at row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : categories[Int(code)]
    }
}

/// A column of a batch.
public enum Column: Sendable, Equatable {
    case numeric(NumericColumn)
    case categorical(CategoricalColumn)
    case vector(VectorColumn)

    public var kind: ColumnKind {
        switch self {
        case .numeric: .numeric
        case .categorical: .categorical
        case .vector: .vector
        }
    }

    public var rowCount: Int {
        switch self {
        case .numeric(let column): column.values.count
        case .categorical(let column): column.codes.count
        case .vector(let column): column.rowCount
        }
    }

    public var missingCount: Int {
        switch self {
        case .numeric(let column): column.missingCount
        case .categorical(let column): column.missingCount
        case .vector(let column): column.missingCount
        }
    }
}

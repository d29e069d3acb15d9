import DriftwatchData

/// The fitted feature encoding, saved inside every model so that prediction encodes inputs
/// exactly as training did.
public struct FeatureEncoder: Sendable, Codable, Equatable {
    public static let otherCategory = "__other__"

    public struct NumericFeature: Sendable, Codable, Equatable {
        public var name: String
        /// Training mean; also the value a missing input takes.
        public var mean: Double
        /// Divisor after centring (the training standard deviation, or 1).
        public var scale: Double
    }

    public struct CategoricalFeature: Sendable, Codable, Equatable {
        /// The feature's name: the column, or the crossed columns joined by `_`.
        public var name: String
        /// The input columns; more than one for a crossed feature.
        public var sources: [String]
        /// Kept categories, most frequent first; the slot after them is `__other__`.
        public var vocabulary: [String]
    }

    public var numeric: [NumericFeature]
    public var categorical: [CategoricalFeature]

    /// Number of encoded columns: one per numeric feature, vocabulary + 1 per categorical feature.
    public var width: Int {
        numeric.count + categorical.reduce(0) { $0 + $1.vocabulary.count + 1 }
    }

    public var featureNames: [String] {
        numeric.map(\.name) + categorical.flatMap { feature in
            (feature.vocabulary + [Self.otherCategory]).map { "\(feature.name)=\($0)" }
        }
    }

    /// Input columns read when encoding.
    public var inputColumns: [String] {
        var seen = Set<String>()
        return (numeric.map(\.name) + categorical.flatMap(\.sources)).filter { seen.insert($0).inserted }
    }
}

/// Why a batch cannot be encoded.
public struct FeatureError: DriftwatchError, Equatable, Sendable {
    public var message: String
    public var description: String { message }
}

extension FeatureEncoder {
    /// Learns the encoding from training data.
    public static func fit(_ spec: FeatureSpec, on batch: ColumnarBatch) throws -> FeatureEncoder {
        var numeric: [NumericFeature] = []
        for name in spec.numeric {
            guard case .numeric(let column)? = batch.column(named: name) else {
                throw FeatureError(message: "numeric feature '\(name)' is not a numeric column of the training data")
            }
            let present = column.presentValues
            guard !present.isEmpty else {
                throw FeatureError(message: "numeric feature '\(name)' has no values in the training data")
            }
            let mean = present.reduce(0, +) / Double(present.count)
            let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
            let deviation = variance.squareRoot()
            numeric.append(NumericFeature(name: name, mean: spec.standardize ? mean : 0,
                                          scale: spec.standardize && deviation > 0 ? deviation : 1))
        }
        var categorical: [CategoricalFeature] = []
        for sources in spec.categorical.map({ [$0] }) + spec.crosses {
            let values = try categoryValues(sources, in: batch)
            var counts: [String: Int] = [:]
            for case let value? in values { counts[value, default: 0] += 1 }
            let vocabulary = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(max(0, spec.maxCategories)).map(\.key)
            categorical.append(CategoricalFeature(name: sources.joined(separator: "_"), sources: sources, vocabulary: vocabulary))
        }
        return FeatureEncoder(numeric: numeric, categorical: categorical)
    }

    /// Encodes a batch into a dense design matrix.
    public func encode(_ batch: ColumnarBatch) throws -> DenseMatrix {
        var matrix = DenseMatrix(rows: batch.rowCount, columns: width)
        var offset = 0
        for feature in numeric {
            for (row, value) in try Self.standardized(feature, in: batch).enumerated() { matrix[row, offset] = value }
            offset += 1
        }
        for feature in categorical {
            for (row, slot) in try Self.slots(feature, in: batch).enumerated() { matrix[row, offset + slot] = 1 }
            offset += feature.vocabulary.count + 1
        }
        return matrix
    }

    /// A numeric feature's values per row, centred and scaled; a missing value takes the training
    /// mean (0 after centring).
    static func standardized(_ feature: NumericFeature, in batch: ColumnarBatch) throws -> [Double] {
        guard case .numeric(let column)? = batch.column(named: feature.name) else {
            throw FeatureError(message: "numeric feature '\(feature.name)' is missing or not numeric")
        }
        return column.values.map { $0.isNaN ? 0 : ($0 - feature.mean) / feature.scale }
    }

    /// A categorical feature's one-hot slot per row (its vocabulary's index, or the last slot,
    /// `__other__`, for an unseen or missing value).
    static func slots(_ feature: CategoricalFeature, in batch: ColumnarBatch) throws -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: feature.vocabulary.enumerated().map { ($1, $0) })
        if let slots = slotsByCode(feature, index: index, in: batch) { return slots }
        return try categoryValues(feature.sources, in: batch).map { value in value.flatMap { index[$0] } ?? feature.vocabulary.count }
    }

    /// Each row's slot of a feature whose sources are all categorical columns, found by category
    /// codes: every combination of codes is looked up (as the joined text) once, not every row.
    /// Nil for numeric sources or too many combinations; the text path then serves.
    static func slotsByCode(_ feature: CategoricalFeature, index: [String: Int], in batch: ColumnarBatch) -> [Int]? {
        var columns: [CategoricalColumn] = []
        for source in feature.sources {
            guard case .categorical(let column)? = batch.column(named: source) else { return nil }
            columns.append(column)
        }
        let sizes = columns.map { $0.categories.count }
        guard sizes.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }) <= 1 << 20 else { return nil }
        let other = feature.vocabulary.count
        var table = [Int32](repeating: -1, count: max(1, sizes.reduce(1, *)))
        var slots = [Int](repeating: other, count: batch.rowCount)
        for row in 0..<batch.rowCount {
            var key = 0, missing = false
            for (column, size) in zip(columns, sizes) {
                let code = column.codes[row]
                if code < 0 { missing = true; break }
                key = key * size + Int(code)
            }
            if missing { continue }
            if table[key] < 0 {
                let text = columns.map { $0.categories[Int($0.codes[row])] }.joined(separator: "_")
                table[key] = Int32(index[text] ?? other)
            }
            slots[row] = Int(table[key])
        }
        return slots
    }

    /// Text values of a categorical feature per row (crossed columns joined by `_`); nil when any
    /// source is missing. Numeric source columns contribute their number as text.
    static func categoryValues(_ sources: [String], in batch: ColumnarBatch) throws -> [String?] {
        let columns = try sources.map { name -> Column in
            guard let column = batch.column(named: name) else {
                throw FeatureError(message: "categorical feature column '\(name)' is not in the data")
            }
            if column.kind == .vector { throw FeatureError(message: "feature column '\(name)' holds vectors, which models take only as numbers or categories") }
            return column
        }
        return (0..<batch.rowCount).map { row in
            var parts: [String] = []
            for column in columns {
                switch column {
                case .categorical(let c):
                    guard let value = c.value(at: row) else { return nil }
                    parts.append(value)
                case .numeric(let n):
                    let value = n.values[row]
                    guard !value.isNaN else { return nil }
                    parts.append(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
                case .vector:
                    return nil
                }
            }
            return parts.joined(separator: "_")
        }
    }
}

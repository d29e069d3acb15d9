import DriftwatchData

/// How a record becomes the row an imported XGBoost booster scores, by the booster's feature names
/// and scikit-learn's `DictVectorizer` convention (the usual way records become a training matrix
/// in Python): a name `column=value` is the one-hot of categorical `column`, any other name a
/// numeric column. A number goes to the feature of its column's name, a text value to its
/// `column=value` one-hot; an unseen category sets none of its column's one-hots, as in XGBoost.
public struct XGBoostInputs: Sendable, Equatable {
    /// What an absent one-hot is: missing, as in the sparse matrix a DictVectorizer makes (the
    /// default), or zero, for a booster trained on a dense matrix.
    public enum OneHotAbsent: String, Sendable, Equatable, Codable, CaseIterable {
        case missing, zero
    }

    public let featureNames: [String]
    public let oneHotAbsent: OneHotAbsent
    /// The input columns the booster reads, numeric and categorical, in the order of their first feature.
    public let numericColumns: [String], categoricalColumns: [String]
    /// Each numeric column's feature, each `column=value`'s one-hot.
    private let numericIndex: [String: Int], oneHotIndex: [String: Int]
    /// The row every record starts from: missing everywhere, or zero in the one-hots.
    private let blank: [Float]

    public init(featureNames: [String], oneHotAbsent: OneHotAbsent = .missing) {
        self.featureNames = featureNames
        self.oneHotAbsent = oneHotAbsent
        // A name listed twice keeps its first place.
        var numericIndex: [String: Int] = [:], oneHotIndex: [String: Int] = [:]
        var numeric: [String] = [], categorical: [String] = []
        var blank: [Float] = []
        for (position, name) in featureNames.enumerated() {
            if let equals = name.firstIndex(of: "=") {
                let column = String(name[..<equals])
                if !categorical.contains(column) { categorical.append(column) }
                if oneHotIndex[name] == nil { oneHotIndex[name] = position }
                blank.append(oneHotAbsent == .zero ? 0 : .nan)
            } else {
                if numericIndex[name] == nil { numericIndex[name] = position; numeric.append(name) }
                blank.append(.nan)
            }
        }
        numericColumns = numeric
        categoricalColumns = categorical
        self.numericIndex = numericIndex
        self.oneHotIndex = oneHotIndex
        self.blank = blank
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.featureNames == rhs.featureNames && lhs.oneHotAbsent == rhs.oneHotAbsent
    }

    /// The input columns the booster reads: numeric columns and the categorical columns of its one-hots.
    public var columns: (numeric: [String], categorical: [String]) { (numericColumns, categoricalColumns) }

    /// The categories of each categorical column, in the order of their one-hots.
    public var categories: [String: [String]] {
        var result: [String: [String]] = [:]
        for name in featureNames {
            guard let equals = name.firstIndex(of: "=") else { continue }
            let column = String(name[..<equals]), value = String(name[name.index(after: equals)...])
            if !(result[column]?.contains(value) ?? false) { result[column, default: []].append(value) }
        }
        return result
    }

    /// The booster's row for a record (NaN: missing) and the categorical columns whose value it
    /// never saw. Every input column must be present (null is allowed); numeric columns need
    /// finite numbers, categorical ones text or numbers (written as whole numbers without a
    /// decimal point, as Python's `str` of an integer).
    public func row(_ record: [String: FeatureInput]) throws -> (values: [Float], unseen: [String]) {
        var row = blank
        var unseen: [String] = []
        for column in numericColumns {
            guard let input = record[column] else { throw RecordError(message: "missing feature '\(column)'") }
            switch input {
            case .number(let value):
                guard value.isFinite else { throw RecordError(message: "feature '\(column)' must be a finite number") }
                row[numericIndex[column]!] = Float(value)
            case .missing:
                continue
            case .text(let text):
                throw RecordError(message: "feature '\(column)' must be a number, got \"\(text.prefix(40))\"")
            case .vector:
                throw RecordError(message: "feature '\(column)' must be a number, got an array")
            }
        }
        for column in categoricalColumns {
            guard let input = record[column] else { throw RecordError(message: "missing feature '\(column)'") }
            let value: String
            switch input {
            case .text(let text): value = text
            case .number(let number):
                guard number.isFinite else { throw RecordError(message: "feature '\(column)' must be a finite number or text") }
                value = FeatureInput.categoryText(number)
            case .missing: continue
            case .vector: throw RecordError(message: "feature '\(column)' must be text or a number, got an array")
            }
            if let position = oneHotIndex[column + "=" + value] { row[position] = 1 } else { unseen.append(column) }
        }
        return (row, unseen)
    }

    /// The booster's rows for a batch, one after another (`featureNames.count` values each).
    /// The batch must hold every input column: numeric columns as numbers, categorical ones
    /// either way (numbers written as ``FeatureInput/categoryText(_:)`` does).
    public func rows(_ batch: ColumnarBatch) throws -> [Float] {
        let width = featureNames.count, count = batch.rowCount
        var rows = [Float](repeating: 0, count: width * count)
        for start in stride(from: 0, to: rows.count, by: max(width, 1)) where width > 0 {
            rows.replaceSubrange(start..<start + width, with: blank)
        }
        for column in numericColumns {
            guard case .numeric(let values)? = batch.column(named: column) else {
                throw FeatureError(message: "numeric feature '\(column)' is missing or not numeric")
            }
            let position = numericIndex[column]!
            for row in 0..<count where !values.values[row].isNaN { rows[row * width + position] = Float(values.values[row]) }
        }
        for column in categoricalColumns {
            switch batch.column(named: column) {
            case .categorical(let values)?:
                // One lookup per category, not per row.
                let positions = values.categories.map { oneHotIndex[column + "=" + $0] }
                for row in 0..<count {
                    let code = values.codes[row]
                    if code >= 0, let position = positions[Int(code)] { rows[row * width + position] = 1 }
                }
            case .numeric(let values)?:
                for row in 0..<count where values.values[row].isFinite {
                    if let position = oneHotIndex[column + "=" + FeatureInput.categoryText(values.values[row])] { rows[row * width + position] = 1 }
                }
            case .vector?:
                throw FeatureError(message: "categorical feature '\(column)' holds vectors")
            case nil:
                throw FeatureError(message: "categorical feature column '\(column)' is not in the data")
            }
        }
        return rows
    }
}

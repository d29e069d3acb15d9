import DriftwatchData
import DriftwatchLearning

/// A window's columns as of one moment, detached from the window (the arrays are shared until the
/// window writes again), so an evaluation can read them off the agent while rows keep arriving.
public struct WindowContents: Sendable {
    public let schema: Schema
    let places: [SlidingWindow.Place]
    /// Rows in the window.
    public let rowCount: Int
    /// Which slots hold a row; nil when all of them do.
    let live: [Bool]?
    let numbers: [[Double]]
    let codes: [[Int32]]
    let categories: [[String]]
    let vectors: [[[Double]?]]
    let actual: [FeatureInput?]
    /// Schema violations among the window's rows.
    public let violations: SchemaViolations

    /// The value stored for a column in a slot; nil when missing.
    func value(column: Int, slot: Int) -> FeatureInput? {
        switch places[column] {
        case .numeric(let index):
            let number = numbers[index][slot]
            return number.isNaN ? nil : .number(number)
        case .categorical(let index):
            let code = codes[index][slot]
            return code < 0 ? nil : .text(categories[index][Int(code)])
        case .vector(let index):
            return vectors[index][slot].map { .vector($0) }
        }
    }

    /// Indices of the slots holding rows.
    var slots: [Int] {
        guard let live else { return Array(actual.indices) }
        return live.indices.filter { live[$0] }
    }

    /// The window as a columnar batch typed by the schema, with dense category codes.
    public func batch() -> ColumnarBatch {
        batch(slots: live == nil ? nil : slots)
    }

    /// The given slots (all of them when nil), in that order, as a columnar batch.
    func batch(slots kept: [Int]?) -> ColumnarBatch {
        let columns = places.map { place -> Column in
            switch place {
            case .numeric(let index):
                let values = numbers[index]
                return .numeric(NumericColumn(values: kept.map { $0.map { values[$0] } } ?? values))
            case .categorical(let index):
                return .categorical(Self.dense(codes[index], names: categories[index], slots: kept))
            case .vector(let index):
                let rows = vectors[index]
                // The window stores only vectors of one length, so the rows always form a column.
                return .vector(VectorColumn(rows: kept.map { $0.map { rows[$0] } } ?? rows) ?? VectorColumn(missingRows: kept?.count ?? rows.count))
            }
        }
        return ColumnarBatch(schema: schema, rowCount: kept?.count ?? actual.count, columns: columns)
    }

    /// Renumbers the codes in use from zero (a window's vocabulary may hold categories whose rows
    /// have left), keeping only the given slots.
    static func dense(_ codes: [Int32], names: [String], slots: [Int]?) -> CategoricalColumn {
        var renumbered = [Int32](repeating: -1, count: names.count)
        var categories: [String] = []
        var result: [Int32] = []
        result.reserveCapacity(slots?.count ?? codes.count)
        func take(_ code: Int32) {
            guard code >= 0 else {
                result.append(-1)
                return
            }
            if renumbered[Int(code)] < 0 {
                renumbered[Int(code)] = Int32(categories.count)
                categories.append(names[Int(code)])
            }
            result.append(renumbered[Int(code)])
        }
        if let slots { for slot in slots { take(codes[slot]) } } else { for code in codes { take(code) } }
        return CategoricalColumn(codes: result, categories: categories)
    }

    /// Each row's ground truth: the label that arrived, else the target column's value.
    func truths(targetColumn: Int?) -> [FeatureInput?] {
        slots.map { slot in actual[slot] ?? targetColumn.flatMap { value(column: $0, slot: slot) } }
    }

    /// A numeric column's values row by row (NaN when missing).
    func numericValues(column: Int) -> [Double]? {
        guard case .numeric(let index) = places[column] else { return nil }
        return live == nil ? numbers[index] : slots.map { numbers[index][$0] }
    }
}

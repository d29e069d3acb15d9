import DriftwatchData
import DriftwatchLearning

/// Rows that did not fit the schema. Counted, never fatal: a source that sends an extra column or
/// a word where a number belongs must not stop monitoring.
public struct SchemaViolations: Sendable, Equatable {
    /// Columns the schema does not know, with how many rows carried them (at most
    /// ``trackedColumnLimit`` names; the rest are counted under `__other__`).
    public var unknownColumns: [String: Int] = [:]
    /// Schema columns whose value had the wrong type (counted as missing), by column.
    public var wrongType: [String: Int] = [:]

    public static let trackedColumnLimit = 100

    public init() {}

    public var isEmpty: Bool { unknownColumns.isEmpty && wrongType.isEmpty }

    mutating func unknown(_ column: String) {
        let key = unknownColumns[column] != nil || unknownColumns.count < Self.trackedColumnLimit ? column : "__other__"
        unknownColumns[key, default: 0] += 1
    }
}

/// Turns window rows into a columnar batch typed by the reference schema.
public enum WindowBatch {
    public static func make(_ rows: [ObservedRow], schema: Schema) -> (batch: ColumnarBatch, violations: SchemaViolations) {
        var violations = SchemaViolations()
        let known = Set(schema.columns.map(\.name))
        for row in rows {
            for key in row.values.keys where !known.contains(key) { violations.unknown(key) }
        }
        let columns = schema.columns.map { spec -> Column in
            switch spec.kind {
            case .numeric:
                return .numeric(NumericColumn(values: rows.map { row in
                    switch row.values[spec.name] {
                    case .number(let value)? where value.isFinite: return value
                    case .text(let text)?:
                        if let value = NumberParser.parse(text), value.isFinite { return value }
                        violations.wrongType[spec.name, default: 0] += 1
                        return .nan
                    case .number?:
                        violations.wrongType[spec.name, default: 0] += 1
                        return .nan
                    case .missing?, nil: return .nan
                    }
                }))
            case .categorical:
                return .categorical(CategoricalColumn(values: rows.map { row -> String? in
                    switch row.values[spec.name] {
                    case .text(let text)?: return MissingValue.isMissing(text) ? nil : text
                    case .number(let value)?: return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                    case .missing?, nil: return nil
                    }
                }))
            }
        }
        return (ColumnarBatch(schema: schema, rowCount: rows.count, columns: columns), violations)
    }
}

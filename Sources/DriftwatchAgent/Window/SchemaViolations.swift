/// Rows that did not fit the schema. Counted, never fatal: a source that sends an extra column or
/// a word where a number belongs must not stop monitoring.
public struct SchemaViolations: Sendable, Equatable, Codable {
    /// Columns the schema does not know, with how many rows carried them (at most
    /// ``trackedColumnLimit`` names; the rest are counted under `__other__`).
    public var unknownColumns: [String: Int] = [:]
    /// Schema columns whose value had the wrong type (counted as missing), by column.
    public var wrongType: [String: Int] = [:]

    public static let trackedColumnLimit = 100

    public init() {}

    public var isEmpty: Bool { unknownColumns.isEmpty && wrongType.isEmpty }

    mutating func add(_ violation: RowViolation) {
        switch violation {
        case .unknownColumn(let column):
            let key = unknownColumns[column] != nil || unknownColumns.count < Self.trackedColumnLimit ? column : "__other__"
            unknownColumns[key, default: 0] += 1
        case .wrongType(let column):
            wrongType[column, default: 0] += 1
        }
    }
}

/// One way a row broke the schema.
enum RowViolation: Sendable, Equatable {
    case unknownColumn(String)
    case wrongType(String)
}

/// Rows as read from a file, before any column has a kind: one text cell per row and column,
/// `nil` for a missing value. The reader keeps the line each row starts on so that later errors
/// (a non-number in a numeric column) can point at it.
public struct RawTable: Sendable {
    /// Where the rows came from, for error messages.
    public var source: String
    public var header: [String]
    /// `cells[column][row]`.
    public var cells: [[String?]]
    /// Line on which each row starts (1-based, counting the header line).
    public var lines: [Int]
    /// Columns that held at least one JSON string (as opposed to a JSON number); such columns are
    /// inferred as categorical even when every string looks like a number.
    public var quotedColumns: Set<Int>

    public init(source: String, header: [String], cells: [[String?]], lines: [Int], quotedColumns: Set<Int> = []) {
        self.source = source
        self.header = header
        self.cells = cells
        self.lines = lines
        self.quotedColumns = quotedColumns
    }

    public var rowCount: Int { lines.count }

    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }
}

/// Text that stands for a missing value in any input format.
public enum MissingValue {
    public static let tokens: Set<String> = ["", "NA", "N/A", "NaN", "nan", "null", "NULL"]

    /// Whether the text is one of ``tokens``; checks the length first, so ordinary values cost
    /// one comparison.
    @inline(__always)
    public static func isMissing(_ text: String) -> Bool {
        text.utf8.count <= 4 && tokens.contains(text)
    }
}

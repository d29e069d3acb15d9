/// Columns read from a data file and typed on the way: numbers straight into `Double`s,
/// labels into dictionary codes.
public struct TypedTable: Sendable {
    /// Where the rows came from, for error messages.
    public var source: String
    /// Every column the file has, in file order.
    public var header: [String]
    /// The columns read (those asked for, in that order; every column when none was asked for).
    public var names: [String]
    public var columns: [Column]
    public var rowCount: Int

    public init(source: String, header: [String], names: [String], columns: [Column], rowCount: Int) {
        self.source = source
        self.header = header
        self.names = names
        self.columns = columns
        self.rowCount = rowCount
    }

    public func column(named name: String) -> Column? {
        names.firstIndex(of: name).map { columns[$0] }
    }
}

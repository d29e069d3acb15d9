/// Rows of a dataset stored column by column, every column typed by the schema.
public struct ColumnarBatch: Sendable {
    public var schema: Schema
    public var rowCount: Int
    /// Columns in schema order.
    public var columns: [Column]

    public init(schema: Schema, rowCount: Int, columns: [Column]) {
        precondition(schema.columns.count == columns.count)
        precondition(columns.allSatisfy { $0.rowCount == rowCount })
        self.schema = schema
        self.rowCount = rowCount
        self.columns = columns
    }

    public func column(named name: String) -> Column? {
        schema.columns.firstIndex { $0.name == name }.map { columns[$0] }
    }
}

extension ColumnarBatch {
    /// Types a raw table by the schema. A schema column missing from the table, or a value that is
    /// not a finite number in a numeric column, is an error that names the file, line and column.
    public init(table: RawTable, schema: Schema) throws {
        var columns: [Column] = []
        for spec in schema.columns {
            guard let index = table.columnIndex(spec.name) else {
                throw DataError(file: table.source, line: 1, column: spec.name, "the schema names this column but the data has no such column (found: \(table.header.joined(separator: ", ")))")
            }
            let cells = table.cells[index]
            switch spec.kind {
            case .categorical:
                columns.append(.categorical(CategoricalColumn(values: cells)))
            case .numeric:
                var values = [Double](repeating: .nan, count: cells.count)
                for (row, cell) in cells.enumerated() {
                    guard let cell else { continue }
                    guard let number = NumberParser.parse(cell) else {
                        throw DataError(file: table.source, line: table.lines[row], column: spec.name, "'\(cell.prefix(40))' is not a number, but the column is numeric")
                    }
                    guard number.isFinite else {
                        throw DataError(file: table.source, line: table.lines[row], column: spec.name, "'\(cell.prefix(40))' is not a finite number")
                    }
                    values[row] = number
                }
                columns.append(.numeric(NumericColumn(values: values)))
            }
        }
        self.init(schema: schema, rowCount: table.rowCount, columns: columns)
    }
}

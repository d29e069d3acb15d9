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
    /// The columns of a typed table in the order of the schema, which names each of them.
    public init(table: TypedTable, schema: Schema) {
        let columns = schema.columns.map { spec -> Column in
            guard let column = table.column(named: spec.name) else { preconditionFailure("the table has no column '\(spec.name)'") }
            return column
        }
        self.init(schema: schema, rowCount: table.rowCount, columns: columns)
    }
}

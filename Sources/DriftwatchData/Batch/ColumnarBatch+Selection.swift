extension ColumnarBatch {
    /// The rows at the given indices, in that order, with the same schema.
    public func selecting(rows indices: [Int]) -> ColumnarBatch {
        let columns = columns.map { column -> Column in
            switch column {
            case .numeric(let numeric):
                return .numeric(NumericColumn(values: indices.map { numeric.values[$0] }))
            case .categorical(let categorical):
                return .categorical(CategoricalColumn(codes: indices.map { categorical.codes[$0] }, categories: categorical.categories))
            case .vector(let vector):
                return .vector(vector.selecting(indices))
            }
        }
        return ColumnarBatch(schema: schema, rowCount: indices.count, columns: columns)
    }

    /// The batch with one more column appended (e.g. a model's predictions).
    public func appending(_ spec: ColumnSchema, _ column: Column) -> ColumnarBatch {
        precondition(column.rowCount == rowCount)
        return ColumnarBatch(schema: Schema(columns: schema.columns + [spec]), rowCount: rowCount, columns: columns + [column])
    }
}

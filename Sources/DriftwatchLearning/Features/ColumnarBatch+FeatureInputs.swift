import DriftwatchData

extension ColumnarBatch {
    /// A row's values by column name, as a record of inputs (missing values as `.missing`).
    public func featureInputs(row: Int) -> [String: FeatureInput] {
        var inputs: [String: FeatureInput] = [:]
        inputs.reserveCapacity(columns.count)
        for (spec, column) in zip(schema.columns, columns) {
            switch column {
            case .numeric(let numeric): inputs[spec.name] = numeric.values[row].isNaN ? .missing : .number(numeric.values[row])
            case .categorical(let categorical): inputs[spec.name] = categorical.value(at: row).map(FeatureInput.text) ?? .missing
            case .vector(let vector): inputs[spec.name] = vector.row(row).map { .vector(Array($0)) } ?? .missing
            }
        }
        return inputs
    }
}

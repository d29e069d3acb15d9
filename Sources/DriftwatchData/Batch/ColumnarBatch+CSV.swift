/// Writing a batch as CSV (RFC 4180): how a retrain hands the rows it chose to the trainer, and
/// keeps them next to the model as a record of what it learned from.
extension ColumnarBatch {
    /// The header line for `columns` (all of the batch's when nil).
    public func csvHeader(columns: [String]? = nil) -> String {
        (columns ?? schema.columns.map(\.name)).map(Self.csvField).joined(separator: ",") + "\n"
    }

    /// One line per row with the values of `columns` (in that order; a column the batch lacks is
    /// left empty, as is a missing value).
    public func csvRows(columns: [String]? = nil) -> String {
        let names = columns ?? schema.columns.map(\.name)
        let selected = names.map { column(named: $0) }
        var text = ""
        for row in 0..<rowCount {
            var fields: [String] = []
            fields.reserveCapacity(selected.count)
            for column in selected {
                switch column {
                case .numeric(let numeric)?:
                    let value = numeric.values[row]
                    fields.append(value.isFinite ? "\(value)" : "")
                case .categorical(let categorical)?:
                    fields.append(categorical.value(at: row).map(Self.csvField) ?? "")
                case .vector(let vector)?:
                    fields.append(vector.row(row).map { Self.csvField(VectorText.format($0)) } ?? "")
                case nil:
                    fields.append("")
                }
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.isEmpty else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

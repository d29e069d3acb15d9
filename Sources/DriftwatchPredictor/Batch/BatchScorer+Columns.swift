import DriftwatchData
import DriftwatchLearning
import Foundation

extension BatchScorer {
    /// Scores a plain CSV segment column by column: the model's inputs (and the id column) read
    /// typed, encoded and predicted as one batch — the same encoding as a single record's, so the
    /// same predictions. Nil when the segment needs the record path: it is not plain (its line
    /// numbers are not its row numbers), the reader refuses it (a value of the wrong type, a
    /// missing column, a ragged row), a numeric input holds a value the record path refuses, or
    /// an id is missing. The record path then reports or skips the exact rows.
    func scoreColumns(_ segment: CSVSegment, header: Range<Int>, data: Data, writer: BatchOutputWriter, log: LogTarget?) -> Part? {
        guard segment.plain else { return nil }
        let kinds = Dictionary(model.artifact.schema.columns.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var columns = model.inputColumns.map { SchemaSpec.ColumnSpec(name: $0, kind: kinds[$0] ?? .numeric, role: .feature) }
        if let idColumn, !model.inputColumns.contains(idColumn) { columns.append(.init(name: idColumn, kind: .categorical, role: .id)) }
        let batch: ColumnarBatch, predictions: [Double]
        do {
            batch = try DatasetReader.readBatch(segment.text(of: data, header: header), source: "segment", schema: SchemaSpec(columns: columns))
            predictions = try model.artifact.model.predict(batch)
        } catch {
            return nil
        }
        // Infinite numbers are refused by the record path; let it name them.
        for name in model.inputColumns where kinds[name] == .numeric {
            guard case .numeric(let column)? = batch.column(named: name), !column.values.contains(where: { $0.isInfinite }) else { return nil }
        }
        var ids: [String] = []
        if let idColumn {
            guard let column = batch.column(named: idColumn) else { return nil }
            ids.reserveCapacity(batch.rowCount)
            for row in 0..<batch.rowCount {
                switch column {
                case .categorical(let values):
                    guard let id = values.value(at: row) else { return nil }
                    ids.append(id)
                case .numeric:
                    return nil
                }
            }
        }
        var part = Part()
        part.output.reserveCapacity(batch.rowCount * 48)
        for row in 0..<batch.rowCount {
            let id = idColumn == nil ? String(segment.firstLine + row) : ids[row]
            writer.append(id: id, prediction: predictions[row], to: &part.output)
            if let log {
                part.pending.append(PendingPrediction(id: log.idPrefix + id, timestamp: log.timestamp, modelVersion: model.version,
                                                      features: Self.json(batch, row: row), prediction: predictions[row]))
            }
        }
        part.summary.scored = batch.rowCount
        return part
    }

    /// A row of the batch as the flat JSON object the prediction log keeps.
    static func json(_ batch: ColumnarBatch, row: Int) -> String {
        var inputs: [String: FeatureInput] = [:]
        for (index, spec) in batch.schema.columns.enumerated() {
            switch batch.columns[index] {
            case .numeric(let column): inputs[spec.name] = column.values[row].isNaN ? .missing : .number(column.values[row])
            case .categorical(let column): inputs[spec.name] = column.value(at: row).map { .text($0) } ?? .missing
            }
        }
        return json(inputs)
    }
}

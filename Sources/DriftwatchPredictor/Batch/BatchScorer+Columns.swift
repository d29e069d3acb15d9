import DriftwatchData
import DriftwatchLearning
import Foundation

extension BatchScorer {
    /// What every segment of a run reads, worked out once per file: the typed columns, the
    /// numeric inputs to check, and where the id column sits when ids are taken from the lines.
    struct ColumnPlan: Sendable {
        var schema: SchemaSpec
        var numericInputs: [String]
        /// The id column's position in a plain header (ids read from the lines as they are: a
        /// typed read would intern a million distinct texts); nil when the typed read carries them.
        var rawIDPosition: Int?
    }

    func columnPlan(header: Data, log: LogTarget?) -> ColumnPlan {
        let kinds = Dictionary(model.artifact.schema.columns.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var columns = model.inputColumns.map { SchemaSpec.ColumnSpec(name: $0, kind: kinds[$0] ?? .numeric, role: .feature) }
        var rawIDPosition: Int?
        if let idColumn, !model.inputColumns.contains(idColumn) {
            // The log keeps the id among the features: then it is read typed like the rest.
            if log == nil, let position = Self.plainHeader(header)?.firstIndex(of: idColumn) {
                rawIDPosition = position
            } else {
                columns.append(.init(name: idColumn, kind: .categorical, role: .id))
            }
        }
        return ColumnPlan(schema: SchemaSpec(columns: columns), numericInputs: model.inputColumns.filter { kinds[$0] == .numeric }, rawIDPosition: rawIDPosition)
    }

    /// Scores a plain CSV segment column by column: the model's inputs (and the id column) read
    /// typed, encoded and predicted as one batch — the same encoding as a single record's, so the
    /// same predictions. Nil when the segment needs the record path: it is not plain (its line
    /// numbers are not its row numbers), the reader refuses it (a value of the wrong type, a
    /// missing column, a ragged row), a numeric input holds a value the record path refuses, or
    /// an id is missing. The record path then reports or skips the exact rows.
    func scoreColumns(_ segment: CSVSegment, header: Range<Int>, data: Data, plan: ColumnPlan, writer: BatchOutputWriter, log: LogTarget?) -> Part? {
        guard segment.plain else { return nil }
        var rawIDs: [String]?
        if let position = plan.rawIDPosition {
            guard let ids = Self.fields(at: position, of: segment, in: data) else { return nil }
            rawIDs = ids
        }
        let batch: ColumnarBatch, predictions: [Double]
        do {
            batch = try DatasetReader.readBatch(segment.text(of: data, header: header), source: "segment", schema: plan.schema)
            predictions = try model.artifact.model.predict(batch)
        } catch {
            return nil
        }
        // Infinite numbers are refused by the record path; let it name them.
        for name in plan.numericInputs {
            guard case .numeric(let column)? = batch.column(named: name), !column.values.contains(where: { $0.isInfinite }) else { return nil }
        }
        var ids: [String] = rawIDs ?? []
        if let rawIDs {
            guard rawIDs.count == batch.rowCount else { return nil }
        } else if let idColumn {
            guard let column = batch.column(named: idColumn) else { return nil }
            ids.reserveCapacity(batch.rowCount)
            for row in 0..<batch.rowCount {
                switch column {
                case .categorical(let values):
                    guard let id = values.value(at: row) else { return nil }
                    ids.append(id)
                case .numeric, .vector:
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

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The header's names when it has no quotes (then a comma always separates two names).
    static func plainHeader(_ bytes: Data) -> [String]? {
        guard !bytes.contains(Self.quote) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// The field at `position` of every line of a plain segment; nil when a line is too short or
    /// the field is missing (the record path then names the line).
    static func fields(at position: Int, of segment: CSVSegment, in data: Data) -> [String]? {
        data.withUnsafeBytes { raw -> [String]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var result: [String] = []
            var offset = segment.range.lowerBound
            let end = segment.range.upperBound
            while offset < end {
                var field = 0, start = offset, stop = -1
                while offset < end && bytes[offset] != Self.lineFeed {
                    if bytes[offset] == Self.comma {
                        if field == position { stop = offset }
                        field += 1
                        if field == position { start = offset + 1 }
                    }
                    offset += 1
                }
                var lineEnd = offset
                if lineEnd > start && bytes[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
                if stop < 0 { stop = field == position ? lineEnd : -1 }
                guard stop >= start, field >= position else { return nil }
                let text = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                guard !MissingValue.isMissing(text) else { return nil }
                result.append(String(decoding: text, as: UTF8.self))
                offset += 1
            }
            return result
        }
    }

    /// A row of the batch as the flat JSON object the prediction log keeps.
    static func json(_ batch: ColumnarBatch, row: Int) -> String {
        FeatureInput.jsonObject(batch.featureInputs(row: row))
    }
}

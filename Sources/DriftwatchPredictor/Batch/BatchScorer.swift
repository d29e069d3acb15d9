import DriftwatchData
import DriftwatchLearning
import Foundation

/// The batch pattern: a file of inputs in, a file of predictions out, one record at a time so that
/// memory does not grow with the file. Each output row carries the input's id (the `idColumn`, or
/// the input's line number), the prediction, and the model name and version that made it.
public struct BatchScorer: Sendable {
    public let model: ServingModel
    /// The input column whose value identifies each row in the output (nil: the line number).
    public var idColumn: String?
    /// Bad rows are counted and left out instead of stopping the run.
    public var skipBadRows = false

    public init(model: ServingModel, idColumn: String? = nil, skipBadRows: Bool = false) {
        self.model = model
        self.idColumn = idColumn
        self.skipBadRows = skipBadRows
    }

    public struct Summary: Sendable, Equatable {
        public var scored = 0
        public var skipped = 0
        /// The first skipped row's problem, for the report.
        public var firstProblem: String?
    }

    public enum OutputFormat: Sendable {
        case csv, jsonLines

        /// JSON Lines for `.jsonl`/`.ndjson`, CSV otherwise.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .jsonLines : .csv
        }
    }

    /// Scores `input` into `output`; a bad row stops the run with its file, line and column
    /// (nothing is left half-written: the output is written to a temporary file and moved in place
    /// at the end), unless `skipBadRows`.
    public func run(input: String, output: String) throws -> Summary {
        let format = OutputFormat(path: output)
        let temporary = output + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw DataError(file: output, "cannot be written")
        }
        var writer = BatchOutputWriter(handle: handle, format: format, model: model)
        var summary = Summary()
        do {
            try writer.header()
            try RecordStream.forEach(path: input) { record, line in
                do {
                    let (inputs, id) = try Self.inputs(record, source: input, line: line, idColumn: idColumn)
                    let encoded: EncodedRecord
                    do {
                        encoded = try model.encoder.encode(inputs)
                    } catch let error as RecordError {
                        throw DataError(file: input, line: line, column: Self.column(of: error.message, in: record), error.message)
                    }
                    try writer.write(id: id, prediction: model.artifact.model.predict(row: encoded.row[...]))
                    summary.scored += 1
                } catch let error as DataError where skipBadRows {
                    summary.skipped += 1
                    if summary.firstProblem == nil { summary.firstProblem = error.description }
                }
            }
            try writer.finish()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
        try FileManager.default.moveItem(atPath: temporary, toPath: output)
        return summary
    }

    /// A record's inputs as the encoder takes them, and its id.
    static func inputs(_ record: RecordStream.Record, source: String, line: Int, idColumn: String?) throws -> ([String: FeatureInput], String) {
        var inputs: [String: FeatureInput] = [:]
        switch record {
        case .csv(let header, let fields):
            for (name, field) in zip(header, fields) {
                guard let field, !MissingValue.isMissing(field) else {
                    inputs[name] = .missing
                    continue
                }
                inputs[name] = NumberParser.parse(field).map { $0.isFinite ? .number($0) : .text(field) } ?? .text(field)
            }
        case .json(let object):
            for (key, value) in object.members {
                inputs[key] = FeatureInput(value) ?? .missing
            }
        }
        guard let idColumn else { return (inputs, String(line)) }
        switch inputs[idColumn] {
        case .text(let text)?: return (inputs, text)
        case .number(let number)?: return (inputs, number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        default: throw DataError(file: source, line: line, column: idColumn, "the id column has no value")
        }
    }

    /// The name of the input a record error is about (its message names it in quotes), when the
    /// record has such a field.
    static func column(of message: String, in record: RecordStream.Record) -> String? {
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }
}

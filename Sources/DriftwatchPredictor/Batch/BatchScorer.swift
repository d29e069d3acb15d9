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
        /// Predictions written to the prediction log (with a log).
        public var logged = 0
    }

    /// Scores on a thread of its own (the file is read and scored synchronously) and, with a
    /// `log`, writes every prediction to it as well, as `instance`. Log ids are the model, version
    /// and row id (or the input's file name and line), so a run repeated after a failure logs
    /// each row once.
    public func run(input: String, output: String, log: PredictionLog?, instance: String = "batch") async throws -> Summary {
        let writer = log.map { BatchLogWriter(log: $0, instance: instance) }
        let prefix = "\(model.name)-v\(model.version)-" + (idColumn == nil ? (input as NSString).lastPathComponent + ":" : "")
        var summary: Summary
        do {
            summary = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Summary, any Error>) in
                Thread {
                    continuation.resume(with: Result { try run(input: input, output: output, log: writer.map { writer in (writer, prefix) }) })
                }.start()
            }
        } catch {
            _ = try? await writer?.finish()  // what was scored before the failure is logged; a rerun skips it
            throw error
        }
        if let writer { summary.logged = try await writer.finish() }
        return summary
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
        try run(input: input, output: output, log: nil)
    }

    func run(input: String, output: String, log: (writer: BatchLogWriter, idPrefix: String)?) throws -> Summary {
        let format = OutputFormat(path: output)
        var pending: [PendingPrediction] = []
        let now = Date().timeIntervalSince1970
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
                    let prediction = model.artifact.model.predict(row: encoded.row[...])
                    try writer.write(id: id, prediction: prediction)
                    summary.scored += 1
                    if let log {
                        pending.append(PendingPrediction(id: log.idPrefix + id, timestamp: now, modelVersion: model.version, features: Self.json(inputs), prediction: prediction))
                        if pending.count >= 5_000 {
                            try log.writer.send(pending)
                            pending.removeAll(keepingCapacity: true)
                        }
                    }
                } catch let error as DataError where skipBadRows {
                    summary.skipped += 1
                    if summary.firstProblem == nil { summary.firstProblem = error.description }
                }
            }
            try writer.finish()
            try handle.close()
            if let log, !pending.isEmpty { try log.writer.send(pending) }
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

    /// A record's inputs as the flat JSON object the prediction log keeps.
    static func json(_ inputs: [String: FeatureInput]) -> String {
        "{" + inputs.sorted { $0.key < $1.key }.map { key, value in
            let text = switch value {
            case .number(let number): JSONText.number(number)
            case .text(let text): JSONText.quote(text)
            case .missing: "null"
            }
            return JSONText.quote(key) + ":" + text
        }.joined(separator: ",") + "}"
    }

    /// The name of the input a record error is about (its message names it in quotes), when the
    /// record has such a field.
    static func column(of message: String, in record: RecordStream.Record) -> String? {
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }
}

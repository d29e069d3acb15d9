import DriftwatchData
import DriftwatchLearning
import Foundation

/// The batch pattern: a file of inputs in, a file of predictions out. Each output row carries the
/// input's id (the `idColumn`, or the input's line number), the prediction, and the model name and
/// version that made it. Memory stays bounded whatever the file's size: a CSV file is scored in
/// segments of about a megabyte, column by column and on every core (``CSVSegment``); JSON Lines,
/// and any segment the column reader refuses, record by record, which names the exact file, line
/// and column of a bad row.
public struct BatchScorer: Sendable {
    public let model: ServingModel
    /// The input column whose value identifies each row in the output (nil: the line number).
    public var idColumn: String?
    /// Bad rows are counted and left out instead of stopping the run.
    public var skipBadRows = false
    /// Bytes of input per segment.
    public var segmentBytes = 960 << 10

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
        /// Segments scored column by column, and record by record.
        public var columnarSegments = 0
        public var recordSegments = 0

        mutating func add(_ other: Summary) {
            scored += other.scored
            skipped += other.skipped
            if firstProblem == nil { firstProblem = other.firstProblem }
        }
    }

    public enum OutputFormat: Sendable {
        case csv, jsonLines

        /// JSON Lines for `.jsonl`/`.ndjson`, CSV otherwise.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .jsonLines : .csv
        }
    }

    /// What scoring part of the input produced: the formatted output rows, the rows for the
    /// prediction log, and the counts.
    struct Part {
        var output: [UInt8] = []
        var pending: [PendingPrediction] = []
        var summary = Summary()
    }

    /// Where predictions also go (`driftwatch predict --log`), and the prefix of their log ids.
    struct LogTarget {
        var writer: BatchLogWriter
        var idPrefix: String
        var timestamp: Double
    }

    /// Scores on threads of its own (the file is read and scored synchronously) and, with a
    /// `log`, writes every prediction to it as well, as `instance`. Log ids are the model, version
    /// and row id (or the input's file name and line), so a run repeated after a failure logs
    /// each row once.
    public func run(input: String, output: String, log: PredictionLog?, instance: String = "batch") async throws -> Summary {
        let writer = log.map { BatchLogWriter(log: $0, instance: instance) }
        let prefix = "\(model.name)-v\(model.version)-" + (idColumn == nil ? (input as NSString).lastPathComponent + ":" : "")
        let target = writer.map { LogTarget(writer: $0, idPrefix: prefix, timestamp: Date().timeIntervalSince1970) }
        var summary: Summary
        do {
            summary = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Summary, any Error>) in
                Thread {
                    continuation.resume(with: Result { try run(input: input, output: output, log: target) })
                }.start()
            }
        } catch {
            _ = try? await writer?.finish()  // what was scored before the failure is logged; a rerun skips it
            throw error
        }
        if let writer { summary.logged = try await writer.finish() }
        return summary
    }

    /// Scores `input` into `output`; a bad row stops the run with its file, line and column
    /// (nothing is left half-written: the output is written to a temporary file and moved in place
    /// at the end), unless `skipBadRows`.
    public func run(input: String, output: String) throws -> Summary {
        try run(input: input, output: output, log: nil)
    }

    func run(input: String, output: String, log: LogTarget?) throws -> Summary {
        let writer = BatchOutputWriter(format: OutputFormat(path: output), model: model)
        let temporary = output + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw DataError(file: output, "cannot be written")
        }
        var summary = Summary()
        do {
            try handle.write(contentsOf: writer.header)
            let data = try DatasetReader.contents(path: input)
            let emit = { (part: Part) throws in
                try handle.write(contentsOf: part.output)
                summary.add(part.summary)
                if let log, !part.pending.isEmpty { try log.writer.send(part.pending) }
            }
            switch DatasetFormat.detect(path: input, data: data) {
            case .csv:
                let (header, segments) = try CSVSegment.cut(data, source: input, bytes: segmentBytes)
                let plan = columnPlan(header: data[header], log: log)
                // Segments are scored a core's worth at a time and written in input order.
                let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
                for group in stride(from: 0, to: segments.count, by: width).map({ Array(segments[$0..<min($0 + width, segments.count)]) }) {
                    var parts = [Result<(Part, Bool), any Error>?](repeating: nil, count: group.count)
                    parts.withUnsafeMutableBufferPointer { results in
                        let results = UncheckedBox(results)
                        DispatchQueue.concurrentPerform(iterations: group.count) { index in
                            results.value[index] = Result { try score(group[index], header: header, data: data, source: input, plan: plan, writer: writer, log: log) }
                        }
                    }
                    for result in parts {
                        let (part, columnar) = try result!.get()
                        try emit(part)
                        if columnar { summary.columnarSegments += 1 } else { summary.recordSegments += 1 }
                    }
                }
            case .jsonLines:
                var part = Part()
                try RecordStream.jsonLines(data, source: input) { record, line in
                    try scoreRecord(record, line: line, source: input, writer: writer, log: log, into: &part)
                    if part.output.count >= 1 << 20 || part.pending.count >= 5_000 {
                        try emit(part)
                        part = Part()
                    }
                }
                try emit(part)
                summary.recordSegments = 1
            case .parquet:
                throw DataError(file: input, "batch scoring reads CSV or JSON Lines; convert the Parquet file first")
            }
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

    /// One segment: column by column when the column reader takes it, else record by record.
    func score(_ segment: CSVSegment, header: Range<Int>, data: Data, source: String, plan: ColumnPlan, writer: BatchOutputWriter, log: LogTarget?) throws -> (Part, Bool) {
        if let part = scoreColumns(segment, header: header, data: data, plan: plan, writer: writer, log: log) { return (part, true) }
        var part = Part()
        try segment.forEachRecord(data, header: header, source: source) { record, line in
            try scoreRecord(record, line: line, source: source, writer: writer, log: log, into: &part)
        }
        return (part, false)
    }

    /// Scores one record into `part`; a bad one throws its file, line and column, or is counted
    /// when `skipBadRows`.
    func scoreRecord(_ record: RecordStream.Record, line: Int, source: String, writer: BatchOutputWriter, log: LogTarget?, into part: inout Part) throws {
        do {
            let (inputs, id) = try Self.inputs(record, source: source, line: line, idColumn: idColumn)
            let prediction: Double
            do {
                prediction = try model.predict(inputs).value
            } catch let error as RecordError {
                throw DataError(file: source, line: line, column: Self.column(of: error.message, in: record), error.message)
            }
            writer.append(id: id, prediction: prediction, to: &part.output)
            part.summary.scored += 1
            if let log {
                part.pending.append(PendingPrediction(id: log.idPrefix + id, timestamp: log.timestamp, modelVersion: model.version,
                                                      features: FeatureInput.jsonObject(inputs), prediction: prediction))
            }
        } catch let error as DataError where skipBadRows {
            part.summary.skipped += 1
            if part.summary.firstProblem == nil { part.summary.firstProblem = error.description }
        }
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

/// Lets parallel workers fill distinct slots of one buffer.
struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

import Dispatch
import Foundation

/// Reads a file's chunks on every core and joins them: the first problem in file order is
/// reported with its true line; chunks whose inferred columns turned out categorical after they
/// had read numbers are read again with those columns declared categorical; then each column's
/// chunks are concatenated, categories renumbered in order of first appearance.
enum ChunkedRead {
    /// A chunk reader: the chunk's index and the kinds imposed on columns whose kind was inferred.
    typealias Parse = (_ chunk: Int, _ imposed: [String: ColumnKind]) -> ChunkOutput

    /// How many chunks a body of `bytes` bytes is cut into: one per core (twice that for large
    /// files, so a slow chunk does not hold the others up), one for small bodies.
    static func chunkCount(bytes: Int) -> Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if bytes < 1 << 20 || cores == 1 { return 1 }
        return bytes < 64 << 20 ? cores : 2 * cores
    }

    /// Runs `body` for 0..<count on all cores; results in index order.
    static func parallel<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        if count == 1 { return [body(0)] }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            withoutActuallyEscaping(body) { body in
                let body = UnsafeSendableBox(body)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    slots.buffer[index] = body.value(index)
                }
            }
        }
        return results.map { $0! }
    }

        /// The joined columns, and every key met by the chunks (JSON Lines), in order of first appearance.
    struct Joined {
        var names: [String]
        var columns: [Column]
        var rows: Int
        var keys: [String]
    }

    static func read(source: String, chunks count: Int, firstLine: Int, requested: [ColumnRequest]?, parse: Parse) throws -> Joined {
        var outputs = parallel(count) { parse($0, [:]) }
        try throwFirstFailure(outputs, source: source, firstLine: firstLine)
        var categorical = Set<String>()
        for output in outputs {
            for builder in output.builders where builder.declared == nil && builder.isCategorical { categorical.insert(builder.name) }
        }
        let rereads = outputs.indices.filter { index in
            outputs[index].builders.contains { categorical.contains($0.name) && ($0.lostNumbers || $0.hasNumbers) }
        }
        if !rereads.isEmpty {
            let imposed = Dictionary(uniqueKeysWithValues: categorical.map { ($0, ColumnKind.categorical) })
            let again = parallel(rereads.count) { parse(rereads[$0], imposed) }
            for (index, output) in zip(rereads, again) { outputs[index] = output }
            try throwFirstFailure(outputs, source: source, firstLine: firstLine)
        }
        var names = requested?.map(\.name) ?? []
        if requested == nil {
            var seen = Set<String>()
            for output in outputs {
                for builder in output.builders where seen.insert(builder.name).inserted { names.append(builder.name) }
            }
        }
        let firstLines = chunkFirstLines(outputs, firstLine: firstLine)
        let rows = outputs.reduce(0) { $0 + $1.rows }
        let columns = try names.map { name in
            let parts = outputs.map { output in output.builders.first { $0.name == name } }
            if parts.contains(where: { $0?.isVector == true }) {
                return Column.vector(try joinVector(parts, rows: outputs.map(\.rows), firstLines: firstLines, source: source))
            }
            if parts.contains(where: { $0?.isCategorical == true }) {
                return Column.categorical(try joinCategorical(parts, rows: outputs.map(\.rows), firstLines: firstLines, source: source, total: rows))
            }
            if parts.count == 1, let only = parts[0] { return Column.numeric(NumericColumn(values: only.values, missingCount: only.missingNumbers)) }
            var values: [Double] = []
            values.reserveCapacity(rows)
            var missing = 0
            for (part, chunkRows) in zip(parts, outputs.map(\.rows)) {
                if let part {
                    values.append(contentsOf: part.values)
                    missing += part.missingNumbers
                } else {
                    values.append(contentsOf: repeatElement(.nan, count: chunkRows))
                    missing += chunkRows
                }
            }
            return Column.numeric(NumericColumn(values: values, missingCount: missing))
        }
        var keys: [String] = []
        var seenKeys = Set<String>()
        for output in outputs {
            for key in output.keys where seenKeys.insert(key).inserted { keys.append(key) }
        }
        return Joined(names: names, columns: columns, rows: rows, keys: keys)
    }

    static func chunkFirstLines(_ outputs: [ChunkOutput], firstLine: Int) -> [Int] {
        var lines: [Int] = []
        var line = firstLine
        for output in outputs {
            lines.append(line)
            line += output.lines
        }
        return lines
    }

    static func throwFirstFailure(_ outputs: [ChunkOutput], source: String, firstLine: Int) throws {
        let firstLines = chunkFirstLines(outputs, firstLine: firstLine)
        for (output, line) in zip(outputs, firstLines) {
            if let failure = output.failure { throw failure.located(source: source, firstLine: line) }
        }
    }

    /// One vector column from its chunks, which must agree on the vectors' length and hold no
    /// single values.
    static func joinVector(_ parts: [ColumnBuilder?], rows: [Int], firstLines: [Int], source: String) throws -> VectorColumn {
        var dimensions = 0
        var firstLine = 0
        for (chunk, part) in parts.enumerated() {
            guard let part else { continue }
            if !part.isVector, part.hasValues {
                throw DataError(file: source, line: firstLines[chunk], column: part.name, "holds arrays in some rows and single values in others")
            }
            guard part.isVector, part.vectorDimensions > 0 else { continue }
            if dimensions == 0 {
                dimensions = part.vectorDimensions
                firstLine = firstLines[chunk] + part.vectorFirstLine
            } else if part.vectorDimensions != dimensions {
                throw DataError(file: source, line: firstLines[chunk] + part.vectorFirstLine, column: part.name,
                                "a vector of \(part.vectorDimensions) numbers where the one on line \(firstLine) had \(dimensions)")
            }
        }
        let total = rows.reduce(0, +)
        guard dimensions > 0 else { return VectorColumn(missingRows: total) }
        var values: [Double] = []
        values.reserveCapacity(total * dimensions)
        for (chunk, part) in parts.enumerated() {
            if let part, part.isVector, part.vectorDimensions > 0 {
                values.append(contentsOf: part.vectorColumn.values)
            } else {
                values.append(contentsOf: repeatElement(.nan, count: rows[chunk] * dimensions))
            }
        }
        return VectorColumn(dimensions: dimensions, values: values)
    }

    /// One categorical column from its chunks: each chunk's distinct values become text once
    /// (checked as UTF-8 there) and its codes are renumbered.
    static func joinCategorical(_ parts: [ColumnBuilder?], rows: [Int], firstLines: [Int], source: String, total: Int) throws -> CategoricalColumn {
        var index: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(total)
        for (chunk, part) in parts.enumerated() {
            guard let part, part.isCategorical else {
                codes.append(contentsOf: repeatElement(-1, count: rows[chunk]))
                continue
            }
            var renumbered = [Int32](repeating: -1, count: part.interner.count)
            for code in 0..<part.interner.count {
                let text = try part.interner.withBytes(code) { bytes -> String in
                    guard let text = String(validating: bytes, as: UTF8.self) else {
                        throw DataError(file: source, line: firstLines[chunk] + part.interner.firstLines[code], column: part.name, "invalid UTF-8")
                    }
                    return text
                }
                if let known = index[text] {
                    renumbered[code] = known
                } else {
                    let new = Int32(categories.count)
                    index[text] = new
                    categories.append(text)
                    renumbered[code] = new
                }
            }
            renumbered.withUnsafeBufferPointer { map in
                for code in part.codes { codes.append(code < 0 ? -1 : map[Int(code)]) }
            }
        }
        return CategoricalColumn(codes: codes, categories: categories)
    }
}

/// A buffer written at distinct indices by concurrent iterations.
struct UnsafeMutableSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// A closure called from concurrent iterations that only read shared state.
struct UnsafeSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

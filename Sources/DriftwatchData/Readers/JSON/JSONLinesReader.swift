import Foundation

/// Reads JSON Lines: one JSON object per line, values that are numbers, strings, booleans or null.
/// The columns are the union of the keys in the order they first appear; a key absent from a line
/// is a missing value. A column that holds a JSON string (or a boolean) is categorical unless
/// declared numeric.
///
/// A line feed never occurs inside JSON text, so the file is cut into chunks at line feeds and
/// the chunks are typed in parallel, straight from the bytes.
public enum JSONLinesReader {
    public static func read(_ data: Data, source: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        try data.withUnsafeBytes { raw in
            try read(bytes: raw.bindMemory(to: UInt8.self), source: source, columns: columns)
        }
    }

    public static func read(bytes: UnsafeBufferPointer<UInt8>, source: String, columns requested: [ColumnRequest]?) throws -> TypedTable {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        guard start < bytes.count else { throw DataError(file: source, "the file is empty") }
        let boundaries = lineBoundaries(bytes, from: start, count: ChunkedRead.chunkCount(bytes: bytes.count - start))
        let result = try ChunkedRead.read(source: source, chunks: boundaries.count - 1, firstLine: 1, requested: requested) { chunk, imposed in
            var parser = JSONLinesChunkParser(bytes: bytes, requested: requested, imposed: imposed)
            return parser.parse(from: boundaries[chunk], to: boundaries[chunk + 1])
        }
        let keys = result.keys
        if result.rows == 0 { throw DataError(file: source, "the file has no JSON objects") }
        for request in requested ?? [] where !keys.contains(request.name) {
            throw DataError(file: source, line: 1, column: request.name, "the schema names this column but the data has no such column (found: \(keys.joined(separator: ", ")))")
        }
        return TypedTable(source: source, header: keys, names: result.names, columns: result.columns, rowCount: result.rows)
    }

    /// Chunk starts: after the first line feed at or past each equal share of the bytes.
    static func lineBoundaries(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [Int] {
        var result = [start]
        guard count > 1 else { return [start, bytes.count] }
        let span = (bytes.count - start) / count
        for index in 1..<count {
            var position = max(start + index * span, result.last!)
            while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            if position + 1 < bytes.count && position + 1 > result.last! { result.append(position + 1) }
        }
        result.append(bytes.count)
        return result
    }
}

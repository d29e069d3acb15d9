import Foundation

/// Reads comma-separated values as RFC 4180 defines them: a header record, quoted fields with
/// doubled quotes inside, commas and line breaks inside quotes, CRLF or LF record ends, an optional
/// UTF-8 byte order mark. Every record must have as many fields as the header.
///
/// Values are typed straight from the bytes — numbers parsed where they lie, labels
/// dictionary-encoded as bytes — in parallel chunks (``CSVChunks``); columns not asked for are
/// skipped. Errors name the file, line and column.
public enum CSVReader {
    /// Reads the requested columns (every column, kinds inferred, when `columns` is nil).
    public static func read(_ data: Data, source: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        try data.withUnsafeBytes { raw in
            try read(bytes: raw.bindMemory(to: UInt8.self), source: source, columns: columns)
        }
    }

    public static func read(bytes buffer: UnsafeBufferPointer<UInt8>, source: String, columns requested: [ColumnRequest]?) throws -> TypedTable {
        guard let bytes = buffer.baseAddress, !buffer.isEmpty else { throw DataError(file: source, "the file is empty") }
        let end = buffer.count
        var position = 0
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        // Blank lines before the header carry nothing.
        var line = 1
        while position < end && (bytes[position] == CSVSyntax.lf || bytes[position] == CSVSyntax.cr) {
            CSVSyntax.skipRecordEnd(bytes, &position, end: end)
            line += 1
        }
        guard position < end else { throw DataError(file: source, "the file is empty") }
        let headerLine = line
        let header: [String]
        do {
            var lines = 0
            header = try Self.header(bytes, &position, end: end, lines: &lines)
            line += lines
        } catch let failure as ReadFailure {
            throw failure.located(source: source, firstLine: headerLine)
        }
        try validateHeader(header, source: source, line: headerLine)
        let wanted = requested ?? header.map { ColumnRequest(name: $0) }
        var slotOf = [Int](repeating: -1, count: header.count)
        for (slot, request) in wanted.enumerated() {
            guard let index = header.firstIndex(of: request.name) else {
                throw DataError(file: source, line: headerLine, column: request.name, "the schema names this column but the data has no such column (found: \(header.joined(separator: ", ")))")
            }
            slotOf[index] = slot
        }
        let boundaries = CSVChunks.boundaries(bytes, from: position, to: end, count: ChunkedRead.chunkCount(bytes: end - position))
        let result = try ChunkedRead.read(source: source, chunks: boundaries.count - 1, firstLine: line, requested: wanted) { chunk, imposed in
            var parser = CSVChunkParser(bytes: bytes, slotOf: slotOf, fieldCount: header.count,
                                        columns: wanted.map { ColumnRequest(name: $0.name, kind: $0.kind ?? imposed[$0.name]) },
                                        expectedRows: (boundaries[chunk + 1] - boundaries[chunk]) / max(1, header.count * 4))
            return parser.parse(from: boundaries[chunk], to: boundaries[chunk + 1])
        }
        if result.rows == 0 { throw DataError(file: source, "the file has a header but no data rows") }
        return TypedTable(source: source, header: header, names: result.names, columns: result.columns, rowCount: result.rows)
    }

    /// The header record, each name checked as UTF-8.
    static func header(_ bytes: UnsafePointer<UInt8>, _ position: inout Int, end: Int, lines: inout Int) throws -> [String] {
        var names: [String] = []
        while true {
            let field = try CSVSyntax.field(bytes, &position, end: end, lines: &lines, fieldNumber: names.count + 1)
            let name = try CSVSyntax.withText(bytes, field) { text -> String in
                guard let name = String(validating: text, as: UTF8.self) else {
                    throw ReadFailure(line: lines, message: "invalid UTF-8 in header field \(names.count + 1)")
                }
                return name
            }
            names.append(name)
            if position >= end { return names }
            if bytes[position] == CSVSyntax.comma {
                position += 1
                continue
            }
            CSVSyntax.skipRecordEnd(bytes, &position, end: end)
            lines += 1
            return names
        }
    }

    static func validateHeader(_ header: [String], source: String, line: Int) throws {
        var seen = Set<String>()
        for (index, name) in header.enumerated() {
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DataError(file: source, line: line, "header field \(index + 1) has no name")
            }
            if !seen.insert(name).inserted {
                throw DataError(file: source, line: line, column: name, "the header names this column twice")
            }
        }
    }
}

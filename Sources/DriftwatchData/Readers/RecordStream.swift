import Foundation

/// A data file read one record at a time, in file order, for work that must not hold the whole
/// file in memory (batch scoring): CSV (RFC 4180, header first) or JSON Lines. The file is mapped,
/// so its pages stay the system's to drop; each record is handed over and forgotten.
public enum RecordStream {
    /// One record's fields: a CSV record's texts by header name (nil for an empty field), or a
    /// JSON Lines object's members.
    public enum Record {
        case csv(header: [String], fields: [String?])
        case json(FlatJSONObject)
    }

    /// Calls `body` with each record and its line number (1-based, the line the record starts on).
    public static func forEach(path: String, _ body: (Record, Int) throws -> Void) throws {
        let data = try DatasetReader.contents(path: path)
        switch DatasetFormat.detect(path: path, data: data) {
        case .csv: try csv(data, source: path, body)
        case .jsonLines: try jsonLines(data, source: path, body)
        case .parquet: throw DataError(file: path, "batch scoring reads CSV or JSON Lines; convert the Parquet file first")
        }
    }

    public static func csv(_ data: Data, source: String, _ body: (Record, Int) throws -> Void) throws {
        try data.withUnsafeBytes { raw in
            guard let bytes = raw.bindMemory(to: UInt8.self).baseAddress else { throw DataError(file: source, "is empty: the header is missing") }
            let end = raw.count
            var position = raw.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            var line = 1
            func record() throws -> [String?] {
                var fields: [String?] = []
                while true {
                    let field = try CSVSyntax.field(bytes, &position, end: end, lines: &line, fieldNumber: fields.count + 1)
                    fields.append(CSVSyntax.withText(bytes, field) { text in text.isEmpty ? nil : String(decoding: text, as: UTF8.self) })
                    if position < end && bytes[position] == CSVSyntax.comma {
                        position += 1
                        continue
                    }
                    CSVSyntax.skipRecordEnd(bytes, &position, end: end)
                    return fields
                }
            }
            do {
                guard position < end else { throw DataError(file: source, "is empty: the header is missing") }
                let header = try record().map { $0 ?? "" }
                line += 1
                while position < end {
                    let start = line
                    let fields = try record()
                    line += 1
                    if fields.count == 1 && fields[0] == nil { continue }  // a blank line
                    guard fields.count == header.count else {
                        throw DataError(file: source, line: start, "has \(fields.count) fields where the header has \(header.count)")
                    }
                    try body(.csv(header: header, fields: fields), start)
                }
            } catch let failure as ReadFailure {
                throw DataError(file: source, line: failure.line, column: failure.column, failure.message)
            }
        }
    }

    public static func jsonLines(_ data: Data, source: String, _ body: (Record, Int) throws -> Void) throws {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0, line = 1
            while start < bytes.count {
                var stop = start
                while stop < bytes.count && bytes[stop] != CSVSyntax.lf { stop += 1 }
                var text = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                if text.last == CSVSyntax.cr { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
                if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    do {
                        try body(.json(try FlatJSONObject.parse(text)), line)
                    } catch let error as FlatJSONObject.ParseError {
                        throw DataError(file: source, line: line, column: error.key, error.message)
                    }
                }
                start = stop + 1
                line += 1
            }
        }
    }
}

import Foundation

/// Reads comma-separated values as RFC 4180 defines them: a header record, quoted fields with
/// doubled quotes inside, commas and line breaks inside quotes, CRLF or LF record ends, an optional
/// UTF-8 byte order mark. Every record must have as many fields as the header.
public enum CSVReader {
    public static func parse(_ data: Data, source: String) throws -> RawTable {
        try data.withUnsafeBytes { raw in
            try parse(bytes: raw.bindMemory(to: UInt8.self), source: source)
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> RawTable {
        var position = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        if position >= bytes.count || bytes[position...].allSatisfy({ $0 == lf || $0 == cr }) {
            throw DataError(file: source, "the file is empty")
        }
        var line = 1
        var header: [String] = []
        var cells: [[String?]] = []
        var lines: [Int] = []
        var field = [UInt8]()
        var record: [String] = []

        func text(_ bytes: UnsafeBufferPointer<UInt8>, recordLine: Int, fieldIndex: Int) throws -> String {
            guard let string = String(validating: bytes, as: UTF8.self) else {
                let name = fieldIndex < header.count ? header[fieldIndex] : nil
                throw DataError(file: source, line: recordLine, column: name, "invalid UTF-8 in field \(fieldIndex + 1)")
            }
            return string
        }

        while position < bytes.count {
            let recordLine = line
            record.removeAll(keepingCapacity: true)
            var atRecordEnd = false
            // One record.
            while !atRecordEnd {
                if position < bytes.count && bytes[position] == quote {
                    // Quoted: copy the field, undoubling quotes.
                    field.removeAll(keepingCapacity: true)
                    position += 1
                    var closed = false
                    while position < bytes.count {
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < bytes.count && bytes[position + 1] == quote {
                                field.append(quote)
                                position += 2
                                continue
                            }
                            position += 1
                            closed = true
                            break
                        }
                        if byte == lf { line += 1 }
                        field.append(byte)
                        position += 1
                    }
                    if !closed {
                        throw DataError(file: source, line: recordLine, "a quoted field is not closed before the end of the file")
                    }
                    if position < bytes.count && bytes[position] != comma && bytes[position] != lf && bytes[position] != cr {
                        throw DataError(file: source, line: line, "unexpected character after a closing quote in field \(record.count + 1)")
                    }
                    record.append(try field.withUnsafeBufferPointer { try text($0, recordLine: recordLine, fieldIndex: record.count) })
                } else {
                    // Unquoted: the field is a slice of the input.
                    let start = position
                    while position < bytes.count {
                        let byte = bytes[position]
                        if byte == comma || byte == lf || byte == cr { break }
                        if byte == quote {
                            throw DataError(file: source, line: line, "a quote inside an unquoted field \(record.count + 1); quote the whole field and double the quote")
                        }
                        position += 1
                    }
                    record.append(try text(UnsafeBufferPointer(rebasing: bytes[start..<position]), recordLine: recordLine, fieldIndex: record.count))
                }
                if position >= bytes.count {
                    atRecordEnd = true
                } else if bytes[position] == comma {
                    position += 1
                } else {
                    // CRLF, LF or a lone CR ends the record.
                    if bytes[position] == cr && position + 1 < bytes.count && bytes[position + 1] == lf { position += 1 }
                    position += 1
                    line += 1
                    atRecordEnd = true
                }
            }
            // A blank line carries no data, except in a one-column file where it is a missing value.
            if record.count == 1 && record[0].isEmpty && header.count != 1 { continue }
            if header.isEmpty {
                header = record
                try validateHeader(header, source: source)
                cells = Array(repeating: [], count: header.count)
                continue
            }
            guard record.count == header.count else {
                throw DataError(file: source, line: recordLine, "expected \(header.count) fields as in the header, found \(record.count)")
            }
            for (index, value) in record.enumerated() {
                cells[index].append(MissingValue.isMissing(value) ? nil : value)
            }
            lines.append(recordLine)
        }
        if lines.isEmpty {
            throw DataError(file: source, "the file has a header but no data rows")
        }
        return RawTable(source: source, header: header, cells: cells, lines: lines)
    }

    static func validateHeader(_ header: [String], source: String) throws {
        var seen = Set<String>()
        for (index, name) in header.enumerated() {
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DataError(file: source, line: 1, "header field \(index + 1) has no name")
            }
            if !seen.insert(name).inserted {
                throw DataError(file: source, line: 1, column: name, "the header names this column twice")
            }
        }
    }
}

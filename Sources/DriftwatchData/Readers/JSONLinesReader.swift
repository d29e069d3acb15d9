import Foundation

/// Reads JSON Lines: one JSON object per line, values that are numbers, strings, booleans or null.
/// The columns are the union of the keys in the order they first appear; a key absent from a line
/// is a missing value.
public enum JSONLinesReader {
    public static func parse(_ data: Data, source: String) throws -> RawTable {
        try data.withUnsafeBytes { raw in
            try parse(bytes: raw.bindMemory(to: UInt8.self), source: source)
        }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> RawTable {
        var header: [String] = []
        var indexOf: [String: Int] = [:]
        var cells: [[String?]] = []
        var lines: [Int] = []
        var quoted = Set<Int>()
        var lineNumber = 0
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            start = next
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let object: FlatJSONObject
            do {
                object = try FlatJSONObject.parse(line)
            } catch let error as FlatJSONObject.ParseError {
                throw DataError(file: source, line: lineNumber, column: error.key, error.message)
            }
            let row = lines.count
            for column in cells.indices { cells[column].append(nil) }
            for (key, value) in object.members {
                let column: Int
                if let known = indexOf[key] {
                    column = known
                } else {
                    column = header.count
                    indexOf[key] = column
                    header.append(key)
                    cells.append(Array(repeating: nil, count: row + 1))
                }
                switch value {
                case .null: break
                case .number(let text): cells[column][row] = text
                case .bool(let flag):
                    cells[column][row] = flag ? "true" : "false"
                    quoted.insert(column)
                case .string(let text):
                    cells[column][row] = MissingValue.isMissing(text) ? nil : text
                    quoted.insert(column)
                }
            }
            lines.append(lineNumber)
        }
        if lineNumber == 0 { throw DataError(file: source, "the file is empty") }
        if lines.isEmpty { throw DataError(file: source, "the file has no JSON objects") }
        return RawTable(source: source, header: header, cells: cells, lines: lines, quotedColumns: quoted)
    }
}

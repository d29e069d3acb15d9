import Foundation

/// Reads JSON Lines: one JSON object per line, values that are numbers, strings, booleans or null.
/// The columns are the union of the keys in file order; a key absent from a line is a missing value.
public enum JSONLinesReader {
    public static func parse(_ data: Data, source: String) throws -> RawTable {
        var header: [String] = []
        var indexOf: [String: Int] = [:]
        var cells: [[String?]] = []
        var lines: [Int] = []
        var quoted = Set<Int>()
        var lineNumber = 0
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        let decoder = JSONDecoder()
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            var lineBytes = data[start..<end]
            start = end < data.endIndex ? end + 1 : end
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard String(validating: lineBytes, as: UTF8.self) != nil else {
                throw DataError(file: source, line: lineNumber, "invalid UTF-8")
            }
            let object: [String: JSONScalar]
            do {
                object = try decoder.decode([String: JSONScalar].self, from: lineBytes)
            } catch let error as JSONScalar.Unsupported {
                throw DataError(file: source, line: lineNumber, column: error.key, error.message)
            } catch {
                throw DataError(file: source, line: lineNumber, "not a JSON object of scalar values")
            }
            let row = lines.count
            for key in object.keys.sorted() where indexOf[key] == nil {
                indexOf[key] = header.count
                header.append(key)
                cells.append(Array(repeating: nil, count: row))
            }
            for column in cells.indices { cells[column].append(nil) }
            for (key, value) in object {
                let column = indexOf[key]!
                switch value {
                case .null: break
                case .number(let text): cells[column][row] = text
                case .bool(let flag): cells[column][row] = flag ? "true" : "false"; quoted.insert(column)
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

/// A scalar JSON value as found in one JSON Lines field.
enum JSONScalar: Decodable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)

    struct Unsupported: Error { var key: String?; var message: String }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let flag = try? container.decode(Bool.self) { self = .bool(flag); return }
        if let number = try? container.decode(Double.self) {
            self = .number(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
            return
        }
        if let text = try? container.decode(String.self) { self = .string(text); return }
        throw Unsupported(key: decoder.codingPath.last?.stringValue, message: "nested arrays and objects are not supported; flatten the record")
    }
}

/// A request body of flat JSON records: one object, or an array of objects. Shared by the
/// predictor's `/predict` and the agent's ingest endpoints.
public enum FlatJSONRecords {
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
    }

    /// The objects and the byte range each came from (for logging them as sent).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> (objects: [(FlatJSONObject, Range<Int>)], isArray: Bool) {
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else { throw Failure(message: "empty body: send a JSON object or an array of objects") }
        if bytes[start] == UInt8(ascii: "[") {
            let ranges = try arrayElements(bytes, from: start)
            guard !ranges.isEmpty else { throw Failure(message: "empty array: send at least one record") }
            return (try ranges.enumerated().map { index, range in (try object(UnsafeBufferPointer(rebasing: bytes[range]), index: index), range) }, true)
        }
        return ([(try object(UnsafeBufferPointer(rebasing: bytes[start...]), index: nil), start..<bytes.count)], false)
    }

    static func object(_ bytes: UnsafeBufferPointer<UInt8>, index: Int?) throws -> FlatJSONObject {
        do {
            return try FlatJSONObject.parse(bytes)
        } catch let error as FlatJSONObject.ParseError {
            let place = index.map { "record \($0): " } ?? ""
            throw Failure(message: "\(place)invalid JSON\(error.key.map { " at '\($0)'" } ?? ""): \(error.message)")
        }
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Byte ranges of the objects in a JSON array of flat objects (strings may contain any character).
    static func arrayElements(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = start + 1
        func skipSpace() { while i < bytes.count, isSpace(bytes[i]) { i += 1 } }
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            skipSpace()
            guard i == bytes.count else { throw Failure(message: "invalid JSON: text after the array") }
            return []
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
                throw Failure(message: "invalid JSON: array elements must be objects keyed by column name")
            }
            let objectStart = i
            // Arrays (vectors) may sit inside an object; the object's own scanner checks them.
            var inString = false, escaped = false, arrays = 0
            i += 1
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "[") {
                    arrays += 1
                } else if byte == UInt8(ascii: "]") {
                    arrays -= 1
                } else if byte == UInt8(ascii: "}") && arrays <= 0 {
                    break
                } else if byte == UInt8(ascii: "{") {
                    throw Failure(message: "record \(ranges.count): nested objects are not supported")
                }
                i += 1
            }
            guard i < bytes.count else { throw Failure(message: "invalid JSON: an object is not closed") }
            i += 1
            ranges.append(objectStart..<i)
            skipSpace()
            guard i < bytes.count else { throw Failure(message: "invalid JSON: the array is not closed") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { throw Failure(message: "invalid JSON: expected ',' or ']' in the array") }
            i += 1
            skipSpace()
            guard i == bytes.count else { throw Failure(message: "invalid JSON: text after the array") }
            return ranges
        }
    }
}

/// The grammar of the one shape of JSON that Driftwatch reads as data: an object whose values
/// are strings, numbers, booleans, null, or arrays of numbers (vectors). The scanner hands each member's key and value to
/// its caller as bytes (escapes resolved), so that readers can type values without making a
/// `String` of each; ``FlatJSONObject`` builds strings from the same members.
struct FlatJSONScanner {
    enum Value {
        case null
        case bool(Bool)
        /// A number's text, checked against the JSON number grammar.
        case number(JSONText)
        case string(JSONText)
        /// An array of numbers, brackets included (each number checked against the grammar);
        /// ``VectorText`` reads it.
        case array(JSONText)
    }

    /// Text inside the scanned bytes, or a decoded copy when it held escapes.
    struct JSONText {
        var range: Range<Int>
        var decoded: [UInt8]?

        @inline(__always)
        func withBytes<T>(in source: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
            if let decoded { return try decoded.withUnsafeBufferPointer(body) }
            return try body(UnsafeBufferPointer(rebasing: source[range]))
        }

        /// The text as a string (for messages and numbers; not checked as UTF-8).
        func string(in source: UnsafeBufferPointer<UInt8>) -> String {
            withBytes(in: source) { String(decoding: $0, as: UTF8.self) }
        }
    }

    struct Failure: Error {
        var key: JSONText?
        var message: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Scans one object that must fill the bytes (white space around it allowed), calling
    /// `member` for each key and value in order.
    mutating func object(_ member: (JSONText, Value) throws -> Void) throws {
        skipSpace()
        try expect(UInt8(ascii: "{"), "a JSON object must start with '{'")
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Failure(message: "expected a quoted key") }
                let key = try string()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw Failure(message: "expected ':' after key \"\(text(key))\"") }
                position += 1
                skipSpace()
                try member(key, try value(key: key))
                skipSpace()
                if peek == UInt8(ascii: ",") { position += 1; continue }
                guard peek == UInt8(ascii: "}") else { throw Failure(message: "expected ',' or '}' after the value of \"\(text(key))\"") }
                position += 1
                break
            }
        }
        skipSpace()
        guard position == bytes.count else { throw Failure(message: "unexpected text after the object") }
    }

    func text(_ text: JSONText) -> String { text.string(in: bytes) }

    mutating func value(key: JSONText) throws -> Value {
        switch peek {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "["): return .array(try array(key: key))
        case UInt8(ascii: "{"):
            throw Failure(key: key, message: "nested objects are not supported; flatten the record")
        default: return .number(try number(key: key))
        }
    }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws {
        guard peek == byte else { throw Failure(message: message) }
        position += 1
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else {
            throw Failure(message: "invalid literal (expected \(word))")
        }
        position += count
    }

    /// An array of numbers: '[' number (',' number)* ']'; a vector holds at least one.
    mutating func array(key: JSONText) throws -> JSONText {
        let start = position
        position += 1
        skipSpace()
        if peek == UInt8(ascii: "]") { throw Failure(key: key, message: "an empty vector") }
        while true {
            skipSpace()
            switch peek {
            case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "f"):
                throw Failure(key: key, message: "an array may hold numbers only (a vector); flatten the record")
            default: _ = try number(key: key)
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw Failure(key: key, message: "expected ',' or ']' in the array of \"\(text(key))\"") }
            position += 1
            return JSONText(range: start..<position)
        }
    }

    /// A JSON number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    mutating func number(key: JSONText) throws -> JSONText {
        let start = position
        func digits() -> Int {
            let from = position
            while let byte = peek, byte >= 0x30 && byte <= 0x39 { position += 1 }
            return position - from
        }
        if peek == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        var valid = integerDigits > 0 && !(integerDigits > 1 && bytes[integerStart] == 0x30)
        if valid && peek == UInt8(ascii: ".") {
            position += 1
            valid = digits() > 0
        }
        if valid, let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            valid = digits() > 0
        }
        guard valid else { throw Failure(key: key, message: "not a valid JSON value") }
        return JSONText(range: start..<position)
    }

    /// A JSON string, escapes resolved. The caller has checked that it starts with a quote.
    mutating func string() throws -> JSONText {
        position += 1
        let start = position
        // Fast path: no escapes.
        while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw Failure(message: "a control character inside a string") }
            position += 1
        }
        guard let stop = peek else { throw Failure(message: "a string is not closed") }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return JSONText(range: start..<(position - 1))
        }
        var buffer = Array(bytes[start..<position])
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return JSONText(range: start..<(position - 1), decoded: buffer)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw Failure(message: "a string is not closed") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): buffer.append(contentsOf: Array(String(try unicodeEscape()).utf8))
                default: throw Failure(message: "invalid escape in a string")
                }
            default:
                guard byte >= 0x20 else { throw Failure(message: "a control character inside a string") }
                buffer.append(byte)
            }
        }
        throw Failure(message: "a string is not closed")
    }

    /// `\uXXXX`, combining a surrogate pair into one scalar.
    mutating func unicodeEscape() throws -> Character {
        let first = try hex4()
        if (0xD800...0xDBFF).contains(first) {
            guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw Failure(message: "an unpaired surrogate in a \\u escape")
            }
            position += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw Failure(message: "an unpaired surrogate in a \\u escape")
            }
            return Character(scalar)
        }
        guard let scalar = Unicode.Scalar(first) else { throw Failure(message: "an unpaired surrogate in a \\u escape") }
        return Character(scalar)
    }

    mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw Failure(message: "a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Failure(message: "a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}

/// The bytes that give CSV its structure, and the scanning of one field.
enum CSVSyntax {
    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Whether a byte ends an unquoted field.
    @inline(__always)
    static func endsField(_ byte: UInt8) -> Bool { byte == comma || byte == lf || byte == cr }

    /// One field as found in the input.
    struct Field {
        /// The field's bytes without enclosing quotes (doubled quotes still doubled).
        var start: Int
        var end: Int
        /// Whether it held doubled quotes that must be undoubled.
        var escaped = false
        var quoted = false
    }

    /// Scans the field at `position` and leaves `position` on the byte after it (a comma, a
    /// line end, or `end`); counts line feeds inside quotes into `lines`.
    @inline(__always)
    static func field(_ bytes: UnsafePointer<UInt8>, _ position: inout Int, end: Int, lines: inout Int, fieldNumber: Int) throws -> Field {
        if position < end && bytes[position] == quote {
            position += 1
            var field = Field(start: position, end: position, quoted: true)
            let openedOn = lines
            while true {
                guard position < end else {
                    throw ReadFailure(line: openedOn, message: "a quoted field is not closed before the end of the file")
                }
                let byte = bytes[position]
                if byte == quote {
                    if position + 1 < end && bytes[position + 1] == quote {
                        field.escaped = true
                        position += 2
                        continue
                    }
                    field.end = position
                    position += 1
                    break
                }
                if byte == lf { lines += 1 }
                position += 1
            }
            if position < end && !endsField(bytes[position]) {
                throw ReadFailure(line: lines, message: "unexpected character after a closing quote in field \(fieldNumber)")
            }
            return field
        }
        let start = position
        while position < end {
            let byte = bytes[position]
            if endsField(byte) { break }
            if byte == quote {
                throw ReadFailure(line: lines, message: "a quote inside an unquoted field \(fieldNumber); quote the whole field and double the quote")
            }
            position += 1
        }
        return Field(start: start, end: position)
    }

    /// Passes the field's text (doubled quotes undoubled, in a copy, when there are any) to `body`.
    @inline(__always)
    static func withText<T>(_ bytes: UnsafePointer<UInt8>, _ field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        if !field.escaped { return try body(UnsafeBufferPointer(start: bytes + field.start, count: field.end - field.start)) }
        var text: [UInt8] = []
        var position = field.start
        while position < field.end {
            text.append(bytes[position])
            position += bytes[position] == quote ? 2 : 1
        }
        return try text.withUnsafeBufferPointer(body)
    }

    /// Consumes a record end (CRLF, LF or a lone CR) at `position`, if there is one.
    @inline(__always)
    static func skipRecordEnd(_ bytes: UnsafePointer<UInt8>, _ position: inout Int, end: Int) {
        if bytes[position] == cr && position + 1 < end && bytes[position + 1] == lf { position += 1 }
        position += 1
    }
}

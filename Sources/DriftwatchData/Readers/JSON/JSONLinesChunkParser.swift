/// Reads the lines of one chunk of a JSON Lines file into column builders. Keys are recognised
/// as bytes; only a new key becomes a string.
struct JSONLinesChunkParser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The columns asked for (nil: every key is a column).
    let requested: [ColumnRequest]?
    let imposed: [String: ColumnKind]
    var builders: [ColumnBuilder]
    var keyCodes = ByteInterner()
    /// Per key code: its builder (-1 when not asked for), its name, the last row it was set in.
    var keySlots: [Int] = []
    var keyNames: [String] = []
    var keyRows: [Int] = []

    init(bytes: UnsafeBufferPointer<UInt8>, requested: [ColumnRequest]?, imposed: [String: ColumnKind]) {
        self.bytes = bytes
        self.requested = requested
        self.imposed = imposed
        builders = (requested ?? []).map { ColumnBuilder(name: $0.name, declared: $0.kind ?? imposed[$0.name]) }
    }

    mutating func parse(from start: Int, to end: Int) -> ChunkOutput {
        var output = ChunkOutput()
        var position = start
        var line = 0
        var rows = 0
        while position < end {
            var stop = position
            while stop < end && bytes[stop] != 0x0A { stop += 1 }
            let next = stop + 1
            if stop > position && bytes[stop - 1] == 0x0D { stop -= 1 }
            let text = UnsafeBufferPointer(rebasing: bytes[position..<stop])
            position = next
            defer { line += 1 }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                try object(text, row: rows, line: line)
            } catch let failure as ReadFailure {
                output.failure = failure
                break
            } catch {
                output.failure = ReadFailure(line: line, message: "\(error)")
                break
            }
            rows += 1
            for index in builders.indices where builders[index].count == rows - 1 { builders[index].appendMissing() }
        }
        output.rows = rows
        output.lines = line
        output.builders = builders
        output.keys = keyNames
        return output
    }

    mutating func object(_ text: UnsafeBufferPointer<UInt8>, row: Int, line: Int) throws {
        var scanner = FlatJSONScanner(bytes: text)
        do {
            try scanner.object { key, value in
                let slot = try self.slot(for: key, in: text, row: row, line: line)
                guard slot >= 0 else { return }
                switch value {
                case .null:
                    builders[slot].appendMissing()
                case .bool(let flag):
                    var word = flag ? "true" : "false"
                    try word.withUTF8 { try builders[slot].appendText($0, line: line, mayBeNumber: false) }
                case .number(let number):
                    try number.withBytes(in: text) { digits in
                        if builders[slot].takesNumbers, let value = NumberParser.parse(digits), value.isFinite {
                            builders[slot].appendNumber(value, text: digits.baseAddress!, count: digits.count, line: line)
                        } else {
                            try builders[slot].appendText(digits, line: line, mayBeNumber: true)
                        }
                    }
                case .array(let array):
                    try array.withBytes(in: text) { try builders[slot].appendVector($0, line: line) }
                case .string(let string):
                    try string.withBytes(in: text) { value in
                        if MissingValue.isMissing(value) {
                            builders[slot].appendMissing()
                        } else {
                            try builders[slot].appendText(value, line: line, mayBeNumber: false)
                        }
                    }
                }
            }
        } catch let failure as FlatJSONScanner.Failure {
            throw ReadFailure(line: line, column: failure.key?.string(in: text), message: failure.message)
        }
    }

    /// The builder of a key (creating it when every key is a column), checking that the key
    /// appears once in the object.
    mutating func slot(for key: FlatJSONScanner.JSONText, in text: UnsafeBufferPointer<UInt8>, row: Int, line: Int) throws -> Int {
        let code = key.withBytes(in: text) { keyCodes.code($0, line: line) }
        if Int(code) == keySlots.count {
            guard let name = key.withBytes(in: text, { String(validating: $0, as: UTF8.self) }) else {
                throw ReadFailure(line: line, message: "invalid UTF-8 in a key")
            }
            keyNames.append(name)
            keyRows.append(-1)
            if let requested {
                keySlots.append(requested.firstIndex { $0.name == name } ?? -1)
            } else {
                var builder = ColumnBuilder(name: name, declared: imposed[name])
                builder.pad(to: row)
                keySlots.append(builders.count)
                builders.append(builder)
            }
        }
        guard keyRows[Int(code)] != row else {
            throw ReadFailure(line: line, column: keyNames[Int(code)], message: "the key appears twice in the object")
        }
        keyRows[Int(code)] = row
        return keySlots[Int(code)]
    }
}

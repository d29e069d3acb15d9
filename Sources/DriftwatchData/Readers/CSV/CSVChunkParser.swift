/// Reads the records of one chunk of a CSV body into column builders. A numeric column's field
/// is parsed as a number where it lies; other fields are located, then typed.
struct CSVChunkParser {
    let bytes: UnsafePointer<UInt8>
    /// The builder slot of each field of a record, -1 for a field not asked for.
    let slotOf: [Int]
    let fieldCount: Int
    var builders: [ColumnBuilder]

    init(bytes: UnsafePointer<UInt8>, slotOf: [Int], fieldCount: Int, columns: [ColumnRequest], expectedRows: Int) {
        self.bytes = bytes
        self.slotOf = slotOf
        self.fieldCount = fieldCount
        builders = columns.map { ColumnBuilder(name: $0.name, declared: $0.kind, capacity: expectedRows) }
    }

    mutating func parse(from start: Int, to end: Int) -> ChunkOutput {
        var output = ChunkOutput()
        var line = 0
        let bytes = bytes, fieldCount = fieldCount
        slotOf.withUnsafeBufferPointer { slotOf in
            builders.withUnsafeMutableBufferPointer { builders in
                var position = start
                do {
                    while position < end {
                        let recordLine = line
                        let first = bytes[position]
                        if (first == CSVSyntax.lf || first == CSVSyntax.cr) && fieldCount != 1 {
                            // A blank line carries no data (in a one-column file it is a missing value).
                            CSVSyntax.skipRecordEnd(bytes, &position, end: end)
                            line += 1
                            continue
                        }
                        var fieldIndex = 0
                        while true {
                            let slot = fieldIndex < fieldCount ? slotOf[fieldIndex] : -1
                            if slot >= 0 {
                                try Self.readField(bytes, into: &builders[slot], &position, end: end, line: &line, recordLine: recordLine, fieldNumber: fieldIndex + 1)
                            } else {
                                _ = try CSVSyntax.field(bytes, &position, end: end, lines: &line, fieldNumber: fieldIndex + 1)
                            }
                            fieldIndex += 1
                            if position >= end { break }
                            if bytes[position] == CSVSyntax.comma {
                                position += 1
                                continue
                            }
                            CSVSyntax.skipRecordEnd(bytes, &position, end: end)
                            line += 1
                            break
                        }
                        guard fieldIndex == fieldCount else {
                            throw ReadFailure(line: recordLine, message: "expected \(fieldCount) fields as in the header, found \(fieldIndex)")
                        }
                        output.rows += 1
                    }
                } catch let failure as ReadFailure {
                    output.failure = failure
                } catch {
                    output.failure = ReadFailure(line: line, message: "\(error)")
                }
            }
        }
        output.lines = line
        output.builders = builders
        return output
    }

    /// One field into its column: a number straight from the bytes when it is one and the
    /// column takes numbers, otherwise the field's text (a missing token, a label, or a number
    /// with surrounding spaces or many digits).
    @inline(__always)
    static func readField(_ bytes: UnsafePointer<UInt8>, into builder: inout ColumnBuilder, _ position: inout Int, end: Int, line: inout Int, recordLine: Int, fieldNumber: Int) throws {
        if builder.takesNumbers, position < end, bytes[position] != CSVSyntax.quote {
            var stop = position
            if let value = NumberParser.scanPlain(bytes, from: position, to: end, stop: &stop), stop == end || CSVSyntax.endsField(bytes[stop]) {
                builder.appendNumber(value, text: bytes + position, count: stop - position, line: recordLine)
                position = stop
                return
            }
            if let (value, stop) = NumberParser.scan(bytes, from: position, to: end),
               stop == end || CSVSyntax.endsField(bytes[stop]), value.isFinite {
                builder.appendNumber(value, text: bytes + position, count: stop - position, line: recordLine)
                position = stop
                return
            }
        }
        let field = try CSVSyntax.field(bytes, &position, end: end, lines: &line, fieldNumber: fieldNumber)
        try CSVSyntax.withText(bytes, field) { text in
            if MissingValue.isMissing(text) {
                builder.appendMissing()
            } else if builder.isCategorical {
                builder.appendLabel(text, line: recordLine)
            } else {
                try builder.appendText(text, line: recordLine, mayBeNumber: true)
            }
        }
    }
}

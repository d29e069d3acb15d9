/// Decodes one column's chunks, page by page (parquet-format: dictionary page, data pages v1
/// and v2, definition levels for optional columns, repetition levels for lists of numbers; PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY,
/// DELTA_BINARY_PACKED for integers and RLE for booleans), into numbers or label codes.
struct ColumnDecoder {
    let column: ParquetColumn
    private var numbers: [Double] = []
    private var codes: [Int32] = []
    private var categories: [String] = []
    private var categoryIndex: [String: Int32] = [:]
    /// The current chunk's dictionary.
    private var dictionaryNumbers: [Double] = []
    private var dictionaryBytes: [UInt8] = []
    private var dictionaryRanges: [Range<Int>] = []
    /// Global code per dictionary entry, assigned at first use (-2: not yet used).
    private var dictionaryCodes: [Int32] = []
    private var hasDictionary = false
    /// A list column's present numbers and each row's length (nil: a null or empty list).
    private var listValues: [Double] = []
    private var listLengths: [Int?] = []

    private var isLabel: Bool { column.reading == .label }

    init(column: ParquetColumn, rowCount: Int) {
        self.column = column
        if column.reading == .label { codes.reserveCapacity(rowCount) } else { numbers.reserveCapacity(rowCount) }
    }

    func finish() -> ParquetValues {
        if column.list != nil { return .lists(values: listValues, lengths: listLengths) }
        return isLabel ? .labels(categories: categories, codes: codes) : .numbers(numbers)
    }

    /// Rows read so far.
    private var count: Int { column.list != nil ? listLengths.count : isLabel ? codes.count : numbers.count }

    mutating func readChunk(_ chunk: ParquetMetadata.ColumnChunk, file: UnsafeRawBufferPointer, rows: Int, context: String) throws {
        hasDictionary = false
        let before = count
        var offset = Int(chunk.dataPageOffset)
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < chunk.dataPageOffset { offset = Int(dictionary) }
        let limit = file.count - 8
        guard offset >= 4, offset < limit, chunk.compressedSize >= 0 else {
            throw ParquetError("\(context): the column chunk's offset \(offset) is outside the file (truncated or corrupt)")
        }
        let chunkEnd = min(limit, offset + Int(clamping: chunk.compressedSize))
        var values = 0
        while values < chunk.valueCount {
            guard offset < chunkEnd else {
                throw ParquetError("\(context): the column chunk ends after \(values) of its \(chunk.valueCount) values (truncated or corrupt)")
            }
            var reader = ThriftCompactReader(bytes: UnsafeRawBufferPointer(rebasing: file[..<chunkEnd]), position: offset, context: "\(context), page header at byte \(offset)")
            let header = try PageHeader(reading: &reader)
            let start = reader.position
            let size = Int(header.compressedSize)
            let pageContext = "\(context), page at byte \(offset)"
            guard size >= 0, header.uncompressedSize >= 0, start + size <= chunkEnd else {
                throw ParquetError("\(pageContext): the page runs past the end of its column chunk (truncated or corrupt)")
            }
            let page = UnsafeRawBufferPointer(rebasing: file[start..<(start + size)])
            if let expected = header.checksum, PageCodec.crc32(page) != UInt32(bitPattern: expected) {
                throw ParquetError("\(pageContext): the page does not match its checksum (corrupt page)")
            }
            switch PageHeader.Kind(rawValue: header.kind) {
            case .dictionary:
                let raw = try PageCodec.decompress(chunk.codec, page, size: Int(header.uncompressedSize), context: pageContext)
                try raw.withUnsafeBytes { try readDictionary($0, count: Int(header.valueCount), encoding: header.encoding, context: pageContext) }
            case .data:
                let raw = try PageCodec.decompress(chunk.codec, page, size: Int(header.uncompressedSize), context: pageContext)
                try raw.withUnsafeBytes { body in
                    var levels: [UInt32]?
                    var rest = body
                    if let list = column.list {
                        guard header.definitionLevelEncoding == 3 else {
                            throw ParquetError("\(pageContext): definition levels in encoding \(Self.encodingName(header.definitionLevelEncoding)) are not supported")
                        }
                        let repetition = try Self.prefixedLevels(&rest, count: Int(header.valueCount), bitWidth: 1, context: pageContext)
                        let definition = try Self.prefixedLevels(&rest, count: Int(header.valueCount), bitWidth: Self.bitWidth(list.maxDefinition), context: pageContext)
                        try readListPage(rest, encoding: header.encoding, repetition: repetition, definition: definition, list: list, context: pageContext)
                        return
                    }
                    if column.isOptional {
                        guard header.definitionLevelEncoding == 3 else {
                            throw ParquetError("\(pageContext): definition levels in encoding \(Self.encodingName(header.definitionLevelEncoding)) are not supported")
                        }
                        guard body.count >= 4 else { throw ParquetError("\(pageContext): the page ends before its definition levels") }
                        let length = Int(body.loadUnaligned(as: UInt32.self).littleEndian)
                        guard length <= body.count - 4 else { throw ParquetError("\(pageContext): the definition levels run past the page") }
                        levels = try Self.levels(UnsafeRawBufferPointer(rebasing: body[4..<(4 + length)]), count: Int(header.valueCount), context: pageContext)
                        rest = UnsafeRawBufferPointer(rebasing: body[(4 + length)...])
                    }
                    try readValues(rest, encoding: header.encoding, total: Int(header.valueCount), levels: levels, context: pageContext)
                }
                values += Int(header.valueCount)
            case .dataV2:
                let repetition = Int(header.repetitionLevelsLength), definition = Int(header.definitionLevelsLength)
                guard repetition >= 0, definition >= 0, repetition + definition <= size else {
                    throw ParquetError("\(pageContext): the levels run past the page")
                }
                var levels: [UInt32]?
                if column.isOptional && column.list == nil {
                    levels = try Self.levels(UnsafeRawBufferPointer(rebasing: page[repetition..<(repetition + definition)]), count: Int(header.valueCount), context: pageContext)
                }
                let compressed = UnsafeRawBufferPointer(rebasing: page[(repetition + definition)...])
                let valuesSize = Int(header.uncompressedSize) - repetition - definition
                let raw = header.isCompressed && chunk.codec != 0
                    ? try PageCodec.decompress(chunk.codec, compressed, size: valuesSize, context: pageContext)
                    : Array(compressed)
                if let list = column.list {
                    let count = Int(header.valueCount)
                    var decoder = try RLEHybridDecoder(bytes: UnsafeRawBufferPointer(rebasing: page[0..<repetition]), bitWidth: 1, context: "\(pageContext), repetition levels")
                    var repetitionLevels: [UInt32] = []
                    try decoder.decode(count: count, into: &repetitionLevels)
                    decoder = try RLEHybridDecoder(bytes: UnsafeRawBufferPointer(rebasing: page[repetition..<(repetition + definition)]),
                                                   bitWidth: Self.bitWidth(list.maxDefinition), context: "\(pageContext), definition levels")
                    var definitionLevels: [UInt32] = []
                    try decoder.decode(count: count, into: &definitionLevels)
                    try raw.withUnsafeBytes { try readListPage($0, encoding: header.encoding, repetition: repetitionLevels, definition: definitionLevels, list: list, context: pageContext) }
                } else {
                    try raw.withUnsafeBytes { try readValues($0, encoding: header.encoding, total: Int(header.valueCount), levels: levels, context: pageContext) }
                }
                values += Int(header.valueCount)
            case .index:
                break
            case nil:
                throw ParquetError("\(pageContext): unknown page type \(header.kind)")
            }
            offset = start + size
        }
        guard count - before == rows else {
            throw ParquetError("\(context): \(count - before) values for the row group's \(rows) rows (nested data or a corrupt chunk)")
        }
    }

    /// Definition levels of a flat optional column: 1 present, 0 null.
    static func levels(_ bytes: UnsafeRawBufferPointer, count: Int, context: String) throws -> [UInt32] {
        var decoder = try RLEHybridDecoder(bytes: bytes, bitWidth: 1, context: "\(context), definition levels")
        var levels: [UInt32] = []
        levels.reserveCapacity(count)
        try decoder.decode(count: count, into: &levels)
        return levels
    }

    /// Bits per level for levels up to `maximum`.
    static func bitWidth(_ maximum: Int) -> Int {
        maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }

    /// Levels of a data page v1: a 4-byte length, then that many bytes of RLE/bit-packed levels;
    /// `bytes` moves past them.
    static func prefixedLevels(_ bytes: inout UnsafeRawBufferPointer, count: Int, bitWidth: Int, context: String) throws -> [UInt32] {
        guard bytes.count >= 4 else { throw ParquetError("\(context): the page ends before its levels") }
        let length = Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
        guard length <= bytes.count - 4 else { throw ParquetError("\(context): the levels run past the page") }
        var decoder = try RLEHybridDecoder(bytes: UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)]), bitWidth: bitWidth, context: "\(context), levels")
        var levels: [UInt32] = []
        levels.reserveCapacity(count)
        try decoder.decode(count: count, into: &levels)
        bytes = UnsafeRawBufferPointer(rebasing: bytes[(4 + length)...])
        return levels
    }

    /// One page of a list column: its present numbers are read as a flat column's would be, then
    /// grouped into rows by the levels (a row may continue from the page before).
    private mutating func readListPage(_ bytes: UnsafeRawBufferPointer, encoding: Int32, repetition: [UInt32], definition: [UInt32], list: ParquetColumn.ListLevels,
                                       context: String) throws {
        let top = UInt32(list.maxDefinition)
        guard definition.allSatisfy({ $0 <= top }), repetition.allSatisfy({ $0 <= 1 }) else {
            throw ParquetError("\(context): a level above the list's maximum")
        }
        let start = numbers.count
        try readValues(bytes, encoding: encoding, total: definition.count, levels: definition.map { $0 == top ? 1 : 0 }, context: context)
        defer { numbers.removeSubrange(start...) }
        for (entry, (repeats, defined)) in zip(repetition, definition).enumerated() {
            if repeats == 0 {
                listLengths.append(nil)
            } else if listLengths.isEmpty {
                throw ParquetError("\(context): the first level continues a row that never started")
            }
            if defined == top {
                listValues.append(numbers[start + entry])
                listLengths[listLengths.count - 1] = (listLengths[listLengths.count - 1] ?? 0) + 1
            } else if list.elementOptional && defined == top - 1 {
                throw ParquetError("\(context): row \(listLengths.count) holds a null in its list of numbers")
            }
        }
    }

    static func encodingName(_ encoding: Int32) -> String {
        switch encoding {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding \(encoding)"
        }
    }

    // MARK: Dictionary

    private mutating func readDictionary(_ bytes: UnsafeRawBufferPointer, count: Int, encoding: Int32, context: String) throws {
        guard encoding == 0 || encoding == 2 else {
            throw ParquetError("\(context): a dictionary page in encoding \(Self.encodingName(encoding)) (expected PLAIN)")
        }
        guard count >= 0 else { throw ParquetError("\(context): a negative dictionary size") }
        hasDictionary = true
        if isLabel {
            guard column.physicalType == .byteArray else { throw ParquetError("\(context): a dictionary for a boolean column") }
            dictionaryBytes = Array(bytes)
            dictionaryRanges = try Self.byteArrayRanges(bytes, count: count, context: context)
            dictionaryCodes = [Int32](repeating: -2, count: count)
        } else {
            dictionaryNumbers = []
            dictionaryNumbers.reserveCapacity(count)
            try plainNumbers(bytes, count: count, into: &dictionaryNumbers, context: context)
        }
    }

    // MARK: Values

    private mutating func readValues(_ bytes: UnsafeRawBufferPointer, encoding: Int32, total: Int, levels: [UInt32]?, context: String) throws {
        let present = levels.map { $0.reduce(0) { $0 + Int($1 & 1) } } ?? total
        if let levels, levels.contains(where: { $0 > 1 }) { throw ParquetError("\(context): a definition level above 1 in a flat column") }
        if isLabel {
            var found: [Int32] = []
            found.reserveCapacity(present)
            switch encoding {
            case 0 where column.physicalType == .boolean:
                try booleans(Self.plainBooleans(bytes, count: present, context: context), into: &found)
            case 3 where column.physicalType == .boolean:
                guard bytes.count >= 4 else { throw ParquetError("\(context): the boolean run lengths end early") }
                let length = Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
                guard length <= bytes.count - 4 else { throw ParquetError("\(context): the boolean run lengths run past the page") }
                var decoder = try RLEHybridDecoder(bytes: UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)]), bitWidth: 1, context: context)
                var flags: [UInt32] = []
                try decoder.decode(count: present, into: &flags)
                try booleans(flags, into: &found)
            case 0:
                for range in try Self.byteArrayRanges(bytes, count: present, context: context) {
                    found.append(try code(UnsafeRawBufferPointer(rebasing: bytes[range]), context: context))
                }
            case 2, 8:
                let indices = try dictionaryIndices(bytes, count: present, size: dictionaryCodes.count, context: context)
                for index in indices {
                    var code = dictionaryCodes[Int(index)]
                    if code == -2 {
                        code = try dictionaryBytes.withUnsafeBytes { try self.code(UnsafeRawBufferPointer(rebasing: $0[dictionaryRanges[Int(index)]]), context: context) }
                        dictionaryCodes[Int(index)] = code
                    }
                    found.append(code)
                }
            default:
                throw ParquetError("\(context): encoding \(Self.encodingName(encoding)) is not supported (PLAIN and dictionary encodings are)")
            }
            scatter(found, levels: levels, into: &codes, missing: -1)
        } else {
            var found: [Double] = []
            found.reserveCapacity(present)
            switch encoding {
            case 0:
                try plainNumbers(bytes, count: present, into: &found, context: context)
            case 2, 8:
                let indices = try dictionaryIndices(bytes, count: present, size: dictionaryNumbers.count, context: context)
                dictionaryNumbers.withUnsafeBufferPointer { dictionary in
                    for index in indices { found.append(dictionary[Int(index)]) }
                }
            case 5 where column.physicalType == .int32 || column.physicalType == .int64:
                var decoder = DeltaBinaryPackedDecoder(bytes: bytes, context: context)
                guard case .number(let divisor, let unsigned) = column.reading else { break }
                let narrow = column.physicalType == .int32
                for raw in try decoder.decode(count: present) {
                    let value: Double
                    switch (narrow, unsigned) {
                    case (true, false): value = Double(Int32(truncatingIfNeeded: raw))
                    case (true, true): value = Double(UInt32(truncatingIfNeeded: raw))
                    case (false, false): value = Double(raw)
                    case (false, true): value = Double(UInt64(bitPattern: raw))
                    }
                    found.append(value / divisor)
                }
            default:
                throw ParquetError("\(context): encoding \(Self.encodingName(encoding)) is not supported (PLAIN, dictionary and, for integers, DELTA_BINARY_PACKED are)")
            }
            scatter(found, levels: levels, into: &numbers, missing: .nan)
        }
    }

    /// Present values spread over the rows: a null (level 0) takes `missing`.
    private func scatter<T>(_ found: [T], levels: [UInt32]?, into output: inout [T], missing: T) {
        guard let levels else { return output.append(contentsOf: found) }
        var next = 0
        for level in levels {
            if level == 1 {
                output.append(found[next])
                next += 1
            } else {
                output.append(missing)
            }
        }
    }

    private func dictionaryIndices(_ bytes: UnsafeRawBufferPointer, count: Int, size: Int, context: String) throws -> [UInt32] {
        guard hasDictionary else { throw ParquetError("\(context): dictionary-encoded values without a dictionary page") }
        guard count > 0 else { return [] }
        guard let width = bytes.first else { throw ParquetError("\(context): the page ends before its dictionary indices") }
        var decoder = try RLEHybridDecoder(bytes: UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(width), context: "\(context), dictionary indices")
        var indices: [UInt32] = []
        indices.reserveCapacity(count)
        try decoder.decode(count: count, into: &indices)
        if let bad = indices.first(where: { Int($0) >= size }) {
            throw ParquetError("\(context): dictionary index \(bad) is outside the dictionary of \(size) values (corrupt page)")
        }
        return indices
    }

    private mutating func booleans(_ flags: [UInt32], into found: inout [Int32]) throws {
        var known: [Int32?] = [nil, nil]
        for flag in flags {
            let bit = Int(flag & 1)
            if let code = known[bit] {
                found.append(code)
            } else {
                let code = label(bit == 1 ? "true" : "false")
                known[bit] = code
                found.append(code)
            }
        }
    }

    private mutating func code(_ bytes: UnsafeRawBufferPointer, context: String) throws -> Int32 {
        guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw ParquetError("\(context): a value that is not UTF-8 text")
        }
        return label(text)
    }

    private mutating func label(_ text: String) -> Int32 {
        if let known = categoryIndex[text] { return known }
        let code = Int32(categories.count)
        categoryIndex[text] = code
        categories.append(text)
        return code
    }

    // MARK: PLAIN

    static func plainBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, context: String) throws -> [UInt32] {
        guard (count + 7) / 8 <= bytes.count else { throw ParquetError("\(context): the page ends before its \(count) booleans") }
        return (0..<count).map { UInt32((bytes[$0 >> 3] >> UInt8($0 & 7)) & 1) }
    }

    /// Where each of `count` PLAIN byte arrays (a 4-byte little-endian length, then the bytes) lies.
    static func byteArrayRanges(_ bytes: UnsafeRawBufferPointer, count: Int, context: String) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var position = 0
        for _ in 0..<count {
            guard position + 4 <= bytes.count else { throw ParquetError("\(context): the page ends before its \(count) values") }
            let length = Int(bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian)
            position += 4
            guard length <= bytes.count - position else { throw ParquetError("\(context): a value runs past the end of the page") }
            ranges.append(position..<(position + length))
            position += length
        }
        return ranges
    }

    private func plainNumbers(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout [Double], context: String) throws {
        guard case .number(let divisor, let unsigned) = column.reading else { return }
        let width: Int
        switch column.physicalType {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .int96: width = 12
        case .fixedLengthByteArray: width = column.typeLength
        default: throw ParquetError("\(context): numbers in a \(column.physicalType) column")
        }
        guard count <= bytes.count / width else { throw ParquetError("\(context): the page ends before its \(count) values") }
        switch column.physicalType {
        case .int32:
            for index in 0..<count {
                let raw = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
                output.append((unsigned ? Double(UInt32(bitPattern: raw)) : Double(raw)) / divisor)
            }
        case .int64:
            for index in 0..<count {
                let raw = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
                output.append((unsigned ? Double(UInt64(bitPattern: raw)) : Double(raw)) / divisor)
            }
        case .float:
            for index in 0..<count {
                output.append(Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))))
            }
        case .double:
            for index in 0..<count {
                output.append(Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))))
            }
        case .fixedLengthByteArray:
            for index in 0..<count {
                output.append(Self.bigEndianInteger(UnsafeRawBufferPointer(rebasing: bytes[(index * width)..<((index + 1) * width)])) / divisor)
            }
        default:
            // INT96 timestamps: nanoseconds of the day, then the Julian day number; read as
            // nanoseconds since the epoch, then seconds.
            for index in 0..<count {
                let nanoseconds = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 12, as: Int64.self))
                let julianDay = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 12 + 8, as: Int32.self))
                let total = (Int64(julianDay) - 2_440_588) &* 86_400_000_000_000 &+ nanoseconds
                output.append(Double(total) / 1e9)
            }
        }
    }

    /// A big-endian two's-complement integer of up to 16 bytes, as a double.
    static func bigEndianInteger(_ bytes: UnsafeRawBufferPointer) -> Double {
        let negative = bytes[0] & 0x80 != 0
        var high: UInt64 = negative ? .max : 0
        var low: UInt64 = negative ? .max : 0
        for byte in bytes {
            high = (high << 8) | (low >> 56)
            low = (low << 8) | UInt64(byte)
        }
        guard negative else { return Double(high) * 0x1p64 + Double(low) }
        // The magnitude: the 128-bit negation.
        low = ~low &+ 1
        high = ~high &+ (low == 0 ? 1 : 0)
        return -(Double(high) * 0x1p64 + Double(low))
    }
}

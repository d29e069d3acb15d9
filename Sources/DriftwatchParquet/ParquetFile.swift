import Foundation

/// A Parquet file (Apache Parquet format specification, parquet-format: `PAR1`, column chunks
/// of pages, a Thrift-encoded footer, its length, `PAR1`) read as a flat table: every top-level
/// field a required or optional primitive column. Nested and repeated fields are named in an
/// error when read.
public struct ParquetFile: Sendable {
    public let rowCount: Int
    /// Every top-level column, in schema order.
    public let columnNames: [String]
    /// The readable columns.
    public let columns: [ParquetColumn]
    /// Columns that cannot be read, with the reason.
    public let unsupported: [String: String]
    let metadata: ParquetMetadata
    let data: Data

    public init(data: Data) throws {
        self.data = data
        guard data.count >= 12 else { throw ParquetError("too short to be a Parquet file (\(data.count) bytes)") }
        guard data.prefix(4).elementsEqual("PAR1".utf8) else { throw ParquetError("not a Parquet file (no PAR1 magic at the start)") }
        guard data.suffix(4).elementsEqual("PAR1".utf8) else {
            throw ParquetError("the Parquet file is truncated or corrupt (no PAR1 magic at the end)")
        }
        let metadata = try data.withUnsafeBytes { file -> ParquetMetadata in
            let length = Int(file.loadUnaligned(fromByteOffset: file.count - 8, as: UInt32.self).littleEndian)
            guard length > 0, length <= file.count - 12 else {
                throw ParquetError("the footer length \(length) does not fit the file (truncated or corrupt)")
            }
            var reader = ThriftCompactReader(bytes: file, position: file.count - 8 - length, context: "corrupt footer")
            let metadata = try ParquetMetadata(reading: &reader)
            guard reader.position == file.count - 8 else { throw reader.failure("the footer does not end where its length says") }
            return metadata
        }
        self.metadata = metadata
        guard metadata.rowCount >= 0 else { throw ParquetError("a negative row count") }
        rowCount = Int(metadata.rowCount)
        (columnNames, columns, unsupported) = try Self.flatColumns(metadata.schema)
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != Self.leafCount(metadata.schema) {
            throw ParquetError("row group \(index) has \(group.columns.count) column chunks, the schema \(Self.leafCount(metadata.schema))")
        }
        guard metadata.rowGroups.reduce(0, { $0 + $1.rowCount }) == metadata.rowCount else {
            throw ParquetError("the row groups do not add up to the file's \(metadata.rowCount) rows")
        }
    }

    static func leafCount(_ schema: [ParquetMetadata.SchemaElement]) -> Int {
        schema.dropFirst().filter { ($0.childCount ?? 0) == 0 }.count
    }

    /// The top-level columns; a group or a repeated field is listed as unsupported.
    static func flatColumns(_ schema: [ParquetMetadata.SchemaElement]) throws -> ([String], [ParquetColumn], [String: String]) {
        guard let root = schema.first else { throw ParquetError("the footer has no schema") }
        var names: [String] = []
        var columns: [ParquetColumn] = []
        var unsupported: [String: String] = [:]
        var index = 1
        var leaf = 0
        for _ in 0..<Int(root.childCount ?? 0) {
            guard index < schema.count else { throw ParquetError("the schema lists fewer fields than its root says") }
            let element = schema[index]
            names.append(element.name)
            let children = Int(element.childCount ?? 0)
            if let list = try listColumn(schema, at: index, leaf: leaf) {
                columns.append(list.0)
                index = list.1
                leaf += 1
                continue
            }
            if children > 0 || element.repetition == 2 {
                // Skip the whole subtree, counting its leaves.
                var pending = children
                index += 1
                if children == 0 { leaf += 1 }
                while pending > 0 {
                    guard index < schema.count else { throw ParquetError("the schema lists fewer fields than its groups say") }
                    let childChildren = Int(schema[index].childCount ?? 0)
                    pending += childChildren - 1
                    if childChildren == 0 { leaf += 1 }
                    index += 1
                }
                unsupported[element.name] = "nested or repeated field '\(element.name)' is not supported (Driftwatch reads flat tables: one primitive value per row and column)"
                continue
            }
            index += 1
            defer { leaf += 1 }
            guard let raw = element.physicalType, let type = ParquetColumn.PhysicalType(rawValue: raw) else {
                unsupported[element.name] = "column '\(element.name)' has no known physical type"
                continue
            }
            guard let reading = reading(type, element) else {
                unsupported[element.name] = "column '\(element.name)' has a type Driftwatch does not read (\(type), converted type \(element.convertedType.map(String.init) ?? "none"))"
                continue
            }
            columns.append(ParquetColumn(name: element.name, physicalType: type, isOptional: element.repetition == 1, reading: reading,
                                         typeLength: Int(element.typeLength ?? 0), leafIndex: leaf))
        }
        return (names, columns, unsupported)
    }

    /// A top-level LIST of numbers — `<optional|required> group name (LIST) { repeated group list
    /// { <optional|required> <number> element; } }`, as pyarrow writes lists and fixed-size lists —
    /// and the index after it; nil for any other shape.
    static func listColumn(_ schema: [ParquetMetadata.SchemaElement], at index: Int, leaf: Int) throws -> (ParquetColumn, Int)? {
        let group = schema[index]
        let isList = group.convertedType == 3 || group.logicalType == .other(3)
        guard isList, group.childCount == 1, group.repetition != 2, index + 2 < schema.count else { return nil }
        let repeated = schema[index + 1], element = schema[index + 2]
        guard repeated.repetition == 2, repeated.childCount == 1, (element.childCount ?? 0) == 0, element.repetition != 2,
              let raw = element.physicalType, let type = ParquetColumn.PhysicalType(rawValue: raw),
              let reading = reading(type, element), case .number = reading else { return nil }
        let maxDefinition = (group.repetition == 1 ? 1 : 0) + 1 + (element.repetition == 1 ? 1 : 0)
        var column = ParquetColumn(name: group.name, physicalType: type, isOptional: true, reading: reading,
                                   typeLength: Int(element.typeLength ?? 0), leafIndex: leaf)
        column.list = ParquetColumn.ListLevels(maxDefinition: maxDefinition, elementOptional: element.repetition == 1)
        return (column, index + 3)
    }

    /// How a column's stored values read (parquet-format LogicalTypes.md; converted types for
    /// files written before logical types).
    static func reading(_ type: ParquetColumn.PhysicalType, _ element: ParquetMetadata.SchemaElement) -> ParquetColumn.Reading? {
        switch type {
        case .boolean, .byteArray: return .label
        case .fixedLengthByteArray:
            // Decimals only: a big-endian two's-complement unscaled value of up to 16 bytes.
            guard let length = element.typeLength, (1...16).contains(length) else { return nil }
            if case .decimal(let scale) = element.logicalType { return .number(divisor: pow(10, Double(scale)), unsigned: false) }
            if element.convertedType == 5 { return .number(divisor: pow(10, Double(element.scale ?? 0)), unsigned: false) }
            return nil
        case .float, .double, .int96: return .number(divisor: 1, unsigned: false)
        case .int32, .int64:
            switch element.logicalType {
            case .timestamp(let perSecond): return .number(divisor: perSecond, unsigned: false)
            case .decimal(let scale): return .number(divisor: pow(10, Double(scale)), unsigned: false)
            case .integer(_, let signed): return .number(divisor: 1, unsigned: !signed)
            default: break
            }
            switch element.convertedType {
            case 9: return .number(divisor: 1e3, unsigned: false) // TIMESTAMP_MILLIS
            case 10: return .number(divisor: 1e6, unsigned: false) // TIMESTAMP_MICROS
            case 5: return .number(divisor: pow(10, Double(element.scale ?? 0)), unsigned: false) // DECIMAL
            case 13, 14: return .number(divisor: 1, unsigned: true) // UINT_32, UINT_64
            default: return .number(divisor: 1, unsigned: false)
            }
        }
    }

    public func column(named name: String) throws -> ParquetColumn {
        if let column = columns.first(where: { $0.name == name }) { return column }
        if let reason = unsupported[name] { throw ParquetError(reason) }
        throw ParquetError("no column '\(name)'")
    }

    /// Reads one column from every row group.
    public func read(_ column: ParquetColumn) throws -> ParquetValues {
        try data.withUnsafeBytes { file in
            var decoder = ColumnDecoder(column: column, rowCount: rowCount)
            for (groupIndex, group) in metadata.rowGroups.enumerated() {
                let chunk = group.columns[column.leafIndex]
                let context = "column '\(column.name)', row group \(groupIndex)"
                guard chunk.filePath == nil else { throw ParquetError("\(context): the column chunk lives in another file (\(chunk.filePath!)), which is not supported") }
                guard chunk.physicalType == column.physicalType.rawValue else { throw ParquetError("\(context): the chunk's type differs from the schema's") }
                guard PageCodec.isSupported(chunk.codec) else {
                    throw ParquetError("\(context): compression codec \(PageCodec.name(chunk.codec)) is not supported (use SNAPPY, GZIP, ZSTD or none)")
                }
                try decoder.readChunk(chunk, file: file, rows: Int(group.rowCount), context: context)
            }
            return decoder.finish()
        }
    }
}

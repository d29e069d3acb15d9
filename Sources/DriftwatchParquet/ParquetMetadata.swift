/// The parts of a Parquet file's footer (parquet-format, `parquet.thrift`: FileMetaData,
/// SchemaElement, RowGroup, ColumnChunk, ColumnMetaData) that reading flat tables needs.
struct ParquetMetadata {
    var schema: [SchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [RowGroup] = []
    var createdBy: String?

    struct SchemaElement {
        var name = ""
        var physicalType: Int32?
        var typeLength: Int32?
        /// 0 required, 1 optional, 2 repeated.
        var repetition: Int32?
        var childCount: Int32?
        var convertedType: Int32?
        var scale: Int32?
        var logicalType: LogicalType?
    }

    /// The logical types that change how a number reads.
    enum LogicalType: Equatable {
        case string
        case timestamp(unitsPerSecond: Double)
        case date
        case decimal(scale: Int32)
        case integer(bitWidth: Int8, signed: Bool)
        case other(Int16)
    }

    struct RowGroup {
        var rowCount: Int64 = 0
        var columns: [ColumnChunk] = []
    }

    struct ColumnChunk {
        var filePath: String?
        var physicalType: Int32 = -1
        var path: [String] = []
        var codec: Int32 = 0
        var valueCount: Int64 = 0
        var compressedSize: Int64 = 0
        var dataPageOffset: Int64 = 0
        var dictionaryPageOffset: Int64?
    }
}

extension ParquetMetadata {
    init(reading reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (2, .list): schema = try reader.list { try SchemaElement(reading: &$0) }
            case (3, .i64): rowCount = try reader.i64()
            case (4, .list): rowGroups = try reader.list { try RowGroup(reading: &$0) }
            case (6, .binary): createdBy = try reader.string()
            default: try reader.skip(type)
            }
        }
    }
}

extension ParquetMetadata.SchemaElement {
    init(reading reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (1, .i32): physicalType = try reader.i32()
            case (2, .i32): typeLength = try reader.i32()
            case (3, .i32): repetition = try reader.i32()
            case (4, .binary): name = try reader.string()
            case (5, .i32): childCount = try reader.i32()
            case (6, .i32): convertedType = try reader.i32()
            case (7, .i32): scale = try reader.i32()
            case (10, .structure): logicalType = try ParquetMetadata.LogicalType(reading: &reader)
            default: try reader.skip(type)
            }
        }
    }
}

extension ParquetMetadata.LogicalType {
    /// The LogicalType union: one field set, naming the type.
    init(reading reader: inout ThriftCompactReader) throws {
        var result = ParquetMetadata.LogicalType.other(0)
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (1, .structure):
                try reader.skip(type)
                result = .string
            case (5, .structure):
                var scale: Int32 = 0
                try reader.structure { reader, id, type in
                    if id == 1, type == .i32 { scale = try reader.i32() } else { try reader.skip(type) }
                }
                result = .decimal(scale: scale)
            case (6, .structure):
                try reader.skip(type)
                result = .date
            case (8, .structure):
                var perSecond = 1e6
                try reader.structure { reader, id, type in
                    guard id == 2, type == .structure else { return try reader.skip(type) }
                    // TimeUnit union: 1 MILLIS, 2 MICROS, 3 NANOS.
                    try reader.structure { reader, unit, type in
                        perSecond = unit == 1 ? 1e3 : unit == 3 ? 1e9 : 1e6
                        try reader.skip(type)
                    }
                }
                result = .timestamp(unitsPerSecond: perSecond)
            case (10, .structure):
                var width: Int8 = 64
                var signed = true
                try reader.structure { reader, id, type in
                    switch (id, type) {
                    case (1, .byte): width = Int8(bitPattern: try reader.byte())
                    case (2, .booleanTrue): signed = true
                    case (2, .booleanFalse): signed = false
                    default: try reader.skip(type)
                    }
                }
                result = .integer(bitWidth: width, signed: signed)
            default:
                try reader.skip(type)
                result = .other(id)
            }
        }
        self = result
    }
}

extension ParquetMetadata.RowGroup {
    init(reading reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (1, .list): columns = try reader.list { try ParquetMetadata.ColumnChunk(reading: &$0) }
            case (3, .i64): rowCount = try reader.i64()
            default: try reader.skip(type)
            }
        }
    }
}

extension ParquetMetadata.ColumnChunk {
    init(reading reader: inout ThriftCompactReader) throws {
        self.init()
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (1, .binary): filePath = try reader.string()
            case (3, .structure):
                try reader.structure { reader, id, type in
                    switch (id, type) {
                    case (1, .i32): physicalType = try reader.i32()
                    case (3, .list): path = try reader.list { try $0.string() }
                    case (4, .i32): codec = try reader.i32()
                    case (5, .i64): valueCount = try reader.i64()
                    case (7, .i64): compressedSize = try reader.i64()
                    case (9, .i64): dataPageOffset = try reader.i64()
                    case (11, .i64): dictionaryPageOffset = try reader.i64()
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
    }
}

/// A page's header (parquet-format `PageHeader` with its data, dictionary and data-v2 headers).
struct PageHeader {
    enum Kind: Int32 { case data = 0, index = 1, dictionary = 2, dataV2 = 3 }

    var kind: Int32 = -1
    var uncompressedSize: Int32 = 0
    var compressedSize: Int32 = 0
    /// CRC-32 of the page's bytes as stored, when the writer gave one.
    var checksum: Int32?
    var valueCount: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    // Data page v2 only.
    var nullCount: Int32 = 0
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    var isCompressed = true

    init(reading reader: inout ThriftCompactReader) throws {
        try reader.structure { reader, id, type in
            switch (id, type) {
            case (1, .i32): kind = try reader.i32()
            case (2, .i32): uncompressedSize = try reader.i32()
            case (3, .i32): compressedSize = try reader.i32()
            case (4, .i32): checksum = try reader.i32()
            case (5, .structure), (7, .structure), (8, .structure):
                let page = id
                try reader.structure { reader, id, type in
                    switch (page, id, type) {
                    case (_, 1, .i32): valueCount = try reader.i32()
                    case (5, 2, .i32), (7, 2, .i32), (8, 4, .i32): encoding = try reader.i32()
                    case (5, 3, .i32): definitionLevelEncoding = try reader.i32()
                    case (8, 2, .i32): nullCount = try reader.i32()
                    case (8, 5, .i32): definitionLevelsLength = try reader.i32()
                    case (8, 6, .i32): repetitionLevelsLength = try reader.i32()
                    case (8, 7, .booleanTrue): isCompressed = true
                    case (8, 7, .booleanFalse): isCompressed = false
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
    }
}

/// Parquet's RLE / bit-packing hybrid (parquet-format, Encodings.md "Run Length Encoding /
/// Bit-Packing Hybrid"): runs whose varint header's low bit tells a repeated value (RLE, the
/// value in ⌈width/8⌉ little-endian bytes) from groups of eight bit-packed values (least
/// significant bit first). Carries definition levels, dictionary indices and RLE booleans.
struct RLEHybridDecoder {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    let bitWidth: Int
    let context: String

    init(bytes: UnsafeRawBufferPointer, bitWidth: Int, context: String) throws {
        guard (0...32).contains(bitWidth) else { throw ParquetError("\(context): a bit width of \(bitWidth)") }
        self.bytes = bytes
        self.bitWidth = bitWidth
        self.context = context
    }

    private mutating func varint() throws -> UInt64 {
        guard let value = VarInt.read(bytes, &position) else { throw ParquetError("\(context): the encoded values end early") }
        return value
    }

    /// Decodes `count` values into `output` (appended).
    mutating func decode(count: Int, into output: inout [UInt32]) throws {
        var remaining = count
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        while remaining > 0 {
            let header = try varint()
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard run > 0 else { throw ParquetError("\(context): an empty run") }
                guard position + byteWidth <= bytes.count else { throw ParquetError("\(context): the encoded values end early") }
                var value: UInt32 = 0
                for index in 0..<byteWidth { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
                position += byteWidth
                let taken = min(run, remaining)
                output.append(contentsOf: repeatElement(value, count: taken))
                remaining -= taken
            } else {
                let groups = Int(clamping: header >> 1)
                let total = groups * 8
                let length = groups * bitWidth
                guard length <= bytes.count - position else { throw ParquetError("\(context): the encoded values end early") }
                let taken = min(total, remaining)
                var buffer: UInt64 = 0
                var bits = 0
                var cursor = position
                for _ in 0..<taken {
                    while bits < bitWidth {
                        buffer |= UInt64(bytes[cursor]) << UInt64(bits)
                        cursor += 1
                        bits += 8
                    }
                    output.append(UInt32(truncatingIfNeeded: buffer & mask))
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                position += length
                remaining -= taken
            }
        }
    }
}

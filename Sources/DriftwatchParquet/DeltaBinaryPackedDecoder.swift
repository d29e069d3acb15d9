/// Parquet's DELTA_BINARY_PACKED encoding of integers (parquet-format, Encodings.md "Delta
/// Encoding"): a header (block size, miniblocks per block, value count, first value), then blocks
/// of a minimum delta and miniblocks of bit-packed deltas above it, each miniblock with its own
/// bit width. Writers such as parquet-mr's v2 writer use it for INT32 and INT64 columns.
struct DeltaBinaryPackedDecoder {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    let context: String

    init(bytes: UnsafeRawBufferPointer, context: String) {
        self.bytes = bytes
        self.context = context
    }

    private func failure(_ what: String) -> ParquetError { ParquetError("\(context): DELTA_BINARY_PACKED \(what)") }

    private mutating func varint() throws -> UInt64 {
        guard let value = VarInt.read(bytes, &position) else { throw failure("values end early") }
        return value
    }

    private mutating func zigzag() throws -> Int64 {
        VarInt.zigzag(try varint())
    }

    /// Decodes `count` values (wrapping arithmetic, as the encoding prescribes).
    mutating func decode(count: Int) throws -> [Int64] {
        let blockSize = Int(clamping: try varint()), miniblocks = Int(clamping: try varint())
        let total = Int(clamping: try varint())
        var previous = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
            throw failure("has a block of \(blockSize) values in \(miniblocks) miniblocks, which the format does not allow")
        }
        guard total >= count else { throw failure("holds \(total) values where \(count) are needed") }
        var values: [Int64] = []
        values.reserveCapacity(count)
        if count > 0 { values.append(previous) }
        let perMiniblock = blockSize / miniblocks
        while values.count < count {
            let minimum = try zigzag()
            guard miniblocks <= bytes.count - position else { throw failure("values end early") }
            let widths = (0..<miniblocks).map { Int(bytes[position + $0]) }
            position += miniblocks
            for width in widths where values.count < count {
                guard width <= 64 else { throw failure("has a bit width of \(width)") }
                let length = perMiniblock * width / 8
                guard length <= bytes.count - position else { throw failure("values end early") }
                var bit = 0
                for _ in 0..<min(perMiniblock, count - values.count) {
                    let delta = Self.bits(bytes, from: position, bit: bit, width: width)
                    bit += width
                    previous = previous &+ minimum &+ Int64(bitPattern: delta)
                    values.append(previous)
                }
                position += length
            }
        }
        return values
    }

    /// `width` bits starting `bit` bits into the bytes at `start`, least significant bit first.
    @inline(__always)
    static func bits(_ bytes: UnsafeRawBufferPointer, from start: Int, bit: Int, width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        var result: UInt64 = 0
        var taken = 0
        var offset = bit
        while taken < width {
            let byte = UInt64(bytes[start + offset / 8]) >> UInt64(offset % 8)
            let available = 8 - offset % 8
            let take = min(available, width - taken)
            result |= (byte & ((1 << UInt64(take)) - 1)) << UInt64(taken)
            taken += take
            offset += take
        }
        return result
    }
}

import CParquetCodecs

/// The compression codecs of Parquet pages (parquet-format `CompressionCodec`), through the
/// system's snappy, zlib and zstd libraries.
enum PageCodec {
    static func name(_ codec: Int32) -> String {
        switch codec {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(codec)"
        }
    }

    static func isSupported(_ codec: Int32) -> Bool { [0, 1, 2, 6].contains(codec) }

    /// Decompresses a page whose uncompressed size the header gives; any shortfall or excess is corrupt.
    static func decompress(_ codec: Int32, _ input: UnsafeRawBufferPointer, size: Int, context: String) throws -> [UInt8] {
        if codec == 0 {
            guard input.count == size else { throw ParquetError("\(context): the page holds \(input.count) bytes, its header says \(size)") }
            return Array(input)
        }
        var output = [UInt8](repeating: 0, count: size)
        let produced: Int? = output.withUnsafeMutableBytes { out -> Int? in
            guard let source = input.baseAddress else { return size == 0 ? 0 : nil }
            switch codec {
            case 1:
                var length = size
                let status = snappy_uncompress(source.assumingMemoryBound(to: CChar.self), input.count,
                                               out.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                return status == SNAPPY_OK ? length : nil
            case 2:
                return inflateGzip(source, input.count, out)
            case 6:
                let result = ZSTD_decompress(out.baseAddress, size, source, input.count)
                return ZSTD_isError(result) != 0 ? nil : Int(result)
            default:
                return nil
            }
        }
        guard let produced, produced == size else {
            throw ParquetError("\(context): the \(name(codec)) page does not decompress to the \(size) bytes its header gives (corrupt page)")
        }
        return output
    }

    /// CRC-32 (the zlib / ISO-HDLC polynomial), as Parquet page checksums use it.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return UInt32(CParquetCodecs.crc32(0, base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    /// zlib's inflate over a gzip stream (RFC 1952), the framing Parquet's GZIP codec uses.
    private static func inflateGzip(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutableRawBufferPointer) -> Int? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(count)
        stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(out.count)
        let status = inflate(&stream, Z_FINISH)
        guard status == Z_STREAM_END else { return nil }
        return Int(stream.total_out)
    }
}

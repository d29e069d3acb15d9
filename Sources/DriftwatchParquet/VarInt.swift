/// Unsigned LEB128 integers, as Thrift's compact protocol and the RLE / bit-packing hybrid's run
/// headers write them: seven bits a byte, least significant first, the high bit set on all but
/// the last byte.
enum VarInt {
    /// The integer at `position`, which moves past it; nil when the bytes end first or it
    /// runs past 64 bits.
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift >= 64 { return nil }
        }
        return nil
    }

    /// A zigzag-encoded signed integer from its unsigned form (0, -1, 1, -2, … as 0, 1, 2, 3, …).
    @inline(__always)
    static func zigzag(_ raw: UInt64) -> Int64 {
        Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}

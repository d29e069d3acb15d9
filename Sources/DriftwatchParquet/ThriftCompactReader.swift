/// Reads Apache Thrift's compact protocol, the encoding of Parquet's footer and page headers
/// (Thrift's "Compact Protocol" specification, doc/specs/thrift-compact-protocol.md): structs as
/// field headers (id delta and type in one byte) with zigzag varint integers, length-prefixed
/// binaries and lists with an element type. Every read is bounds-checked: a truncated or
/// corrupt header is a ``ParquetError``, never a crash.
struct ThriftCompactReader {
    enum FieldType: UInt8 {
        case stop = 0, booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    let bytes: UnsafeRawBufferPointer
    var position: Int
    /// What is being read, for messages.
    let context: String
    private var depth = 0

    init(bytes: UnsafeRawBufferPointer, position: Int = 0, context: String) {
        self.bytes = bytes
        self.position = position
        self.context = context
    }

    func failure(_ what: String) -> ParquetError {
        ParquetError("\(context): \(what) at byte \(position)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw failure("the metadata ends early (truncated file?)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        guard let value = VarInt.read(bytes, &position) else { throw failure("the metadata ends early or holds an overlong integer (truncated file?)") }
        return value
    }

    mutating func zigzag() throws -> Int64 {
        VarInt.zigzag(try varint())
    }

    mutating func i32() throws -> Int32 {
        let value = try zigzag()
        guard let narrow = Int32(exactly: value) else { throw failure("an i32 out of range") }
        return narrow
    }

    mutating func i64() throws -> Int64 { try zigzag() }

    mutating func binary() throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - position) else { throw failure("a string longer than the metadata") }
        defer { position += Int(length) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(length))])
    }

    mutating func string() throws -> String {
        let raw = try binary()
        guard let text = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else { throw failure("a name that is not UTF-8") }
        return text
    }

    /// Reads a struct, handing each field's id and type to `field`, which reads the value or
    /// calls ``skip(_:)``. A boolean field's value is its type.
    mutating func structure(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw failure("structs nested too deeply") }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            guard let type = FieldType(rawValue: header & 0x0F) else { throw failure("an unknown field type \(header & 0x0F)") }
            if type == .stop { return }
            let delta = header >> 4
            let id: Int16
            if delta == 0 {
                guard let wide = Int16(exactly: try zigzag()) else { throw failure("a field id out of range") }
                id = wide
            } else {
                id = lastID &+ Int16(delta)
            }
            lastID = id
            try field(&self, id, type)
        }
    }

    /// A list header: element count and type.
    mutating func listHeader() throws -> (count: Int, type: FieldType) {
        let header = try byte()
        guard let type = FieldType(rawValue: header & 0x0F) else { throw failure("an unknown list element type") }
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        guard count <= UInt64(bytes.count - position) else { throw failure("a list longer than the metadata") }
        return (Int(count), type)
    }

    mutating func list<T>(_ element: (inout ThriftCompactReader) throws -> T) throws -> [T] {
        let (count, _) = try listHeader()
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .stop, .booleanTrue, .booleanFalse: return
        case .byte: position += 1
        case .i16, .i32, .i64: _ = try varint()
        case .double: position += 8
        case .binary: _ = try binary()
        case .list, .set:
            let (count, element) = try listHeader()
            for _ in 0..<count {
                if element == .booleanTrue || element == .booleanFalse { position += 1 } else { try skip(element) }
            }
        case .map:
            let count = try varint()
            guard count <= UInt64(bytes.count - position) else { throw failure("a map longer than the metadata") }
            if count > 0 {
                let types = try byte()
                guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F) else { throw failure("an unknown map type") }
                for _ in 0..<count {
                    try skip(key)
                    try skip(value)
                }
            }
        case .structure:
            try structure { reader, _, type in try reader.skip(type) }
        }
        guard position <= bytes.count else { throw failure("the metadata ends early (truncated file?)") }
    }
}

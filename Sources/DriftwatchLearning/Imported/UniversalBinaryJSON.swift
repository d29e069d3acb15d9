import DriftwatchData
import Foundation

/// Universal Binary JSON (https://ubjson.org, draft 12), the binary form XGBoost saves models in
/// (`.ubj`, and MLflow's `model.xgb` since XGBoost 2.1), read into the same values
/// `JSONSerialization` gives — dictionaries, arrays, `NSNumber`, strings, `NSNull` — so that one
/// reader serves both forms. Every count and length is checked against the bytes left before
/// anything is allocated, and nesting is bounded: a hostile file is refused, never a trap.
enum UniversalBinaryJSON {
    static let maximumDepth = 64

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func decode(_ data: Data) throws -> Any {
        try data.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            let value = try reader.value(depth: 0)
            guard reader.offset == reader.bytes.count else { throw Failure(description: "\(reader.bytes.count - reader.offset) bytes after the value") }
            return value
        }
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Failure(description: "the data ends at byte \(offset) inside a value") }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// `count` big-endian bytes as an unsigned integer.
        mutating func bigEndian(_ count: Int) throws -> UInt64 {
            guard bytes.count - offset >= count else { throw Failure(description: "the data ends at byte \(offset) inside a number") }
            var value: UInt64 = 0
            for _ in 0..<count { value = value << 8 | UInt64(bytes[offset]); offset += 1 }
            return value
        }

        /// A value of the given type marker.
        mutating func scalar(_ marker: UInt8) throws -> Any {
            switch marker {
            case UInt8(ascii: "Z"): return NSNull()
            case UInt8(ascii: "T"): return NSNumber(value: true)
            case UInt8(ascii: "F"): return NSNumber(value: false)
            case UInt8(ascii: "i"): return NSNumber(value: Int8(bitPattern: UInt8(try bigEndian(1))))
            case UInt8(ascii: "U"): return NSNumber(value: UInt8(try bigEndian(1)))
            case UInt8(ascii: "I"): return NSNumber(value: Int16(bitPattern: UInt16(try bigEndian(2))))
            case UInt8(ascii: "l"): return NSNumber(value: Int32(bitPattern: UInt32(try bigEndian(4))))
            case UInt8(ascii: "L"): return NSNumber(value: Int64(bitPattern: try bigEndian(8)))
            case UInt8(ascii: "d"): return NSNumber(value: Float(bitPattern: UInt32(try bigEndian(4))))
            case UInt8(ascii: "D"): return NSNumber(value: Double(bitPattern: try bigEndian(8)))
            case UInt8(ascii: "C"): return String(UnicodeScalar(try byte()))
            case UInt8(ascii: "S"): return try string()
            default: throw Failure(description: "unknown type marker 0x\(String(marker, radix: 16)) at byte \(offset - 1)")
            }
        }

        /// A length or count: any integer type, not negative, and no more than the bytes left
        /// could hold at `bytesPerItem` each.
        mutating func length(bytesPerItem: Int) throws -> Int {
            let marker = try byte()
            guard let number = try scalar(marker) as? NSNumber, [UInt8(ascii: "i"), UInt8(ascii: "U"), UInt8(ascii: "I"), UInt8(ascii: "l"), UInt8(ascii: "L")].contains(marker) else {
                throw Failure(description: "a length at byte \(offset) is not an integer")
            }
            let value = number.int64Value
            // Items of no bytes (null, true, false) are bounded by a sane count instead.
            let most = bytesPerItem == 0 ? 10_000_000 : Int64(bytes.count - offset) / Int64(bytesPerItem)
            guard value >= 0, value <= most else {
                throw Failure(description: "a length of \(value) at byte \(offset) exceeds the \(bytes.count - offset) bytes left")
            }
            return Int(value)
        }

        mutating func string() throws -> String {
            let count = try length(bytesPerItem: 1)
            defer { offset += count }
            guard let text = String(bytes: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)]), encoding: .utf8) else {
                throw Failure(description: "a string at byte \(offset) is not UTF-8")
            }
            return text
        }

        mutating func value(depth: Int) throws -> Any {
            try value(marker: try byte(), depth: depth)
        }

        mutating func value(marker: UInt8, depth: Int) throws -> Any {
            switch marker {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard depth < UniversalBinaryJSON.maximumDepth else { throw Failure(description: "nesting deeper than \(UniversalBinaryJSON.maximumDepth) at byte \(offset)") }
                return try container(object: marker == UInt8(ascii: "{"), depth: depth + 1)
            case UInt8(ascii: "N"):
                return try value(depth: depth)  // no-op
            default:
                return try scalar(marker)
            }
        }

        /// An array or object, with the optional `$type` and `#count` of optimized containers.
        mutating func container(object: Bool, depth: Int) throws -> Any {
            var type: UInt8?, count: Int?
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "$") {
                offset += 1
                type = try byte()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "#") else { throw Failure(description: "a typed container at byte \(offset) has no count") }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "#") {
                offset += 1
                count = try length(bytesPerItem: type.map(Self.size(of:)) ?? 1)
            }
            func item() throws -> Any { try type.map { try value(marker: $0, depth: depth) } ?? value(depth: depth) }
            if object {
                var result: [String: Any] = [:]
                if let count {
                    for _ in 0..<count { result[try string()] = try item() }
                } else {
                    while true {
                        guard offset < bytes.count else { throw Failure(description: "an object is not closed") }
                        if bytes[offset] == UInt8(ascii: "}") { offset += 1; break }
                        result[try string()] = try item()
                    }
                }
                return result
            }
            var result: [Any] = []
            if let count {
                result.reserveCapacity(count)
                for _ in 0..<count { result.append(try item()) }
            } else {
                while true {
                    guard offset < bytes.count else { throw Failure(description: "an array is not closed") }
                    if bytes[offset] == UInt8(ascii: "]") { offset += 1; break }
                    result.append(try item())
                }
            }
            return result
        }

        /// The fewest bytes an item of a type marker takes (for the count check).
        static func size(of marker: UInt8) -> Int {
            switch marker {
            case UInt8(ascii: "I"): 2
            case UInt8(ascii: "l"), UInt8(ascii: "d"): 4
            case UInt8(ascii: "L"), UInt8(ascii: "D"): 8
            case UInt8(ascii: "Z"), UInt8(ascii: "T"), UInt8(ascii: "F"), UInt8(ascii: "N"): 0
            default: 1
            }
        }
    }
}

import Foundation

/// The reference profile as a file of its own (`driftwatch profile`) and as the registry keeps it:
/// a ``ChecksummedFile`` whose payload is the profile without its sorted values as JSON (schema,
/// bins, category counts: small), then each numeric column's sorted values in binary — as they
/// are, or as distinct values with their repeat counts when that is smaller (integers, rounded
/// data). A 1M-row numeric column is 8 MB rather than the ~20 MB of its JSON text, and reads
/// back without parsing a number.
extension ReferenceProfile {
    public static let fileFormat = ChecksummedFile(magic: "DRIFTWATCH-PROFILE", version: 1, noun: "reference profile")

    public func encodedFile() throws -> Data {
        var head = self
        var blocks = Data()
        for index in head.columns.indices {
            guard case .numeric(var numeric) = head.columns[index] else { continue }
            Self.appendValues(numeric.sortedValues, to: &blocks)
            numeric.sortedValues = []
            head.columns[index] = .numeric(numeric)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(head)
        var payload = Data()
        payload.appendLittleEndian(UInt64(json.count))
        payload.append(json)
        payload.append(blocks)
        return Self.fileFormat.encode(payload)
    }

    /// Whether the data is a profile file (rather than a data file).
    public static func isProfileFile(_ data: Data) -> Bool { fileFormat.recognises(data) }

    /// Reads and verifies a profile file; `source` names it in errors.
    public static func decodeFile(_ data: Data, source: String) throws -> ReferenceProfile {
        let payload: Data
        do {
            payload = try fileFormat.decode(data).payload
        } catch let failure as ChecksummedFile.Failure {
            throw DataError(file: source, failure.message)
        }
        var reader = ByteReader(data: payload)
        do {
            let length = Int(try reader.integer())
            var profile = try JSONDecoder().decode(ReferenceProfile.self, from: try reader.bytes(length))
            for index in profile.columns.indices {
                guard case .numeric(var numeric) = profile.columns[index] else { continue }
                numeric.sortedValues = try readValues(&reader)
                guard numeric.sortedValues.count == numeric.binCounts.reduce(0, +),
                      zip(numeric.sortedValues, numeric.sortedValues.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    throw DataError(file: source, column: numeric.name, "the profile's values are inconsistent with its bins")
                }
                profile.columns[index] = .numeric(numeric)
            }
            guard reader.isAtEnd else { throw DataError(file: source, "unexpected bytes after the last column") }
            return profile
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(file: source, "the profile does not decode: \(error)")
        }
    }

    // MARK: Value blocks

    /// A block: 0 and the count, then the values; or 1, the count of distinct values, the
    /// values, and each one's repeat count (32 bits).
    static func appendValues(_ values: [Double], to data: inout Data) {
        var distinct: [Double] = []
        var repeats: [UInt32] = []
        for value in values {
            if let last = distinct.last, last == value, repeats[repeats.count - 1] < .max { repeats[repeats.count - 1] += 1 } else {
                distinct.append(value)
                repeats.append(1)
            }
        }
        if distinct.count * 10 < values.count * 7 {
            data.append(1)
            data.appendLittleEndian(UInt64(distinct.count))
            distinct.withUnsafeBytes { data.append(contentsOf: $0) }
            repeats.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        } else {
            data.append(0)
            data.appendLittleEndian(UInt64(values.count))
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
    }

    static func readValues(_ reader: inout ByteReader) throws -> [Double] {
        let form = try reader.byte()
        let count = Int(try reader.integer())
        guard count <= reader.remaining / 8 else { throw ByteReader.Truncated() }
        let values = try reader.bytes(count * 8).withUnsafeBytes { raw in
            (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
        switch form {
        case 0:
            return values
        case 1:
            var expanded: [Double] = []
            let repeats = try reader.bytes(count * 4)
            try repeats.withUnsafeBytes { raw in
                for (index, value) in values.enumerated() {
                    let times = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                    guard times > 0 else { throw ByteReader.Truncated() }
                    expanded.append(contentsOf: repeatElement(value, count: times))
                }
            }
            return expanded
        default:
            throw ByteReader.Truncated()
        }
    }
}

/// Reads the profile payload's integers and byte runs, refusing to read past its end.
struct ByteReader {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "it ends early or holds an unknown block" }
    }

    let data: Data
    var position: Int

    init(data: Data) {
        self.data = data
        position = data.startIndex
    }

    var remaining: Int { data.endIndex - position }
    var isAtEnd: Bool { position == data.endIndex }

    mutating func byte() throws -> UInt8 {
        guard position < data.endIndex else { throw Truncated() }
        defer { position += 1 }
        return data[position]
    }

    mutating func integer() throws -> UInt64 {
        let raw = try bytes(8)
        return raw.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    mutating func bytes(_ count: Int) throws -> Data {
        guard count >= 0, count <= remaining else { throw Truncated() }
        defer { position += count }
        return data[position..<(position + count)]
    }
}

extension Data {
    mutating func appendLittleEndian(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

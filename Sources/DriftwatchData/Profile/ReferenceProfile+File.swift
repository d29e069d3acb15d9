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
            let length = try reader.length(of: 1)
            let profile = try JSONDecoder().decode(ReferenceProfile.self, from: try reader.bytes(length))
            return try profile.withValues(from: &reader, source: source)
        } catch let error as DataError {
            throw error
        } catch let error as DecodingError {
            throw DataError(file: source, "the profile's header does not decode (\(JSONProblem.describe(error)))")
        } catch {
            throw DataError(file: source, "the profile does not decode: \(error)")
        }
    }

    /// The profile with each numeric column's values read from the blocks after the header, once
    /// the header itself has been checked: nothing is allocated for more values than its bins
    /// count, and a hostile count is an error, not a crash.
    func withValues(from reader: inout ByteReader, source: String) throws -> ReferenceProfile {
        try validate(source: source)
        var profile = self
        for index in profile.columns.indices {
            guard case .numeric(var numeric) = profile.columns[index] else { continue }
            numeric.sortedValues = try Self.readValues(&reader, expected: numeric.binCounts.reduce(0, +))
            guard zip(numeric.sortedValues, numeric.sortedValues.dropFirst()).allSatisfy({ $0 <= $1 }), numeric.sortedValues.allSatisfy(\.isFinite) else {
                throw DataError(file: source, column: numeric.name, "the profile's values are not finite and ascending")
            }
            profile.columns[index] = .numeric(numeric)
        }
        guard reader.isAtEnd else { throw DataError(file: source, "unexpected bytes after the last column") }
        return profile
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

    /// Reads a block of `expected` values (the sum of the column's bin counts, already checked
    /// against ``maximumValues``): its counts are compared with that and with the bytes left
    /// before anything is allocated.
    static func readValues(_ reader: inout ByteReader, expected: Int) throws -> [Double] {
        let form = try reader.byte()
        let count = try reader.length(of: 8)
        guard form == 0 || form == 1 else { throw ByteReader.Truncated() }
        guard form == 0 ? count == expected : count <= expected else { throw ByteReader.Mismatch(expected: expected, found: count) }
        let values = try reader.bytes(count * 8).withUnsafeBytes { raw in
            (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
        guard form == 1 else { return values }
        let repeats = try reader.bytes(count * 4).withUnsafeBytes { raw in
            (0..<count).map { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        // At most 2^32 repeats of at most `expected` values: the sum cannot overflow.
        let total = repeats.reduce(0, +)
        guard total == expected, !repeats.contains(0) else { throw ByteReader.Mismatch(expected: expected, found: total) }
        var expanded: [Double] = []
        expanded.reserveCapacity(expected)
        for (value, times) in zip(values, repeats) { expanded.append(contentsOf: repeatElement(value, count: times)) }
        return expanded
    }
}

/// Reads the profile payload's integers and byte runs, refusing to read past its end.
struct ByteReader {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "it ends early or holds an unknown block" }
    }

    struct Mismatch: Error, CustomStringConvertible {
        var expected: Int
        var found: Int
        var description: String { "a block holds \(found) values where the column's bins count \(expected)" }
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

    /// A count of items of `size` bytes that must all still be there.
    mutating func length(of size: Int) throws -> Int {
        let value = try integer()
        guard value <= UInt64(remaining / size) else { throw Truncated() }
        return Int(value)
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

import Foundation

/// The framing of Driftwatch's own files (model artifacts, reference profiles): one header line
/// `MAGIC <version> sha256=<hex> bytes=<n>`, then the payload. A truncated, corrupt, foreign or
/// newer file is recognised before its payload is read.
public struct ChecksummedFile: Sendable {
    /// Why a file was refused; the message reads after the file's path.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
    }

    public let magic: String
    /// The newest format version this build reads and the one it writes.
    public let version: Int
    /// What the file is, for messages ("model", "reference profile").
    public let noun: String

    public init(magic: String, version: Int, noun: String) {
        self.magic = magic
        self.version = version
        self.noun = noun
    }

    public func encode(_ payload: Data) -> Data {
        Data("\(magic) \(version) sha256=\(SHA256.hex(payload)) bytes=\(payload.count)\n".utf8) + payload
    }

    /// Whether the data starts like a file of this kind.
    public func recognises(_ data: Data) -> Bool {
        data.starts(with: Array("\(magic) ".utf8))
    }

    /// Checks the header, the length and the checksum; returns the format version and the payload.
    public func decode(_ data: Data) throws -> (version: Int, payload: Data) {
        guard let newline = data.prefix(256).firstIndex(of: 0x0A), let header = String(data: data[data.startIndex..<newline], encoding: .utf8) else {
            throw Failure(message: "not a Driftwatch \(noun) file (no header line)")
        }
        let fields = header.split(separator: " ")
        guard fields.count == 4, fields[0] == magic else { throw Failure(message: "not a Driftwatch \(noun) file") }
        guard let found = Int(fields[1]) else { throw Failure(message: "unreadable format version '\(fields[1])'") }
        guard found <= version else {
            throw Failure(message: "format version \(found) is newer than this Driftwatch reads (\(version)); upgrade Driftwatch")
        }
        guard fields[2].hasPrefix("sha256="), fields[3].hasPrefix("bytes="), let length = Int(fields[3].dropFirst(6)) else {
            throw Failure(message: "malformed header")
        }
        let payload = data[(newline + 1)...]
        guard payload.count == length else {
            throw Failure(message: "truncated or extended: the header promises \(length) bytes, the file has \(payload.count)")
        }
        guard SHA256.hex(payload) == fields[2].dropFirst(7) else { throw Failure(message: "checksum mismatch: the file is corrupt") }
        return (found, Data(payload))
    }
}

import DriftwatchData
import Foundation

/// Follows a JSON Lines file that another program appends to: reads what was added since the
/// last read, keeps an incomplete last line for the next read, and starts over from the
/// beginning when the file is replaced (rotation: another inode) or shrinks (truncation).
public struct FileTail: Sendable {
    public let path: String
    /// Bytes of the current file already consumed.
    public private(set) var offset: UInt64 = 0
    private var inode: UInt64?
    private var partial = Data()

    public init(path: String) {
        self.path = path
    }

    /// Resumes where a saved ``position`` left off.
    public init(path: String, position: String?) {
        self.path = path
        let parts = position?.split(separator: ":") ?? []
        if parts.count == 2, let savedInode = UInt64(parts[0]), let savedOffset = UInt64(parts[1]) {
            inode = savedInode
            offset = savedOffset
        }
    }

    /// Where the next read starts, as `inode:offset` of the last complete line; saved with the window.
    public var position: String {
        "\(inode ?? 0):\(offset - UInt64(partial.count))"
    }

    public struct Batch: Sendable {
        public var rows: [ObservedRow]
        /// Lines that were not a flat JSON record, or carried unusable values.
        public var rejected: Int
    }

    /// New complete lines as rows. A missing or unreadable file is an error naming it (the source
    /// counts it, logs it and tries again, so a file that appears later is read then).
    public mutating func read(now: Double = Date().timeIntervalSince1970) throws -> Batch {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value else {
            throw DataError(file: path, "no such file to tail (read once it exists)")
        }
        guard attributes[.type] as? FileAttributeType != .typeDirectory else { throw DataError(file: path, "is a directory, not a JSON Lines file to tail") }
        let currentInode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        if currentInode != inode || size < offset {
            // Rotated or truncated: the new content starts at byte 0.
            inode = currentInode
            offset = 0
            partial.removeAll()
        }
        let unreadable = DataError(file: path, "cannot be opened for reading (permissions?)")
        // Most polls find nothing new: they ask for the permission, not for a file handle.
        guard size > offset else {
            guard FileManager.default.isReadableFile(atPath: path) else { throw unreadable }
            return Batch(rows: [], rejected: 0)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw unreadable }
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let chunk = try handle.read(upToCount: Int(min(size - offset, 64 << 20))) ?? Data()
        offset += UInt64(chunk.count)
        var buffer = partial + chunk
        var rows: [ObservedRow] = [], rejected = 0
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = buffer[buffer.startIndex..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                let row = line.withUnsafeBytes { raw -> ObservedRow? in
                    guard let object = try? FlatJSONObject.parse(raw.bindMemory(to: UInt8.self)) else { return nil }
                    return ObservedRow(object, receivedAt: now)
                }
                if let row { rows.append(row) } else { rejected += 1 }
            }
            buffer = buffer[(newline + 1)...]
        }
        partial = Data(buffer)
        return Batch(rows: rows, rejected: rejected)
    }
}

extension FileTail: PolledSource {
    public var name: String { "tail" }

    public mutating func resume(from position: String) {
        self = FileTail(path: path, position: position)
    }

    /// What was appended since the last read (all of it: a read takes the file to its end).
    public mutating func poll() async throws -> (rows: [ObservedRow], rejected: Int, position: String, more: Bool) {
        let batch = try read()
        return (batch.rows, batch.rejected, position, false)
    }
}

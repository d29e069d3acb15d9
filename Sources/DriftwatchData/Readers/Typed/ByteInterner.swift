import DriftStatistics
import Foundation

/// Dictionary-encodes byte strings without making a `String` of each: a value is hashed and
/// compared as bytes, and only the distinct values are kept (in one arena). Codes are given in
/// order of first appearance. Open addressing with linear probing, the table kept at most half full.
struct ByteInterner {
    private var arena: [UInt8] = []
    /// Start of each value in the arena, plus the end of the last.
    private var offsets: [Int] = [0]
    /// Code + 1 per slot; 0 is empty.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    private var hashes: [UInt64] = []
    /// The chunk-local line where each value first appeared (for an invalid UTF-8 error).
    private(set) var firstLines: [Int] = []

    var count: Int { offsets.count - 1 }

    /// The code of `bytes`, adding it when new.
    @inline(__always)
    mutating func code(_ text: UnsafeBufferPointer<UInt8>, line: Int) -> Int32 {
        let length = text.count
        let hash = Self.hash(text.baseAddress, length)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry - 1)
            if hashes[code] == hash && equals(code, text) { return Int32(code) }
            slot = (slot + 1) & mask
        }
        let code = Int32(count)
        arena.append(contentsOf: text)
        offsets.append(arena.count)
        hashes.append(hash)
        firstLines.append(line)
        slots[slot] = code + 1
        if count * 2 > slots.count { grow() }
        return code
    }

    private func equals(_ code: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[code]
        guard offsets[code + 1] - start == text.count else { return false }
        if text.isEmpty { return true }
        return arena.withUnsafeBufferPointer { arena in
            let stored = arena.baseAddress! + start, given = text.baseAddress!
            // Labels are mostly short: a loop beats a call to memcmp.
            if text.count <= 16 {
                for index in 0..<text.count where stored[index] != given[index] { return false }
                return true
            }
            return memcmp(stored, given, text.count) == 0
        }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = Int32(code + 1)
        }
        slots = larger
    }

    /// The bytes of a code.
    func withBytes<T>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[offsets[code]..<offsets[code + 1]])) }
    }

    /// A 64-bit hash: eight bytes at a time, each word folded in with one multiplication, the
    /// result mixed with the finaliser of SplitMix64. Labels are mostly short, so most take one
    /// or two multiplications and the finaliser.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>?, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(length &+ 1)
        guard let bytes = start, length > 0 else { return SplitMix64.mix(h) }
        var i = 0
        let raw = UnsafeRawPointer(bytes)
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < length {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < length {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        return SplitMix64.mix(h)
    }
}

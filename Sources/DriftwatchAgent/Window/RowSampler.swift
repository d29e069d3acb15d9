import DriftStatistics
/// Keeps a deterministic fraction of rows for high-traffic services: a row is kept when the
/// FNV-1a hash of its id falls below `rate · 2⁶⁴`, so the same id is always kept or always
/// dropped (its label, arriving later, finds it) and two agents with the same rate agree.
/// Rows without an id are kept at the same rate by a counter.
public struct RowSampler: Sendable {
    public let rate: Double
    private let threshold: UInt64
    private var counter: UInt64 = 0

    /// - Parameter rate: share of rows to keep, in (0, 1].
    public init(rate: Double) {
        precondition(rate > 0 && rate <= 1, "sampling rate must be in (0, 1]")
        self.rate = rate
        threshold = rate >= 1 ? .max : UInt64(rate * 0x1p64)
    }

    public mutating func keeps(id: String?) -> Bool {
        if rate >= 1 { return true }
        guard let id else {
            // Every row without an id advances a counter whose mixed value is thresholded the same way.
            counter &+= 1
            return SplitMix64.mix(counter) < threshold
        }
        return Self.fnv1a(id) < threshold
    }

    /// FNV-1a, 64-bit (Fowler, Noll, Vo), then an avalanche step so nearby ids spread out.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return SplitMix64.mix(hash)
    }
}

/// Sorting of `Double` samples by most-significant-digit radix sort on order-preserving keys.
///
/// Drift evaluation sorts every current window once per numeric column, so this sort is on the
/// hot path. Each value becomes a 64-bit key whose unsigned order is the numeric order; the keys
/// are distributed into buckets by their leading bits *relative to the observed key range*, so the
/// buckets stay balanced whatever the scale of the data, and each bucket is refined the same way
/// (now in cache) until buckets are tiny, all-equal, or sorted by insertion. The keys live in the
/// output array itself, so only one scratch buffer is allocated. NaN (a missing value) is dropped.
public enum RadixSort {
    static let insertionLimit = 32

    /// Returns the values sorted ascending. The values must not contain NaN.
    public static func sorted(_ values: [Double]) -> [Double] {
        sortedPresentValues(values)
    }

    /// Sorts the values ascending in place. The values must not contain NaN.
    public static func sort(_ values: inout [Double]) {
        values = sortedPresentValues(values)
    }

    /// The values that are not NaN, sorted ascending. `-0.0` is placed before `+0.0`; they compare
    /// equal, so the order stays sorted.
    public static func sortedPresentValues(_ values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: source.count) { output, count in
                count = output.withMemoryRebound(to: UInt64.self) { keys in
                    var n = 0
                    for value in source where !value.isNaN {
                        keys[n] = orderedKey(value)
                        n += 1
                    }
                    if n > 1 {
                        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
                        defer { scratch.deallocate() }
                        sortKeys(keys.baseAddress!, scratch, n)
                    }
                    for i in 0..<n { keys[i] = value(ofOrderedKey: keys[i]).bitPattern }
                    return n
                }
            }
        }
    }

    /// Sorts `count` keys in place; `scratch` has room for as many.
    static func sortKeys(_ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>, _ count: Int) {
        if count <= insertionLimit {
            insertionSort(keys, count)
            return
        }
        var low = keys[0], high = keys[0]
        for i in 1..<count {
            let key = keys[i]
            low = Swift.min(low, key)
            high = Swift.max(high, key)
        }
        if low == high { return }
        // Bucket by the leading bits of (key − low): wide fan-out for large inputs, narrow in cache.
        let width = 64 - (high - low).leadingZeroBitCount
        let bits = count >= 1 << 16 ? 11 : count >= 2_048 ? 8 : 5
        let shift = UInt64(Swift.max(0, width - bits))
        let bucketCount = 1 << Swift.min(bits, width)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * bucketCount + 1) { table in
            let starts = table.baseAddress!, cursors = starts + bucketCount + 1
            starts.initialize(repeating: 0, count: bucketCount + 1)
            for i in 0..<count { starts[Int((keys[i] &- low) >> shift) + 1] += 1 }
            for bucket in 0..<bucketCount { starts[bucket + 1] += starts[bucket] }
            cursors.update(from: starts, count: bucketCount)
            for i in 0..<count {
                let key = keys[i]
                let bucket = Int((key &- low) >> shift)
                scratch[cursors[bucket]] = key
                cursors[bucket] += 1
            }
            keys.update(from: scratch, count: count)
            for bucket in 0..<bucketCount {
                let start = starts[bucket], size = starts[bucket + 1] - start
                if size > 1 { sortKeys(keys + start, scratch + start, size) }
            }
        }
    }

    @inline(__always)
    static func insertionSort(_ keys: UnsafeMutablePointer<UInt64>, _ count: Int) {
        guard count > 1 else { return }
        for i in 1..<count {
            let key = keys[i]
            var j = i
            while j > 0 && keys[j - 1] > key {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
        }
    }

    /// Maps a double to an unsigned integer with the same order.
    @inline(__always)
    static func orderedKey(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    static func value(ofOrderedKey key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}

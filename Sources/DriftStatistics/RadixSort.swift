/// Sorting of `Double` samples by most-significant-digit radix sort on order-preserving keys.
///
/// Drift evaluation sorts every current window once per numeric column, so this sort is on the
/// hot path. Each value becomes a 64-bit key whose unsigned order is the numeric order; the keys
/// are distributed into buckets by their leading bits *relative to the observed key range*, so the
/// buckets stay balanced whatever the scale of the data, and each bucket is refined the same way
/// (now in cache) until buckets are tiny, all-equal, or sorted by insertion. The keys live in the
/// output array itself. NaN (a missing value) is dropped.
public enum RadixSort {
    static let insertionLimit = 32

    /// Returns the values sorted ascending. The values must not contain NaN.
    public static func sorted(_ values: [Double]) -> [Double] {
        sortedPresentValues(values)
    }

    /// The values that are not NaN, sorted ascending. `-0.0` is placed before `+0.0`; they compare
    /// equal, so the order stays sorted.
    ///
    /// The first distribution reads the keys straight from `values` into the output array, so a
    /// scratch buffer is needed only for the largest bucket, not for the whole sample.
    public static func sortedPresentValues(_ values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { source in
            var n = 0
            var low = UInt64.max, high = UInt64.min
            for value in source where !value.isNaN {
                let key = orderedKey(value)
                low = Swift.min(low, key)
                high = Swift.max(high, key)
                n += 1
            }
            return [Double](unsafeUninitializedCapacity: n) { output, count in
                output.withMemoryRebound(to: UInt64.self) { keys in
                    if n <= insertionLimit || low == high {
                        var k = 0
                        for value in source where !value.isNaN {
                            keys[k] = orderedKey(value)
                            k += 1
                        }
                        insertionSort(keys.baseAddress!, n)
                    } else {
                        distribute(source, into: keys.baseAddress!, count: n, low: low, high: high)
                    }
                    for i in 0..<n { keys[i] = value(ofOrderedKey: keys[i]).bitPattern }
                }
                count = n
            }
        }
    }

    /// First level of the sort: buckets the keys of the present values into `keys`, then sorts each bucket.
    private static func distribute(_ source: UnsafeBufferPointer<Double>, into keys: UnsafeMutablePointer<UInt64>, count: Int, low: UInt64, high: UInt64) {
        let (shift, bucketCount) = bucketing(count: count, low: low, high: high)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * bucketCount + 1) { table in
            let starts = table.baseAddress!, cursors = starts + bucketCount + 1
            starts.initialize(repeating: 0, count: bucketCount + 1)
            for value in source where !value.isNaN { starts[Int((orderedKey(value) &- low) >> shift) + 1] += 1 }
            var largest = 0
            for bucket in 0..<bucketCount {
                largest = Swift.max(largest, starts[bucket + 1])
                starts[bucket + 1] += starts[bucket]
            }
            cursors.update(from: starts, count: bucketCount)
            for value in source where !value.isNaN {
                let key = orderedKey(value)
                let bucket = Int((key &- low) >> shift)
                keys[cursors[bucket]] = key
                cursors[bucket] += 1
            }
            guard largest > 1 else { return }
            let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: largest)
            defer { scratch.deallocate() }
            for bucket in 0..<bucketCount {
                let start = starts[bucket], size = starts[bucket + 1] - start
                if size > 1 { sortKeys(keys + start, scratch, size) }
            }
        }
    }

    /// Bucket by the leading bits of (key − low): wide fan-out for large inputs, narrow in cache.
    @inline(__always)
    private static func bucketing(count: Int, low: UInt64, high: UInt64) -> (shift: UInt64, bucketCount: Int) {
        let width = 64 - (high - low).leadingZeroBitCount
        let bits = count >= 1 << 16 ? 12 : count >= 2_048 ? 8 : 5
        return (UInt64(Swift.max(0, width - bits)), 1 << Swift.min(bits, width))
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
        let (shift, bucketCount) = bucketing(count: count, low: low, high: high)
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
            // Each bucket is finished in the scratch buffer (the keys' room serves as its scratch)
            // and copied back while it is still in cache.
            for bucket in 0..<bucketCount {
                let start = starts[bucket], size = starts[bucket + 1] - start
                guard size > 0 else { continue }
                if size > 1 { sortKeys(scratch + start, keys + start, size) }
                (keys + start).update(from: scratch + start, count: size)
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

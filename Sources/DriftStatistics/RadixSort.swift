/// Sorting of `Double` samples by least-significant-digit radix sort on their IEEE-754 bits.
///
/// Drift evaluation sorts every current window once per numeric column; a radix sort is linear in
/// the window size and several times faster than a comparison sort for the window sizes that
/// matter (10⁴–10⁶ values). Small inputs fall back to the standard library sort.
public enum RadixSort {
    static let comparisonSortLimit = 2_048

    /// Returns the values sorted ascending. The values must not contain NaN.
    public static func sorted(_ values: [Double]) -> [Double] {
        var copy = values
        sort(&copy)
        return copy
    }

    /// Sorts the values ascending in place. The values must not contain NaN.
    /// `-0.0` is placed before `+0.0`; they compare equal, so the order stays sorted.
    public static func sort(_ values: inout [Double]) {
        let n = values.count
        if n <= comparisonSortLimit {
            values.sort()
            return
        }
        var keys = [UInt64](repeating: 0, count: n)
        var scratch = [UInt64](repeating: 0, count: n)
        values.withUnsafeBufferPointer { source in
            keys.withUnsafeMutableBufferPointer { keys in
                for i in 0..<n { keys[i] = orderedKey(source[i]) }
            }
        }
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var from = keys, to = scratch
                var counts = [Int](repeating: 0, count: 1 << digitBits)
                for pass in 0..<(64 / digitBits + (64 % digitBits == 0 ? 0 : 1)) {
                    let shift = UInt64(pass * digitBits)
                    counts.withUnsafeMutableBufferPointer { counts in
                        for i in 0..<counts.count { counts[i] = 0 }
                        for i in 0..<n { counts[Int((from[i] >> shift) & digitMask)] += 1 }
                        // A digit shared by every key does not reorder anything.
                        if counts[Int((from[0] >> shift) & digitMask)] == n { return }
                        var sum = 0
                        for i in 0..<counts.count {
                            let c = counts[i]
                            counts[i] = sum
                            sum += c
                        }
                        for i in 0..<n {
                            let key = from[i]
                            let digit = Int((key >> shift) & digitMask)
                            to[counts[digit]] = key
                            counts[digit] += 1
                        }
                        swap(&from, &to)
                    }
                }
                if from.baseAddress != keys.baseAddress {
                    for i in 0..<n { keys[i] = from[i] }
                }
            }
        }
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { out in
                for i in 0..<n { out[i] = value(ofOrderedKey: keys[i]) }
            }
        }
    }

    static let digitBits = 11
    static let digitMask: UInt64 = (1 << 11) - 1

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

/// Binary searches in ascending buffers.
public enum SortedSearch {
    /// Number of elements less than `value`: the index of the first element not less than it.
    @inline(__always)
    public static func lowerBound(_ sorted: UnsafeBufferPointer<Double>, _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Number of elements less than or equal to `value`.
    @inline(__always)
    public static func upperBound(_ sorted: UnsafeBufferPointer<Double>, _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

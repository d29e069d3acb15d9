/// Descriptive statistics used by the drift tests.
public enum Descriptive {
    /// Arithmetic mean of a non-empty sample.
    public static func mean(_ values: UnsafeBufferPointer<Double>) -> Double {
        precondition(!values.isEmpty)
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }

    /// Population standard deviation (`ddof = 0`, as `numpy.std`), by two passes.
    public static func standardDeviation(_ values: UnsafeBufferPointer<Double>) -> Double {
        let m = mean(values)
        var sum = 0.0
        for v in values {
            let d = v - m
            sum += d * d
        }
        return (sum / Double(values.count)).squareRoot()
    }
}

import Foundation

/// Deterministic pseudo-random numbers (SplitMix64), so Swift and the Python peer see the same data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func normal() -> Double {
        // Box–Muller; the second variate is dropped for simplicity.
        let u = max(uniform(), 0x1p-60), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// The benchmark dataset: 6 numeric and 3 categorical columns, a reference and a current part.
/// Some current columns are shifted so that both drifted and stable columns are exercised.
struct SyntheticData {
    static let numericNames = ["trip_distance", "fare", "pickup_hour", "tip_ratio", "speed", "wait_seconds"]
    static let categoricalNames = ["payment_type", "pickup_zone", "vendor"]
    static let categoryCounts = [5, 200, 20]

    var numeric: [[Double]] = []
    var categorical: [[Int32]] = []

    init(rows: Int, current: Bool, seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let drift = current ? 1.0 : 0.0
        for column in 0..<6 {
            var values = [Double](repeating: 0, count: rows)
            for i in 0..<rows {
                switch column {
                case 0: values[i] = exp(0.9 + 0.6 * rng.normal() + 0.15 * drift)  // lognormal, drifts
                case 1: values[i] = (2.5 + 8.8 * rng.normal().magnitude).rounded()  // ties, stable
                case 2: values[i] = Double(Int(rng.uniform() * 24))  // heavy ties, stable
                case 3: values[i] = rng.uniform() < 0.3 ? 0 : 0.1 + 0.05 * rng.normal() + 0.01 * drift  // point mass + small drift
                case 4: values[i] = 25 + 8 * rng.normal()  // stable normal
                default: values[i] = -log(max(rng.uniform(), 1e-300)) * 120  // exponential, stable
                }
            }
            numeric.append(values)
        }
        for (column, count) in Self.categoryCounts.enumerated() {
            // Zipf-like category probabilities; the current payment mix drifts.
            var weights = (1...count).map { 1.0 / pow(Double($0), 1.1) }
            if column == 0 && current { weights[0] *= 1.3 }
            let total = weights.reduce(0, +)
            var cumulative: [Double] = []
            var sum = 0.0
            for w in weights { sum += w / total; cumulative.append(sum) }
            var codes = [Int32](repeating: 0, count: rows)
            for i in 0..<rows {
                let u = rng.uniform()
                var low = 0, high = count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if cumulative[mid] < u { low = mid + 1 } else { high = mid }
                }
                codes[i] = Int32(low)
            }
            categorical.append(codes)
        }
    }

    /// Writes every column as raw little-endian arrays (`<name>.f64` / `<name>.i32`) for the peer.
    func write(to directory: URL, prefix: String) throws {
        for (name, values) in zip(Self.numericNames, numeric) {
            try values.withUnsafeBytes { Data($0) }.write(to: directory.appendingPathComponent("\(prefix)_\(name).f64"))
        }
        for (name, codes) in zip(Self.categoricalNames, categorical) {
            try codes.withUnsafeBytes { Data($0) }.write(to: directory.appendingPathComponent("\(prefix)_\(name).i32"))
        }
    }
}

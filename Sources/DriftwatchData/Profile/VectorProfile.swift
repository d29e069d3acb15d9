import DriftStatistics

/// What the test of a vector column keeps of the reference: a uniform sample of its present
/// vectors (MMD compares samples of points; no per-number summary can stand in for them).
public struct VectorProfile: Sendable, Codable, Equatable {
    public var name: String
    public var dimensions: Int
    public var missingCount: Int
    public var presentCount: Int
    /// Present reference vectors drawn at random (a fixed seed), flat, at most ``sampleRows``.
    public var sample: [Double]

    /// Reference vectors kept: the MMD test's kernel matrix grows with the square of the pooled
    /// sample, and 1,000 a side separate the changes worth an alert (the soundness benchmark).
    public static let sampleRows = 1_000
    /// Bounds a profile read from a file must keep to.
    public static let maximumDimensions = 65_536
    public static let maximumSampleRows = 100_000

    public init(name: String, dimensions: Int, missingCount: Int, presentCount: Int, sample: [Double]) {
        self.name = name
        self.dimensions = dimensions
        self.missingCount = missingCount
        self.presentCount = presentCount
        self.sample = sample
    }

    public init(name: String, column: VectorColumn, sampleRows: Int = sampleRows) {
        let present = (0..<column.rowCount).filter(column.isPresent)
        self.init(name: name, dimensions: column.dimensions, missingCount: column.missingCount, presentCount: present.count,
                  sample: column.selecting(VectorProfile.uniformSample(of: present, count: sampleRows)).values)
    }

    /// At most `count` of `rows` drawn uniformly without replacement (a partial Fisher–Yates
    /// shuffle with a fixed seed, so a profile is reproducible), in their original order.
    public static func uniformSample(of rows: [Int], count: Int, seed: UInt64 = 0x7665_6374_6f72) -> [Int] {
        guard rows.count > count else { return rows }
        var rows = rows
        var generator = SplitMix64(seed: seed)
        for i in 0..<count { rows.swapAt(i, Int.random(in: i..<rows.count, using: &generator)) }
        return rows.prefix(count).sorted()
    }
}

extension ReferenceProfile {
    /// The length of each vector column's vectors in the reference (columns that had any).
    public var vectorDimensions: [String: Int] {
        var lengths: [String: Int] = [:]
        for case .vector(let vector) in columns where vector.dimensions > 0 { lengths[vector.name] = vector.dimensions }
        return lengths
    }
}

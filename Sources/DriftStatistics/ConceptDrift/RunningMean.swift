/// A mean updated one value at a time (`mean += (1/n)(x − mean)`), the form the concept-drift
/// detectors use, so that their arithmetic matches river's `stats.Mean` step for step.
public struct RunningMean: Sendable, Equatable {
    public private(set) var count = 0.0
    public private(set) var mean = 0.0

    public init() {}

    public mutating func add(_ value: Double) {
        count += 1
        mean += (1 / count) * (value - mean)
    }
}

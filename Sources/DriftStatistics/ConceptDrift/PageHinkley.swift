/// The Page-Hinkley test: a cumulative sum of each value's deviation from the running mean
/// (minus a tolerance `delta`, with a forgetting factor `alpha`), which signals a change when the
/// sum has risen (or fallen) more than `threshold` above (below) its extreme so far.
///
/// References: E. S. Page, "Continuous inspection schemes", Biometrika 41 (1954) 100–115; the
/// two-sided, fading form follows river's `drift.PageHinkley` (its defaults too), including its
/// initial maximum of −1 for the decrease sum. After a detection the next value starts afresh.
public struct PageHinkley: ConceptDriftDetector {
    public enum Direction: String, Sendable, CaseIterable { case up, down, both }

    public let minInstances: Int
    public let delta: Double
    public let threshold: Double
    public let alpha: Double
    public let direction: Direction

    private var mean = RunningMean()
    private var sumIncrease = 0.0, sumDecrease = 0.0
    private var minIncrease = Double.infinity, maxDecrease = -1.0
    public private(set) var driftDetected = false

    public init(minInstances: Int = 30, delta: Double = 0.005, threshold: Double = 50, alpha: Double = 1 - 0.0001, direction: Direction = .both) {
        self.minInstances = minInstances
        self.delta = delta
        self.threshold = threshold
        self.alpha = alpha
        self.direction = direction
    }

    public var name: String { "page_hinkley" }

    /// Adds a value; true when it completes a detection.
    @discardableResult
    public mutating func update(_ value: Double) -> Bool {
        if driftDetected { self = PageHinkley(minInstances: minInstances, delta: delta, threshold: threshold, alpha: alpha, direction: direction) }
        mean.add(value)
        let deviation = value - mean.mean
        sumIncrease = alpha * sumIncrease + deviation - delta
        sumDecrease = alpha * sumDecrease + deviation + delta
        minIncrease = min(minIncrease, sumIncrease)
        maxDecrease = max(maxDecrease, sumDecrease)
        guard mean.count >= Double(minInstances) else { return false }
        let rise = sumIncrease - minIncrease, fall = maxDecrease - sumDecrease
        switch direction {
        case .up: driftDetected = rise > threshold
        case .down: driftDetected = fall > threshold
        case .both: driftDetected = rise > threshold || fall > threshold
        }
        return driftDetected
    }
}

import Foundation

/// DDM, the drift detection method for a stream of prediction errors (1 wrong, 0 right): the
/// error rate `p` and its binomial standard deviation `s = √(p(1−p)/n)` are tracked; the lowest
/// `p + s` seen marks the best the model has been, and `p + s` rising above `p_min + 2 s_min`
/// warns, above `p_min + 3 s_min` detects a change.
///
/// Reference: J. Gama, P. Medas, G. Castillo, P. Rodrigues, "Learning with drift detection",
/// SBIA 2004, LNCS 3171, 286–295; the warm-start and update order follow river's
/// `drift.binary.DDM`. After a detection the next value starts afresh.
public struct DriftDetectionMethod: ConceptDriftDetector {
    public let warmStart: Int
    public let warningThreshold: Double
    public let driftThreshold: Double

    private var errorRate = RunningMean()
    private var pMin = Double.nan, sMin = Double.nan, psMin = Double.infinity
    public private(set) var warningDetected = false
    public private(set) var driftDetected = false

    public init(warmStart: Int = 30, warningThreshold: Double = 2, driftThreshold: Double = 3) {
        self.warmStart = warmStart
        self.warningThreshold = warningThreshold
        self.driftThreshold = driftThreshold
    }

    public var name: String { "ddm" }
    public var warning: Bool { warningDetected }

    /// Adds an error of 0 (right) or 1 (wrong); any non-zero error counts as a miss.
    @discardableResult
    public mutating func update(_ error: Double) -> Bool {
        update(error: error != 0)
    }

    /// Adds one outcome (`true`: the prediction was wrong); true when it completes a detection.
    @discardableResult
    public mutating func update(error: Bool) -> Bool {
        if driftDetected { self = DriftDetectionMethod(warmStart: warmStart, warningThreshold: warningThreshold, driftThreshold: driftThreshold) }
        errorRate.add(error ? 1 : 0)
        let p = errorRate.mean, n = errorRate.count
        let s = (p * (1 - p) / n).squareRoot()
        guard n > Double(warmStart) else { return false }
        if p + s <= psMin {
            pMin = p
            sMin = s
            psMin = p + s
        }
        warningDetected = p + s > pMin + warningThreshold * sMin
        if p + s > pMin + driftThreshold * sMin {
            driftDetected = true
            warningDetected = false
        }
        return driftDetected
    }
}

/// One of the concept-drift detectors, fed one error at a time: what the agent keeps per detector.
public enum ErrorStreamDetector: Sendable {
    case pageHinkley(PageHinkley)
    case adwin(AdaptiveWindowing)
    /// Needs 0/1 errors (a classifier's misses).
    case ddm(DriftDetectionMethod)

    /// The detector's name in metrics and configs.
    public var name: String {
        switch self {
        case .pageHinkley: "page_hinkley"
        case .adwin: "adwin"
        case .ddm: "ddm"
        }
    }

    /// Adds an error; true when it completes a detection.
    public mutating func update(_ error: Double) -> Bool {
        switch self {
        case .pageHinkley(var detector):
            defer { self = .pageHinkley(detector) }
            return detector.update(error)
        case .adwin(var detector):
            defer { self = .adwin(detector) }
            return detector.update(error)
        case .ddm(var detector):
            defer { self = .ddm(detector) }
            return detector.update(error: error != 0)
        }
    }

    /// Whether the detector is in its warning zone (DDM only).
    public var warning: Bool {
        if case .ddm(let detector) = self { return detector.warningDetected }
        return false
    }
}

/// A concept-drift detector fed one error at a time (a regressor's scaled absolute error, a
/// classifier's 0/1 miss): what the agent keeps per configured detector.
public protocol ConceptDriftDetector: Sendable {
    /// The detector's name in metrics and configs.
    var name: String { get }
    /// Adds an error; true when it completes a detection (the next error starts afresh).
    mutating func update(_ error: Double) -> Bool
    /// Whether the detector is in its warning zone (detectors without one: never).
    var warning: Bool { get }
}

extension ConceptDriftDetector {
    public var warning: Bool { false }
}

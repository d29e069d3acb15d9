import DriftStatistics

/// The error stream of labelled rows, in the order their ground truth arrived, and the detectors
/// watching it. A detection is a change in the model's errors — concept drift, or a broken
/// upstream — that no input-distribution test can see.
public struct ConceptDriftMonitor: Sendable {
    /// One detection: which detector, when, and after how many errors of the stream.
    public struct Detection: Sendable, Equatable, Codable {
        public var detector: String
        public var at: Double
        public var errorIndex: Int
        /// The registry version whose errors changed (nil for a file reference).
        public var modelVersion: Int?
    }

    public let settings: ConceptDriftSettings
    public private(set) var detectors: [any ConceptDriftDetector]
    /// Errors seen since the reference was last set.
    public private(set) var errors = 0
    /// The latest detections, oldest first (at most ``recentLimit``).
    public private(set) var recent: [Detection] = []
    static let recentLimit = 20

    public init(settings: ConceptDriftSettings) {
        self.settings = settings
        detectors = settings.makeDetectors()
    }

    /// Feeds one row's error to every detector; returns the detections it completed.
    public mutating func observe(_ error: Double, at time: Double, modelVersion: Int?) -> [Detection] {
        errors += 1
        var found: [Detection] = []
        for index in detectors.indices where detectors[index].update(error) {
            found.append(Detection(detector: detectors[index].name, at: time, errorIndex: errors - 1, modelVersion: modelVersion))
        }
        recent.append(contentsOf: found)
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
        return found
    }

    /// Starts every detector afresh: another model's errors are another stream.
    public mutating func reset() {
        detectors = settings.makeDetectors()
        errors = 0
    }
}

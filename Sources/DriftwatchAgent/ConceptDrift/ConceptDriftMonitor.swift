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
    /// The baseline each error is ranked against (nil: errors go to the detectors as they are).
    private var ranks: BaselineRanks?
    /// Errors seen since the reference was last set.
    public private(set) var errors = 0
    /// The stream index of the last reported detection (for the hold-off).
    private var lastReported: Int?
    /// The latest detections, oldest first (at most ``recentLimit``).
    public private(set) var recent: [Detection] = []
    static let recentLimit = 20

    public init(settings: ConceptDriftSettings) {
        self.settings = settings
        detectors = settings.makeDetectors()
        ranks = settings.baseline > 0 ? BaselineRanks(size: settings.baseline) : nil
    }

    /// Whether the detectors are watching (false while the baseline is collected).
    public var isWatching: Bool { ranks?.isComplete ?? true }

    /// Feeds one row's error to every detector (ranked against the baseline once it is complete);
    /// returns the detections it completed, at most one, none within the hold-off of the last.
    public mutating func observe(_ error: Double, at time: Double, modelVersion: Int?) -> [Detection] {
        errors += 1
        var value = error
        if ranks != nil {
            guard let rank = ranks?.rank(error) else { return [] }
            value = rank
        }
        var fired: [String] = []
        for index in detectors.indices where detectors[index].update(value) { fired.append(detectors[index].name) }
        let index = errors - 1
        guard let first = fired.first, lastReported.map({ index - $0 > settings.holdOff }) ?? true else { return [] }
        lastReported = index
        let found = [Detection(detector: first, at: time, errorIndex: index, modelVersion: modelVersion)]
        recent.append(contentsOf: found)
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
        return found
    }

    /// Starts afresh — detectors, baseline, hold-off: another model's errors are another stream.
    public mutating func reset() {
        detectors = settings.makeDetectors()
        ranks = settings.baseline > 0 ? BaselineRanks(size: settings.baseline) : nil
        lastReported = nil
        errors = 0
    }
}

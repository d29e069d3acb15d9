import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import Yams

/// Which concept-drift detectors watch the error stream of labelled rows, and their parameters:
/// the `concept_drift:` section of the agent config (`concept_drift: off` turns them off).
///
/// ```yaml
/// concept_drift:
///   detectors: [adwin, page_hinkley]   # regression default; a classifier's is [adwin, ddm]
///   page_hinkley: {threshold: 50, delta: 0.005, min_instances: 30, alpha: 0.9999}
///   adwin: {delta: 0.002, clock: 32}
///   ddm: {warm_start: 30, warning: 2, drift: 3}
///   error_scale: 4.2                   # a regressor's errors are divided by this (default: the
///                                      # reference version's validation MAE; 1 for a file reference)
///   baseline: 500                      # a regressor's errors are ranked among its first 500 (0: fed as they are)
///   hold_off: 1000                     # after a detection, the next within 1,000 rows is not reported
/// ```
public struct ConceptDriftSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case pageHinkley = "page_hinkley", adwin, ddm
    }

    public var detectors: [Kind]
    public var pageHinkley = PageHinkleyParameters()
    public var adwin = AdwinParameters()
    public var ddm = DDMParameters()
    /// What a regressor's absolute errors are divided by (nil: the reference's validation MAE).
    public var errorScale: Double?
    /// Errors collected after the reference is set, against which each later error is ranked
    /// (``BaselineRanks``) before the detectors see it; 0 feeds the errors as they are, as river's
    /// detectors take them. Real errors are heavy-tailed: on raw scaled errors Page-Hinkley's
    /// cumulative sum is moved by single huge errors and alarms on stationary traffic; ranks are
    /// bounded and near-uniform whatever the tail. A classifier's misses (0 or 1) are not ranked.
    public var baseline = 0
    /// Rows after a reported detection during which further detections (of any detector) are not
    /// reported: one change, one detection, however many detectors see it and however often a
    /// detector that starts afresh sees it again.
    public var holdOff = 1000
    public static let defaultBaseline = 500

    public struct PageHinkleyParameters: Sendable, Equatable {
        public var threshold = 50.0, delta = 0.005, minInstances = 30, alpha = 1 - 0.0001
    }

    public struct AdwinParameters: Sendable, Equatable {
        public var delta = 0.002, clock = 32
    }

    public struct DDMParameters: Sendable, Equatable {
        public var warmStart = 30, warning = 2.0, drift = 3.0
    }

    /// The defaults for a task: ADWIN on every error stream, with Page-Hinkley on a regressor's
    /// scaled absolute errors and DDM on a classifier's misses.
    public static func defaults(for task: LearningTask) -> ConceptDriftSettings {
        var settings = ConceptDriftSettings(detectors: task == .regression ? [.adwin, .pageHinkley] : [.adwin, .ddm])
        if task == .regression { settings.baseline = defaultBaseline }
        return settings
    }

    /// Fresh detectors, in the configured order.
    public func makeDetectors() -> [any ConceptDriftDetector] {
        detectors.map(makeDetector)
    }

    public func makeDetector(_ kind: Kind) -> any ConceptDriftDetector {
        switch kind {
        case .pageHinkley:
            PageHinkley(minInstances: pageHinkley.minInstances, delta: pageHinkley.delta, threshold: pageHinkley.threshold, alpha: pageHinkley.alpha)
        case .adwin:
            AdaptiveWindowing(delta: adwin.delta, clock: adwin.clock)
        case .ddm:
            DriftDetectionMethod(warmStart: ddm.warmStart, warningThreshold: ddm.warning, driftThreshold: ddm.drift)
        }
    }

    static let knownKeys = ["detectors", "page_hinkley", "adwin", "ddm", "error_scale", "baseline", "hold_off"]

    /// Reads the `concept_drift:` node: `off` (nil), or a mapping over the task's defaults.
    static func parse(_ node: Node, task: LearningTask, source: String) throws -> ConceptDriftSettings? {
        if node.string == "off" || node.bool == false { return nil }
        let section = try ConfigurationSection(node, path: "concept_drift", known: knownKeys, source: source,
                                               shape: "off or a mapping (detectors, page_hinkley, adwin, ddm)")
        func fail(_ node: Node, _ message: String) -> DataError { DataError(file: source, line: node.mark?.line, message) }
        var settings = defaults(for: task)
        if let list = section["detectors"] {
            guard let items = list.sequence, !items.isEmpty else { throw fail(list, "concept_drift.detectors is a list, e.g. [adwin, page_hinkley]") }
            settings.detectors = try items.map { item in
                guard let kind = item.string.flatMap(Kind.init(rawValue:)) else {
                    throw fail(item, "concept_drift.detectors: '\(item.string ?? "?")' is not a detector (available: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if kind == .ddm && task != .binaryClassification {
                    throw fail(item, "concept_drift.detectors: ddm watches a classifier's misses; with task regression use adwin or page_hinkley")
                }
                return kind
            }
            guard Set(settings.detectors).count == settings.detectors.count else { throw fail(list, "concept_drift.detectors lists a detector twice") }
        }
        if let map = try section.section("page_hinkley", known: ["threshold", "delta", "min_instances", "alpha"]) {
            if let value = try map.number("threshold", "must be a positive number", { $0 > 0 }) { settings.pageHinkley.threshold = value }
            if let value = try map.number("delta", "must be a number ≥ 0", { $0 >= 0 }) { settings.pageHinkley.delta = value }
            if let value = try map.whole("min_instances", minimum: 1) { settings.pageHinkley.minInstances = value }
            if let value = try map.number("alpha", "must be in (0, 1]", { $0 > 0 && $0 <= 1 }) { settings.pageHinkley.alpha = value }
        }
        if let map = try section.section("adwin", known: ["delta", "clock"]) {
            if let value = try map.number("delta", "must be in (0, 1)", { $0 > 0 && $0 < 1 }) { settings.adwin.delta = value }
            if let value = try map.whole("clock", minimum: 1) { settings.adwin.clock = value }
        }
        if let map = try section.section("ddm", known: ["warm_start", "warning", "drift"]) {
            if let value = try map.whole("warm_start", minimum: 1) { settings.ddm.warmStart = value }
            if let value = try map.number("warning", "must be a positive number of standard deviations", { $0 > 0 }) { settings.ddm.warning = value }
            if let value = try map.number("drift", "must be a positive number of standard deviations", { $0 > 0 }) { settings.ddm.drift = value }
            guard settings.ddm.drift > settings.ddm.warning else { throw map.error("drift", "concept_drift.ddm.drift must be above concept_drift.ddm.warning") }
        }
        if let value = try section.number("error_scale", "must be a positive number (in the target's units)", { $0 > 0 }) { settings.errorScale = value }
        if let value = try section.whole("baseline", minimum: 0, maximum: 1_000_000) {
            if value > 0 && task != .regression {
                throw section.error("baseline", "concept_drift.baseline ranks a regressor's errors; a classifier's misses are 0 or 1 (leave it out, or 0)")
            }
            settings.baseline = value
        }
        if let value = try section.whole("hold_off", minimum: 0, maximum: 100_000_000) { settings.holdOff = value }
        return settings
    }
}

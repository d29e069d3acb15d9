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
        ConceptDriftSettings(detectors: task == .regression ? [.adwin, .pageHinkley] : [.adwin, .ddm])
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

    static let knownKeys = ["detectors", "page_hinkley", "adwin", "ddm", "error_scale"]

    /// Reads the `concept_drift:` node: `off` (nil), or a mapping over the task's defaults.
    static func parse(_ node: Node, task: LearningTask, source: String) throws -> ConceptDriftSettings? {
        func fail(_ node: Node?, _ message: String) -> DataError { DataError(file: source, line: node?.mark?.line, message) }
        if node.string == "off" || node.bool == false { return nil }
        guard let mapping = node.mapping else { throw fail(node, "concept_drift is off or a mapping (detectors, page_hinkley, adwin, ddm)") }
        for key in mapping.keys where !knownKeys.contains(key.string ?? "") {
            throw fail(key, "unknown key 'concept_drift.\(key.string ?? "?")' (known: \(knownKeys.joined(separator: ", ")))")
        }
        var settings = defaults(for: task)
        if let list = mapping["detectors"] {
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
        func parameters(_ name: String, _ keys: [String]) throws -> (String, Node.Mapping)? {
            guard let node = mapping[name] else { return nil }
            guard let map = node.mapping else { throw fail(node, "concept_drift.\(name) is a mapping (\(keys.joined(separator: ", ")))") }
            for key in map.keys where !keys.contains(key.string ?? "") {
                throw fail(key, "unknown key 'concept_drift.\(name).\(key.string ?? "?")' (known: \(keys.joined(separator: ", ")))")
            }
            return (name, map)
        }
        func number(_ map: (String, Node.Mapping), _ key: String, _ valid: (Double) -> Bool, _ rule: String) throws -> Double? {
            guard let node = map.1[key] else { return nil }
            guard let value = node.float, value.isFinite, valid(value) else { throw fail(node, "concept_drift.\(map.0).\(key) \(rule)") }
            return value
        }
        func whole(_ map: (String, Node.Mapping), _ key: String, minimum: Int) throws -> Int? {
            guard let node = map.1[key] else { return nil }
            guard let value = node.int, value >= minimum else { throw fail(node, "concept_drift.\(map.0).\(key) must be a whole number ≥ \(minimum)") }
            return value
        }
        if let map = try parameters("page_hinkley", ["threshold", "delta", "min_instances", "alpha"]) {
            if let value = try number(map, "threshold", { $0 > 0 }, "must be a positive number") { settings.pageHinkley.threshold = value }
            if let value = try number(map, "delta", { $0 >= 0 }, "must be a number ≥ 0") { settings.pageHinkley.delta = value }
            if let value = try whole(map, "min_instances", minimum: 1) { settings.pageHinkley.minInstances = value }
            if let value = try number(map, "alpha", { $0 > 0 && $0 <= 1 }, "must be in (0, 1]") { settings.pageHinkley.alpha = value }
        }
        if let map = try parameters("adwin", ["delta", "clock"]) {
            if let value = try number(map, "delta", { $0 > 0 && $0 < 1 }, "must be in (0, 1)") { settings.adwin.delta = value }
            if let value = try whole(map, "clock", minimum: 1) { settings.adwin.clock = value }
        }
        if let map = try parameters("ddm", ["warm_start", "warning", "drift"]) {
            if let value = try whole(map, "warm_start", minimum: 1) { settings.ddm.warmStart = value }
            if let value = try number(map, "warning", { $0 > 0 }, "must be a positive number of standard deviations") { settings.ddm.warning = value }
            if let value = try number(map, "drift", { $0 > 0 }, "must be a positive number of standard deviations") { settings.ddm.drift = value }
            guard settings.ddm.drift > settings.ddm.warning else { throw fail(mapping["ddm"], "concept_drift.ddm.drift must be above concept_drift.ddm.warning") }
        }
        if let node = mapping["error_scale"] {
            guard let value = node.float, value.isFinite, value > 0 else { throw fail(node, "concept_drift.error_scale must be a positive number (in the target's units)") }
            settings.errorScale = value
        }
        return settings
    }
}

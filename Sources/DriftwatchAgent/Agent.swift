import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation
import Prometheus

/// The monitoring agent's state: the window of recent rows, the evaluator, the exporter and the
/// latest snapshot. Sources hand rows in, labels attach ground truth, the evaluation loop turns
/// the window into snapshots.
public actor Agent {
    public nonisolated let configuration: AgentConfiguration
    public nonisolated let profile: ReferenceProfile
    public nonisolated let exporter: SnapshotExporter
    let evaluator: WindowEvaluator
    var window: SlidingWindow
    var sampler: RowSampler
    public private(set) var latest: Snapshot?
    /// Each source's read position (pull cursor, tail file position), saved with the window.
    public private(set) var positions: [String: String] = [:]
    private var state: AgentStateStore?
    /// Recent PSI per column, oldest first, for the status page's sparklines.
    public private(set) var psiHistory: [String: [Double]] = [:]
    static let historyLength = 30
    private let labelsMatched: Counter, labelsUnmatched: Counter, evaluations: Counter
    private var sourceCounters: [String: (ingested: Counter, rejected: Counter, sampledOut: Counter, errors: Counter)] = [:]

    public init(configuration: AgentConfiguration, profile: ReferenceProfile, version: String) {
        self.configuration = configuration
        self.profile = profile
        exporter = SnapshotExporter(version: version)
        evaluator = WindowEvaluator(model: configuration.model, profile: profile, options: configuration.drift,
                                    task: configuration.task, positiveClass: configuration.positiveClass)
        window = SlidingWindow(policy: configuration.window)
        sampler = RowSampler(rate: configuration.samplingRate)
        let registry = exporter.registry
        for source in configuration.sources.map(\.name) {
            let labels = [("source", source)]
            sourceCounters[source] = (
                registry.makeCounter(name: "driftwatch_rows_ingested_total", labels: labels, help: "Rows accepted into the window, by source."),
                registry.makeCounter(name: "driftwatch_rows_rejected_total", labels: labels, help: "Rows refused as malformed, by source."),
                registry.makeCounter(name: "driftwatch_rows_sampled_out_total", labels: labels, help: "Rows left out by the sampling rate, by source."),
                registry.makeCounter(name: "driftwatch_source_errors_total", labels: labels, help: "Failed reads of a source, by source."))
        }
        labelsMatched = registry.makeCounter(name: "driftwatch_labels_matched_total", help: "Ground-truth labels that found their row in the window.")
        labelsUnmatched = registry.makeCounter(name: "driftwatch_labels_unmatched_total", help: "Ground-truth labels whose row was not (or no longer) in the window.")
        evaluations = registry.makeCounter(name: "driftwatch_evaluations_total", help: "Evaluations of the window.")
    }

    /// Loads the reference named in the configuration and profiles it once.
    public static func start(configuration: AgentConfiguration, version: String) throws -> Agent {
        switch configuration.reference {
        case .file(let path, let schemaPath):
            let spec = try schemaPath.map(SchemaSpec.load(path:))
            let batch = try DatasetReader.readBatch(path: path, schema: spec)
            return Agent(configuration: configuration, profile: ReferenceProfile(batch: batch, binCount: configuration.drift.binCount), version: version)
        }
    }

    /// Saves the window and the source positions from now on, after restoring what was saved
    /// before (the restored window is evaluated at once, so `/metrics` has values straight away).
    public func attach(_ store: AgentStateStore) async throws {
        let saved = try store.load()
        window.restore(saved.rows)
        positions = saved.positions
        state = store
        try await evaluate()
    }

    /// Writes the window and the positions in one transaction.
    public func persist() throws {
        try state?.save(rows: window.rows, positions: positions)
    }

    /// Takes rows from a source; returns how many entered the window. `position` is where the
    /// source will read next, recorded together with the rows.
    @discardableResult
    public func ingest(_ rows: [ObservedRow], rejected rejectedCount: Int = 0, source: String = "push", position: String? = nil, now: Double = Date().timeIntervalSince1970) -> Int {
        if let position { positions[source] = position }
        let counters = sourceCounters[source]
        if rejectedCount > 0 { counters?.rejected.increment(by: Int64(rejectedCount)) }
        let kept = rows.filter { sampler.keeps(id: $0.id) }
        if kept.count < rows.count { counters?.sampledOut.increment(by: Int64(rows.count - kept.count)) }
        window.append(kept, now: now)
        counters?.ingested.increment(by: Int64(kept.count))
        return kept.count
    }

    /// Counts a failed read of a source.
    public func sourceFailed(_ source: String) {
        sourceCounters[source]?.errors.increment()
    }

    /// Sources that have answered at least once (a read succeeded, even an empty one).
    private var answered: Set<String> = []

    /// Notes that a source answered.
    public func sourceAnswered(_ source: String) {
        answered.insert(source)
    }

    /// Ready when the reference is loaded (it is, once the agent exists) and a source can deliver
    /// rows: the push endpoint always can; pulled and tailed sources once they answered.
    public var isReady: Bool {
        configuration.sources.contains(.push) || !answered.isEmpty
    }

    /// Attaches ground truth to a row still in the window.
    @discardableResult
    public func label(id: String, actual: FeatureInput) -> Bool {
        let matched = window.label(id: id, actual: actual)
        (matched ? labelsMatched : labelsUnmatched).increment()
        return matched
    }

    public var windowRows: Int { window.count }

    /// The status page as of now.
    public func statusPage(now: Double = Date().timeIntervalSince1970) -> String {
        StatusPage.render(model: configuration.model, snapshot: latest, history: psiHistory, windowRows: window.count, minRows: configuration.minRows, now: now)
    }

    /// Evaluates the window when it holds enough rows, publishes the snapshot and keeps it as the latest.
    @discardableResult
    public func evaluate(now: Double = Date().timeIntervalSince1970) async throws -> Snapshot? {
        window.expire(olderThan: now - windowSeconds)
        guard window.count >= configuration.minRows else { return nil }
        let snapshot = try await evaluator.evaluate(window.rows, now: now)
        await exporter.publish(snapshot)
        evaluations.increment()
        latest = snapshot
        for column in snapshot.report.columns {
            guard let psi = column.psi else { continue }
            var history = psiHistory[column.name] ?? []
            history.append(psi)
            if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
            psiHistory[column.name] = history
        }
        return snapshot
    }

    private var windowSeconds: Double {
        if case .time(let seconds, _) = configuration.window { return seconds }
        return .infinity
    }
}

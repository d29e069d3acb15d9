import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import DriftwatchRegistry
import DriftwatchReport
import Foundation
import Prometheus

/// The monitoring agent's state: the window of recent rows, the evaluator, the exporter and the
/// latest snapshot. Sources hand rows in, labels attach ground truth, the evaluation loop turns
/// the window into snapshots.
public actor Agent {
    public nonisolated let configuration: AgentConfiguration
    /// What production rows are compared with: the reference file's profile, or the training
    /// profile of the registry version the configured alias points at.
    public private(set) var profile: ReferenceProfile
    /// The registry version whose profile is the reference (nil for a reference file).
    public private(set) var referenceVersion: Int?
    /// That version's validation metrics, exported next to the live ones.
    public private(set) var referenceQuality: [String: Double] = [:]
    public nonisolated let exporter: SnapshotExporter
    private var evaluator: WindowEvaluator
    var window: SlidingWindow
    var sampler: RowSampler
    public private(set) var latest: Snapshot?
    /// The snapshot saved before a restart, served until this process evaluates its own.
    public private(set) var restored: Snapshot?
    /// What `/metrics` and the JSON route serve: this process's latest snapshot, else the restored one.
    public var servedSnapshot: Snapshot? { latest ?? restored }
    /// Whether `latest` changed since the last save.
    private var snapshotUnsaved = false
    /// Each source's read position (pull cursor, tail file position), saved with the window.
    public private(set) var positions: [String: String] = [:]
    private var state: AgentStateStore?
    /// The save being written (one at a time: a later save committing first could bring back a
    /// row an earlier one removes).
    private var saving: Task<Void, any Error>?
    /// Changes a client was told were taken (pushed rows, labels), counted; and how many of them
    /// the last successful save covered.
    private var changesTaken = 0, changesSaved = 0
    /// Recent PSI per column, oldest first, for the status page's sparklines.
    public private(set) var psiHistory: [String: [Double]] = [:]
    static let historyLength = 30
    private let labelsMatched: Counter, labelsUnmatched: Counter, evaluations: Counter, overWindow: Counter, otherVersion: Counter
    /// The detectors on the error stream of labelled rows (nil when turned off).
    public private(set) var conceptDrift: ConceptDriftMonitor?
    /// Detections not yet carried by a snapshot (the loop sees them with the next one).
    private var pendingDetections: [ConceptDriftMonitor.Detection] = []
    private let conceptDriftMetrics: ConceptDriftMetrics?
    /// Labelled rows by the version that served them, for the challenger comparison.
    private var outcomes: VersionOutcomes
    private var sourceCounters: [String: (ingested: Counter, rejected: Counter, sampledOut: Counter, errors: Counter)] = [:]

    /// Throws when a segment column is not a categorical column of the reference.
    public init(configuration: AgentConfiguration, profile: ReferenceProfile, referenceVersion: Int? = nil, referenceQuality: [String: Double] = [:], version: String) throws {
        self.configuration = configuration
        self.profile = profile
        self.referenceVersion = referenceVersion
        self.referenceQuality = referenceQuality
        exporter = SnapshotExporter(version: version)
        evaluator = WindowEvaluator(model: configuration.model, profile: profile, options: configuration.drift,
                                    task: configuration.task, positiveClass: configuration.positiveClass, lowConfidence: configuration.lowConfidence)
        evaluator.multivariate = configuration.multivariate
        if !configuration.segments.isEmpty {
            evaluator.segments = try SegmentEvaluator(specs: configuration.segments, profile: profile, task: configuration.task)
        }
        window = SlidingWindow(policy: configuration.window, schema: profile.schema, vectorDimensions: profile.vectorDimensions)
        sampler = RowSampler(rate: configuration.samplingRate)
        outcomes = VersionOutcomes(task: configuration.task, positiveClass: configuration.positiveClass, capacity: configuration.comparison.rows)
        let registry = exporter.registry
        for source in configuration.sources.map(\.name) {
            let labels = [("source", source)]
            sourceCounters[source] = (
                registry.counter("driftwatch_rows_ingested_total", labels: labels, help: "Rows accepted into the window, by source."),
                registry.counter("driftwatch_rows_rejected_total", labels: labels, help: "Rows refused as malformed, by source."),
                registry.counter("driftwatch_rows_sampled_out_total", labels: labels, help: "Rows left out by the sampling rate, by source."),
                registry.counter("driftwatch_source_errors_total", labels: labels, help: "Failed reads of a source, by source."))
        }
        conceptDrift = configuration.conceptDrift.map(ConceptDriftMonitor.init)
        conceptDriftMetrics = configuration.conceptDrift.map { ConceptDriftMetrics(registry: registry, model: configuration.model, detectors: $0.detectors.map(\.rawValue)) }
        labelsMatched = registry.counter("driftwatch_labels_matched_total", help: "Ground-truth labels that found their row in the window.")
        labelsUnmatched = registry.counter("driftwatch_labels_unmatched_total", help: "Ground-truth labels whose row was not (or no longer) in the window.")
        evaluations = registry.counter("driftwatch_evaluations_total", help: "Evaluations of the window.")
        otherVersion = registry.counter("driftwatch_rows_other_version_total",
                                            help: "Rows served by another model version than the reference's (left out: they belong to the previous window).")
        overWindow = registry.counter("driftwatch_rows_over_window_total",
                                          help: "Rows that arrived while the time window was full and that its reservoir sample left out.")
    }

    /// Loads the reference named in the configuration: a data file, profiled once, a saved
    /// profile file, or the
    /// registered profile of the version the registry alias points at.
    public static func start(configuration: AgentConfiguration, version: String) async throws -> Agent {
        switch configuration.reference {
        case .file(let path, let schemaPath):
            let spec = try schemaPath.map(SchemaSpec.load(path:))
            let (profile, saved) = try ReferenceProfile.load(path: path, schema: spec, schemaPath: schemaPath, binCount: configuration.drift.binCount,
                                                             multivariateSampleRows: configuration.multivariate?.sampleRows)
            if configuration.multivariate != nil && profile.multivariate == nil {
                throw DataError(file: path, saved ? "multivariate: the saved profile has no multivariate part: make it with `driftwatch profile --multivariate`, or use the data file"
                                                  : "multivariate: the reference needs at least one feature column and 2 rows")
            }
            let agent = try Agent(configuration: configuration, profile: profile, version: version)
            if configuration.estimatePerformance && saved {
                throw DataError(file: configuration.source, line: configuration.estimatePerformanceLine,
                                "estimate_performance learns from the reference's predictions and true values: a saved profile keeps no rows, use the data file")
            }
            // The rows themselves, for what a profile cannot give: each segment's own reference, the estimators.
            let batch = saved || (configuration.segments.isEmpty && !configuration.estimatePerformance) ? nil : try DatasetReader.readBatch(path: path, schema: profile.schema)
            if let batch, !configuration.segments.isEmpty { await agent.profileSegments(of: batch) }
            if configuration.estimatePerformance, let batch {
                await agent.setEstimator(try PerformanceEstimator.fit(reference: batch, task: configuration.task, positiveClass: configuration.positiveClass,
                                                                      source: configuration.source, line: configuration.estimatePerformanceLine))
            }
            return agent
        case .registry(let location, let alias, _):
            let registry = try await Registry.open(location)
            let reference = try await registry.naming { try await RegistryReference(registry: registry, model: configuration.model, alias: alias).current() }
            return try Agent(configuration: configuration, profile: reference.profile, referenceVersion: reference.version, referenceQuality: reference.quality, version: version)
        }
    }

    /// Compares each segment's window rows with the reference's rows of the same segment.
    public func profileSegments(of reference: ColumnarBatch) {
        evaluator.segments?.profileSegments(of: reference, options: configuration.drift)
    }

    /// Estimates quality before labels from now on (CBPE, DLE).
    public func setEstimator(_ estimator: PerformanceEstimator) {
        evaluator.estimator = estimator
    }

    /// Compares rows with another reference from now on: the alias moved to a version trained on
    /// other data. The window starts afresh, since its rows were served by the previous model;
    /// the last snapshot stays on `/metrics` until the new window is evaluated.
    public func switchReference(to profile: ReferenceProfile, version: Int, quality: [String: Double] = [:]) {
        guard version != referenceVersion else { return }
        self.profile = profile
        referenceVersion = version
        referenceQuality = quality
        evaluator = WindowEvaluator(model: configuration.model, profile: profile, options: configuration.drift,
                                    task: configuration.task, positiveClass: configuration.positiveClass, lowConfidence: configuration.lowConfidence)
        evaluator.multivariate = configuration.multivariate
        // A new champion trained without a segment column leaves segments off until the next one.
        evaluator.segments = configuration.segments.isEmpty ? nil : try? SegmentEvaluator(specs: configuration.segments, profile: profile, task: configuration.task)
        window = SlidingWindow(policy: configuration.window, schema: profile.schema, vectorDimensions: profile.vectorDimensions)
        psiHistory = [:]
        outcomes.reset()
        conceptDrift?.reset()
        conceptDriftMetrics?.reset()
    }

    /// Saves the window and the source positions from now on, after restoring what was saved
    /// before (the restored window is evaluated at once, so `/metrics` has values straight away).
    public func attach(_ store: AgentStateStore) async throws {
        let saved = try store.load()
        window.restore(saved.rows)
        positions = saved.positions
        if let snapshot = try store.loadSnapshot() {
            restored = snapshot
            await exporter.publish(snapshot)
        }
        state = store
        try await evaluate()
    }

    /// Writes what changed in the window, and the positions, in one transaction, after the save
    /// in flight (if any) ends.
    public func persist() async throws {
        guard state != nil else { return }
        if let running = saving { _ = try? await running.value }
        // A save that began while this one waited covers every change made before this call.
        if let running = saving { return try await running.value }
        try await startSave().value
    }

    /// Returns once every row and label taken before the call is in the state file, so that an
    /// answer to a client means the data survives a crash. Callers arriving while a save is
    /// written share the next one (group commit). Throws the save's error when two saves fail.
    public func saveTaken() async throws {
        guard state != nil else { return }
        let target = changesTaken
        var failures = 0
        while changesSaved < target {
            do {
                // The save in flight may have begun before the change: then another follows.
                if let running = saving { try await running.value } else { try await startSave().value }
            } catch {
                failures += 1
                if failures == 2 { throw error }
            }
        }
    }

    private func startSave() -> Task<Void, any Error> {
        let task = Task { try await self.writeChanges() }
        saving = task
        return task
    }

    /// One save: the rows and positions are taken together first (so they always match), then
    /// written on a thread of their own.
    private func writeChanges() async throws {
        defer { saving = nil }
        guard let state else { return }
        let covered = changesTaken
        let changes = window.takeChanges(), positions = positions
        let snapshot = snapshotUnsaved ? latest : nil
        snapshotUnsaved = false
        do {
            try await BackgroundThread.run { try state.save(changes, positions: positions, snapshot: snapshot) }
            changesSaved = max(changesSaved, covered)
        } catch {
            window.changesLost()
            if snapshot != nil { snapshotUnsaved = true }
            throw error
        }
    }

    /// Takes rows from a source; returns how many entered the window. `position` is where the
    /// source will read next, recorded together with the rows.
    @discardableResult
    public func ingest(_ rows: [ObservedRow], rejected rejectedCount: Int = 0, source: String = "push", position: String? = nil, now: Double = Date().timeIntervalSince1970) -> Int {
        if let position { positions[source] = position }
        changesTaken += 1
        let counters = sourceCounters[source]
        if rejectedCount > 0 { counters?.rejected.increment(by: Int64(rejectedCount)) }
        let prediction = profile.schema.columns.first { $0.role == .prediction }?.name
        let target = profile.schema.columns.first { $0.role == .target }?.name
        // Every version's rows count for the challenger comparison, whatever the window keeps.
        if let prediction {
            for row in rows where row.modelVersion != nil { outcomes.observe(row, predictionColumn: prediction, truthColumn: target) }
        }
        // After a promotion the window is the new champion's: rows the previous one served stay out.
        let current = referenceVersion.map { version in rows.filter { $0.modelVersion == nil || $0.modelVersion == version } } ?? rows
        if current.count < rows.count { otherVersion.increment(by: Int64(rows.count - current.count)) }
        let kept = current.filter { sampler.keeps(id: $0.id) }
        if kept.count < current.count { counters?.sampledOut.increment(by: Int64(current.count - kept.count)) }
        let overBefore = window.sampledOut
        window.append(kept, now: now)
        if conceptDrift != nil {
            for row in kept {
                guard let truth = row.actual ?? target.flatMap({ row.values[$0] }), truth != .missing,
                      let prediction, case .number(let value)? = row.values[prediction] else { continue }
                observeError(prediction: value, truth: truth, at: now)
            }
        }
        if window.sampledOut > overBefore { overWindow.increment(by: Int64(window.sampledOut - overBefore)) }
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
    public func label(id: String, actual: FeatureInput, now: Double = Date().timeIntervalSince1970) -> Bool {
        let before = conceptDrift == nil ? nil : window.prediction(id: id)
        let compared = outcomes.label(id: id, truth: actual)
        let labelled = window.label(id: id, actual: actual)
        if labelled { changesTaken += 1 }
        let matched = labelled || compared
        (matched ? labelsMatched : labelsUnmatched).increment()
        // A row's first label only: a repeated label is not another error.
        if matched, let before, !before.labelled { observeError(prediction: before.value, truth: actual, at: now) }
        return matched
    }

    /// Feeds one labelled row's error to the concept-drift detectors.
    private func observeError(prediction: Double, truth: FeatureInput, at time: Double) {
        let scale = conceptDrift?.settings.errorScale ?? referenceQuality["mae"].flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? 1
        guard let error = RowError.of(prediction: prediction, truth: truth, task: configuration.task, positiveClass: configuration.positiveClass, scale: scale),
              let found = conceptDrift?.observe(error, at: time, modelVersion: referenceVersion), let monitor = conceptDrift
        else { return }
        conceptDriftMetrics?.record(monitor, detections: found)
        pendingDetections.append(contentsOf: found)
    }

    public var windowRows: Int { window.count }

    /// Rows of the window whose ground truth arrived.
    public var labelledRows: Int { window.labelledCount }

    /// The newest labelled rows (at most `limit`), oldest first: what a retrain learns from.
    public func labelledBatch(limit: Int) -> ColumnarBatch {
        window.labelledRows(limit: limit)
    }

    /// The status page as of now; with a retrain loop, its state and active attempt.
    public func statusPage(now: Double = Date().timeIntervalSince1970, loopState: LoopState? = nil, activeAttempt: RetrainAttempt? = nil) -> String {
        StatusPage.render(model: configuration.model, snapshot: latest, history: psiHistory, windowRows: window.count, minRows: configuration.minRows, now: now,
                          referenceVersion: referenceVersion, loopState: loopState, activeAttempt: activeAttempt, restoredAt: restored?.evaluatedAt, conceptDrift: conceptDrift,
                          refreshSeconds: Int(configuration.evaluateEvery.rounded(.up)))
    }

    /// Evaluates the window when it holds enough rows, publishes the snapshot and keeps it as the latest.
    @discardableResult
    public func evaluate(now: Double = Date().timeIntervalSince1970) async throws -> Snapshot? {
        window.expire(olderThan: now - windowSeconds)
        guard window.count >= configuration.minRows else { return nil }
        let contents = window.contents(), evaluator = evaluator, version = referenceVersion
        let context = Snapshot.Context(referenceQuality: referenceQuality, conceptDrift: pendingDetections, comparison: comparison)
        // At low priority, so that scrapes and ingests never wait for a core behind an evaluation.
        let snapshot = try await BackgroundThread.run(niceness: 10) { try evaluator.evaluate(contents, modelVersion: version, context: context, now: now) }
        // The reference switched while this window was evaluated: its verdict is about the old one.
        guard version == referenceVersion else { return nil }
        // Detections that came during the evaluation wait for the next snapshot.
        pendingDetections.removeFirst(min(context.conceptDrift.count, pendingDetections.count))
        await exporter.publish(snapshot)
        evaluations.increment()
        latest = snapshot
        restored = nil
        snapshotUnsaved = true
        for column in snapshot.report.columns {
            guard let psi = column.psi else { continue }
            var history = psiHistory[column.name] ?? []
            history.append(psi)
            if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
            psiHistory[column.name] = history
        }
        return snapshot
    }

    /// The challenger against the champion (the reference version) on the labelled rows kept.
    public var comparison: ChallengerComparison? {
        ChallengerComparison.compare(outcomes.recent, champion: referenceVersion, task: configuration.task,
                                     minRows: configuration.comparison.minRows, alpha: configuration.comparison.alpha)
    }

    /// Labelled rows recorded for a version since the agent started (or the champion last changed).
    public func labelledRows(version: Int) -> Int {
        outcomes.labelledTotals[version] ?? 0
    }

    private var windowSeconds: Double {
        if case .time(let seconds, _) = configuration.window { return seconds }
        return .infinity
    }
}

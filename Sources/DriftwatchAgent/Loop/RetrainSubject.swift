import DriftwatchData
import Prometheus

/// What follows a registry version's training profile as the reference (the agent): the
/// reference watcher and the retrain loop switch it through ``ReferenceWatcher/adopt(version:)``.
public protocol ReferenceHolder: Actor {
    var referenceVersion: Int? { get }
    func switchReference(to profile: ReferenceProfile, version: Int, quality: [String: Double])
}

/// What the retrain loop needs from the monitoring side, and nothing more: the labelled rows it
/// learns from and counts, where its metrics go, and the reference it moves after a promotion.
/// The agent is one; the loop never sees the rest of it, so the arrows run one way.
public protocol RetrainSubject: ReferenceHolder {
    nonisolated var model: String { get }
    /// The registry the loop's metrics are exported with.
    nonisolated var metricsRegistry: PrometheusCollectorRegistry { get }
    /// Labelled rows in the window.
    var labelledRows: Int { get }
    /// Labelled rows served by a version (the challenger comparison's count).
    func labelledRows(version: Int) -> Int
    /// The newest labelled rows, oldest first.
    func labelledBatch(limit: Int) -> ColumnarBatch
}

extension Agent: RetrainSubject {
    public nonisolated var model: String { configuration.model }
    public nonisolated var metricsRegistry: PrometheusCollectorRegistry { exporter.registry }
}

import Prometheus

/// Metrics by their full names: swift-prometheus builds names from parts (namespace, subsystem,
/// unit); Driftwatch writes each name out whole, as the docs, rules and dashboards spell it.
extension PrometheusCollectorRegistry {
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    public func counter(_ name: String, labels: [(String, String)] = [], help: String) -> Counter {
        labels.isEmpty ? makeCounter(descriptor: Self.descriptor(name, help)) : makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    public func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        labels.isEmpty ? makeGauge(descriptor: Self.descriptor(name, help)) : makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    public func durationHistogram(_ name: String, labels: [(String, String)], buckets: [Duration], help: String) -> DurationHistogram {
        makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    public func valueHistogram(_ name: String, labels: [(String, String)], buckets: [Double], help: String) -> ValueHistogram {
        makeValueHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// `driftwatch_build_info{version, revision} 1`, which both servers export: `version` is the
    /// release, and its build metadata (after `+`, the git commit) the revision.
    public func buildInfo(version: String) {
        let parts = version.split(separator: "+", maxSplits: 1).map(String.init)
        let release = parts.first ?? version, revision = parts.count > 1 && !parts[1].isEmpty ? parts[1] : "unknown"
        gauge("driftwatch_build_info", labels: [("version", release), ("revision", revision)], help: "Driftwatch build; the value is always 1.").set(Double(1))
    }
}

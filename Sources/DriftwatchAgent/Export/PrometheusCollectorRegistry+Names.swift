import Prometheus

/// Metrics by their full names: swift-prometheus builds names from parts (namespace, subsystem,
/// unit); Driftwatch writes each name out whole, as the docs, rules and dashboards spell it.
extension PrometheusCollectorRegistry {
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    func counter(_ name: String, labels: [(String, String)] = [], help: String) -> Counter {
        labels.isEmpty ? makeCounter(descriptor: Self.descriptor(name, help)) : makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        labels.isEmpty ? makeGauge(descriptor: Self.descriptor(name, help)) : makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    func durationHistogram(_ name: String, labels: [(String, String)], buckets: [Duration], help: String) -> DurationHistogram {
        makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }
}

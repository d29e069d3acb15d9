import DriftwatchHTTP
import DriftwatchRegistry
import NIOConcurrencyHelpers
import Prometheus

/// The predictor's Prometheus metrics, in a swift-prometheus registry as the agent's are. Label
/// names are fixed per family and in a fixed order; label values are bounded (route patterns,
/// status codes, model versions, outcomes, the model's own columns).
///
/// The series a request touches are kept by key, so the request path costs one dictionary
/// lookup, an atomic add and one histogram update: the registry is asked for a series only
/// the first time a label set is seen.
public final class PredictorMetrics: Sendable {
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    public let registry: PrometheusCollectorRegistry
    private let series = NIOLockedValueBox(Series())
    private let ready: Gauge, logged: Counter, dropped: Counter, writeFailures: Counter, shadowErrors: Counter

    /// The labelled series created so far, and the gauges that name what is serving now.
    struct Series {
        var requests: [RequestKey: (count: Counter, latency: ValueHistogram)] = [:]
        var predictions: [VersionVariant: Counter] = [:]
        var unseen: [String: Counter] = [:]
        var reloads: [String: Counter] = [:]
        var modelInfo: Gauge?
        var trafficWeight: Gauge?
    }

    struct RequestKey: Hashable {
        var route: String
        var code: Int
        /// The model version that answered ("" for routes that do not predict).
        var version: String
    }

    struct VersionVariant: Hashable {
        var version: Int
        var variant: String
    }

    public init(version: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        registry.buildInfo(version: version)
        ready = registry.gauge("driftwatch_predictor_ready", help: "1 when a model is loaded and serving.")
        ready.set(Double(0))
        logged = registry.counter("driftwatch_predictor_predictions_logged_total", help: "Predictions written to the prediction log.")
        dropped = registry.counter("driftwatch_predictor_prediction_log_dropped_total", help: "Predictions served but not logged because the log queue was full.")
        writeFailures = registry.counter("driftwatch_predictor_prediction_log_write_failures_total", help: "Predictions whose log write failed.")
        shadowErrors = registry.counter("driftwatch_predictor_shadow_errors_total", help: "Requests the shadow challenger could not score (the champion's answer was returned).")
        // Every outcome from the start, so that a rate over a fresh process has a series to start from.
        for outcome in ["loaded", "rejected", "failed"] { reload(outcome, by: 0) }
    }

    func request(route: String, code: Int, version: String, seconds: Double) {
        let key = RequestKey(route: route, code: code, version: version)
        let found = series.withLockedValue { series in
            Self.cached(&series.requests, key) {
                // No version label on routes that do not predict: an empty label is no label.
                let versionLabel = version.isEmpty ? [] : [("version", version)]
                return (count: registry.counter("driftwatch_predictor_requests_total", labels: [("route", route), ("code", String(code))] + versionLabel,
                                                help: "HTTP requests by route pattern, status code and the model version that answered (no version label on routes that do not predict)."),
                        latency: registry.valueHistogram("driftwatch_predictor_request_duration_seconds", labels: [("route", route)] + versionLabel, buckets: Self.latencyBuckets,
                                                         help: "Time from request to response, by route pattern and the model version that answered."))
            }
        }
        found.count.increment()
        found.latency.record(seconds)
    }

    func predicted(_ count: Int, version: Int, variant: String) {
        let key = VersionVariant(version: version, variant: variant)
        series.withLockedValue { series in
            Self.cached(&series.predictions, key) {
                registry.counter("driftwatch_predictor_predictions_total", labels: [("version", String(version)), ("variant", variant)],
                                 help: "Records predicted, by model version and variant (champion, challenger; shadow: scored and logged, not returned).")
            }
        }.increment(by: Int64(count))
    }

    func shadowFailed() { shadowErrors.increment() }

    /// The challenger's share of requests under the policy in force; no series without one.
    func traffic(_ policy: TrafficPolicy?, version: Int = 0) {
        series.withLockedValue { series in
            if let old = series.trafficWeight { registry.unregisterGauge(old) }
            series.trafficWeight = policy.map { policy in
                let gauge = registry.gauge("driftwatch_predictor_traffic_weight_ratio", labels: [("mode", policy.mode.rawValue), ("version", String(version))],
                                           help: "Share of requests (0-1) the challenger answers under the traffic policy (0 in shadow), by mode and challenger version.")
                gauge.set(policy.weight / 100)
                return gauge
            }
        }
    }

    func logged(_ count: Int) { logged.increment(by: Int64(count)) }
    func dropped(_ count: Int) { dropped.increment(by: Int64(count)) }
    func writeFailed(_ count: Int) { writeFailures.increment(by: Int64(count)) }

    func unseen(_ columns: [String]) {
        guard !columns.isEmpty else { return }
        let counters = series.withLockedValue { series in
            columns.map { column in
                Self.cached(&series.unseen, column) {
                    registry.counter("driftwatch_predictor_unseen_categories_total", labels: [("column", column)],
                                     help: "Inputs with a category the training data never had, served as __other__, by feature.")
                }
            }
        }
        for counter in counters { counter.increment() }
    }

    func reload(_ outcome: String) { reload(outcome, by: 1) }

    private func reload(_ outcome: String, by count: Int64) {
        series.withLockedValue { series in
            Self.cached(&series.reloads, outcome) {
                registry.counter("driftwatch_predictor_reloads_total", labels: [("outcome", outcome)], help: "Model reload attempts by outcome (loaded, rejected, failed).")
            }
        }.increment(by: count)
    }

    /// The version serving now: `driftwatch_predictor_model_info` names it, and the predictor is ready.
    func serving(model: String, version: Int) {
        series.withLockedValue { series in
            if let old = series.modelInfo { registry.unregisterGauge(old) }
            let info = registry.gauge("driftwatch_predictor_model_info", labels: [("model", model), ("version", String(version))],
                                      help: "The model version serving now; the value is always 1.")
            info.set(Double(1))
            series.modelInfo = info
        }
        ready.set(Double(1))
    }

    /// The series kept under `key`, made (and so registered) the first time the key is seen.
    private static func cached<Key: Hashable, Metric>(_ cache: inout [Key: Metric], _ key: Key, make: () -> Metric) -> Metric {
        if let found = cache[key] { return found }
        let made = make()
        cache[key] = made
        return made
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func renderBytes() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return buffer
    }

    public func render() -> String {
        String(decoding: renderBytes(), as: UTF8.self)
    }
}

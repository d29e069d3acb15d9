import DriftwatchRegistry
import Foundation
import NIOConcurrencyHelpers

/// The predictor's Prometheus metrics. Label names are fixed per family and in a fixed order;
/// label values are bounded (route patterns, status codes, outcomes, the model's own columns).
public final class PredictorMetrics: Sendable {
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    struct Histogram {
        var buckets = [Int](repeating: 0, count: PredictorMetrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0
    }

    struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [RouteVersion: Histogram] = [:]
        var logged = 0
        var dropped = 0
        var writeFailures = 0
        var unseen: [String: Int] = [:]
        var reloads: [String: Int] = ["loaded": 0, "rejected": 0, "failed": 0]
        var model: (name: String, version: Int)?
        var traffic: (mode: String, weight: Double, version: Int)?
        /// Records predicted, by version and variant (champion, challenger, shadow).
        var predictions: [VersionVariant: Int] = [:]
        var shadowErrors = 0
    }

    struct RequestKey: Hashable {
        var route: String
        var code: Int
        /// The model version that answered ("" for routes that do not predict).
        var version: String
    }

    struct RouteVersion: Hashable, Comparable {
        var route: String
        var version: String
        static func < (a: Self, b: Self) -> Bool { (a.route, a.version) < (b.route, b.version) }
    }

    struct VersionVariant: Hashable, Comparable {
        var version: Int
        var variant: String
        static func < (a: Self, b: Self) -> Bool { (a.version, a.variant) < (b.version, b.variant) }
    }

    private let state = NIOLockedValueBox(State())
    let version: String

    public init(version: String) {
        self.version = version
    }

    func request(route: String, code: Int, version: String, seconds: Double) {
        state.withLockedValue { state in
            state.requests[RequestKey(route: route, code: code, version: version), default: 0] += 1
            let key = RouteVersion(route: route, version: version)
            var histogram = state.latency[key] ?? Histogram()
            for (index, bound) in Self.latencyBuckets.enumerated() where seconds <= bound { histogram.buckets[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.latency[key] = histogram
        }
    }

    func predicted(_ count: Int, version: Int, variant: String) {
        state.withLockedValue { $0.predictions[VersionVariant(version: version, variant: variant), default: 0] += count }
    }
    func shadowFailed() { state.withLockedValue { $0.shadowErrors += 1 } }
    func traffic(_ policy: TrafficPolicy?, version: Int = 0) {
        state.withLockedValue { $0.traffic = policy.map { ($0.mode.rawValue, $0.weight, version) } }
    }

    func logged(_ count: Int) { state.withLockedValue { $0.logged += count } }
    func dropped(_ count: Int) { state.withLockedValue { $0.dropped += count } }
    func writeFailed(_ count: Int) { state.withLockedValue { $0.writeFailures += count } }
    func unseen(_ columns: [String]) {
        guard !columns.isEmpty else { return }
        state.withLockedValue { for column in columns { $0.unseen[column, default: 0] += 1 } }
    }
    func reload(_ outcome: String) { state.withLockedValue { $0.reloads[outcome, default: 0] += 1 } }
    func serving(model: String, version: Int) { state.withLockedValue { $0.model = (model, version) } }

    /// The Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        let s = state.withLockedValue { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("driftwatch_build_info", "gauge", "Driftwatch build; the value is always 1.")
        out += "driftwatch_build_info{version=\"\(version)\",revision=\"unknown\"} 1\n"
        family("driftwatch_predictor_ready", "gauge", "1 when a model is loaded and serving.")
        out += "driftwatch_predictor_ready \(s.model == nil ? 0 : 1)\n"
        family("driftwatch_predictor_model_info", "gauge", "The model version serving now; the value is always 1.")
        if let model = s.model { out += "driftwatch_predictor_model_info{model=\"\(escape(model.name))\",version=\"\(model.version)\"} 1\n" }
        family("driftwatch_predictor_traffic_weight_ratio", "gauge", "Share of requests (0-1) the challenger answers under the traffic policy (0 in shadow), by mode and challenger version.")
        if let traffic = s.traffic { out += "driftwatch_predictor_traffic_weight_ratio{mode=\"\(traffic.mode)\",version=\"\(traffic.version)\"} \(traffic.weight / 100)\n" }
        family("driftwatch_predictor_predictions_total", "counter", "Records predicted, by model version and variant (champion, challenger; shadow: scored and logged, not returned).")
        for (key, count) in s.predictions.sorted(by: { $0.key < $1.key }) {
            out += "driftwatch_predictor_predictions_total{version=\"\(key.version)\",variant=\"\(key.variant)\"} \(count)\n"
        }
        family("driftwatch_predictor_shadow_errors_total", "counter", "Requests the shadow challenger could not score (the champion's answer was returned).")
        out += "driftwatch_predictor_shadow_errors_total \(s.shadowErrors)\n"
        family("driftwatch_predictor_requests_total", "counter", "HTTP requests by route pattern, status code and the model version that answered (no version label on routes that do not predict).")
        for (key, count) in s.requests.sorted(by: { ($0.key.route, $0.key.code, $0.key.version) < ($1.key.route, $1.key.code, $1.key.version) }) {
            out += "driftwatch_predictor_requests_total{route=\"\(escape(key.route))\",code=\"\(key.code)\"\(Self.versionLabel(key.version))} \(count)\n"
        }
        family("driftwatch_predictor_request_duration_seconds", "histogram", "Time from request to response, by route pattern and the model version that answered.")
        for (key, histogram) in s.latency.sorted(by: { $0.key < $1.key }) {
            let labels = "route=\"\(escape(key.route))\"\(Self.versionLabel(key.version))"
            for (index, bound) in Self.latencyBuckets.enumerated() {
                out += "driftwatch_predictor_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(histogram.buckets[index])\n"
            }
            out += "driftwatch_predictor_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "driftwatch_predictor_request_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            out += "driftwatch_predictor_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        family("driftwatch_predictor_predictions_logged_total", "counter", "Predictions written to the prediction log.")
        out += "driftwatch_predictor_predictions_logged_total \(s.logged)\n"
        family("driftwatch_predictor_prediction_log_dropped_total", "counter", "Predictions served but not logged because the log queue was full.")
        out += "driftwatch_predictor_prediction_log_dropped_total \(s.dropped)\n"
        family("driftwatch_predictor_prediction_log_write_failures_total", "counter", "Predictions whose log write failed.")
        out += "driftwatch_predictor_prediction_log_write_failures_total \(s.writeFailures)\n"
        family("driftwatch_predictor_unseen_categories_total", "counter", "Inputs with a category the training data never had, served as __other__, by feature.")
        for (column, count) in s.unseen.sorted(by: { $0.key < $1.key }) {
            out += "driftwatch_predictor_unseen_categories_total{column=\"\(escape(column))\"} \(count)\n"
        }
        family("driftwatch_predictor_reloads_total", "counter", "Model reload attempts by outcome (loaded, rejected, failed).")
        for (outcome, count) in s.reloads.sorted(by: { $0.key < $1.key }) {
            out += "driftwatch_predictor_reloads_total{outcome=\"\(outcome)\"} \(count)\n"
        }
        return out
    }

    /// `,version="N"`, or nothing for routes that do not predict (an empty label is no label).
    static func versionLabel(_ version: String) -> String {
        version.isEmpty ? "" : ",version=\"\(version)\""
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

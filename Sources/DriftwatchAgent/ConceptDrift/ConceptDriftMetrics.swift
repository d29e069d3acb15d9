import DriftStatistics
import DriftwatchHTTP
import Prometheus

/// The error stream on `/metrics`: labelled rows fed to the detectors, detections by detector,
/// when each last fired, DDM's warning zone, and ADWIN's current mean error.
final class ConceptDriftMetrics: Sendable {
    private let errors: Counter
    private let detections: [String: Counter]
    private let lastDetection: [String: Gauge]
    private let warning: Gauge?
    private let adwinMean: Gauge?

    init(registry: PrometheusCollectorRegistry, model: String, detectors: [String]) {
        let modelLabel = [("model", model)]
        errors = registry.counter("driftwatch_error_stream_rows_total", labels: modelLabel,
                                  help: "Labelled rows whose error was fed to the concept-drift detectors.")
        detections = Dictionary(uniqueKeysWithValues: detectors.map { detector in
            (detector, registry.counter("driftwatch_concept_drift_detections_total", labels: modelLabel + [("detector", detector)],
                                        help: "Changes the concept-drift detectors found in the error stream of labelled rows, by detector."))
        })
        lastDetection = Dictionary(uniqueKeysWithValues: detectors.map { detector in
            (detector, registry.gauge("driftwatch_concept_drift_last_detection_timestamp_seconds", labels: modelLabel + [("detector", detector)],
                                      help: "Unix time of the detector's latest detection (0: none since the agent started)."))
        })
        warning = detectors.contains("ddm")
            ? registry.gauge("driftwatch_concept_drift_warning", labels: modelLabel + [("detector", "ddm")],
                             help: "1 while the detector is in its warning zone (the error rate is rising), 0 otherwise.")
            : nil
        adwinMean = detectors.contains("adwin")
            ? registry.gauge("driftwatch_error_stream_mean", labels: modelLabel + [("detector", "adwin")],
                             help: "Mean over ADWIN's adaptive window of what the detectors see: a classifier's miss rate; a regressor's error ranks (0.5 while errors are as large as in the baseline), or its absolute errors over their scale with baseline: 0.")
            : nil
    }

    func record(_ monitor: ConceptDriftMonitor, detections found: [ConceptDriftMonitor.Detection]) {
        errors.increment()
        for detection in found {
            detections[detection.detector]?.increment()
            lastDetection[detection.detector]?.set(detection.at)
        }
        for detector in monitor.detectors {
            if detector is DriftDetectionMethod { warning?.set(Double(detector.warning ? 1 : 0)) }
            if let adwin = detector as? AdaptiveWindowing { adwinMean?.set(adwin.estimation) }
        }
    }

    /// A new reference: no warning is pending for the new model's (empty) error stream.
    func reset() {
        warning?.set(Double(0))
    }
}

import DriftwatchData
import DriftwatchHTTP
import DriftwatchReport
import Prometheus
import Synchronization

/// Keeps Prometheus gauges in step with the latest snapshot. Publishing a snapshot sets the
/// gauges (and removes the series of columns that are gone) and renders them once; a scrape copies
/// that text and renders only the few live counters after it, so no statistic is computed and no
/// per-column series is formatted on the scrape path.
public actor SnapshotExporter {
    /// Metrics that change between evaluations: rows ingested, source errors, build info.
    public nonisolated let registry: PrometheusCollectorRegistry
    /// The snapshot's gauges, rendered at each publication into `rendered`.
    private let snapshotRegistry = PrometheusCollectorRegistry()
    private nonisolated let rendered = Mutex<[UInt8]>([])
    private var gauges: [SeriesKey: Gauge] = [:]

    struct SeriesKey: Hashable {
        var name: String
        var labels: [String]
    }

    public init(version: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        registry.buildInfo(version: version)
    }

    /// The Prometheus text exposition of everything registered.
    public nonisolated func render() -> String {
        String(decoding: renderBytes(), as: UTF8.self)
    }

    /// The exposition as bytes, for the scrape route (no text decoding on the way out).
    public nonisolated func renderBytes() -> [UInt8] {
        var buffer = rendered.withLock { $0 }
        registry.emit(into: &buffer)
        return buffer
    }

    public func publish(_ snapshot: Snapshot) {
        var live = Set<SeriesKey>()
        let model = snapshot.model
        func set(_ name: String, _ help: String, _ labels: [(String, String)], _ value: Double?) {
            guard let value, value.isFinite else { return }
            let key = SeriesKey(name: name, labels: labels.map { "\($0.0)=\($0.1)" })
            let gauge = gauges[key] ?? snapshotRegistry.gauge(name, labels: labels, help: help)
            gauges[key] = gauge
            gauge.set(value)
            live.insert(key)
        }
        for column in snapshot.report.columns {
            let labels = [("model", model), ("column", column.name)]
            set("driftwatch_column_drift", "1 when the column drifted in the latest evaluation, 0 otherwise.", labels,
                column.skippedReason == nil ? (column.drift ? 1 : 0) : nil)
            set("driftwatch_column_psi", "Population stability index of the column against the reference.", labels, column.psi)
            set("driftwatch_column_jensen_shannon_distance", "Jensen-Shannon distance (natural log) of the column against the reference.", labels, column.jensenShannon)
            set("driftwatch_column_wasserstein_normed", "Wasserstein distance divided by the reference standard deviation.", labels, column.wassersteinNormed)
            set("driftwatch_column_missing_ratio", "Share of the window's rows missing this column.", labels, column.currentMissingRatio)
            set("driftwatch_column_out_of_range_ratio", "Share of the window's values outside the reference range.", labels, column.outOfRangeRatio)
            set("driftwatch_column_unseen_category_ratio", "Share of the window's values in categories the reference never had.", labels, column.unseenCategoryRatio)
            if let ks = column.ks {
                set("driftwatch_column_p_value", "p-value of the column's significance test.", labels + [("test", "ks")], column.adjustedPValue ?? ks.pValue)
                set("driftwatch_column_statistic", "Statistic of the column's significance test.", labels + [("test", "ks")], ks.statistic)
            }
            if let chi = column.chiSquare {
                set("driftwatch_column_p_value", "p-value of the column's significance test.", labels + [("test", "chi_square")], column.adjustedPValue ?? chi.pValue)
                set("driftwatch_column_statistic", "Statistic of the column's significance test.", labels + [("test", "chi_square")], chi.statistic)
            }
            if let mmd = column.mmd {
                set("driftwatch_column_p_value", "p-value of the column's significance test.", labels + [("test", "mmd")], column.adjustedPValue ?? mmd.pValue)
                set("driftwatch_column_statistic", "Statistic of the column's significance test.", labels + [("test", "mmd")], mmd.statistic)
            }
        }
        for column in snapshot.report.columns {
            guard let bins = column.psiBins, let exported = Self.exportedBins(bins) else { continue }
            let referenceTotal = Double(bins.reference.reduce(0, +))
            for (bin, counts) in exported {
                let labels = [("model", model), ("column", column.name), ("bin", bin)]
                set("driftwatch_window_bin_rows", "Rows of the evaluated window in each PSI bin of the column (summed over agents: the fleet's window).",
                    labels, Double(counts.current))
                set("driftwatch_reference_bin_ratio", "Share of the reference in each PSI bin of the column.", labels,
                    referenceTotal > 0 ? Double(counts.reference) / referenceTotal : nil)
            }
        }
        let modelLabel = [("model", model)]
        set("driftwatch_dataset_drift", "1 when the share of drifted columns reached the threshold.", modelLabel, snapshot.report.dataset.drift ? 1 : 0)
        set("driftwatch_dataset_drifted_columns_ratio", "Share of tested columns that drifted.", modelLabel, snapshot.report.dataset.share)
        set("driftwatch_dataset_drifted_columns", "Number of columns that drifted.", modelLabel, Double(snapshot.report.dataset.driftedColumns))
        set("driftwatch_window_rows", "Rows in the evaluated window.", modelLabel, Double(snapshot.windowRows))
        set("driftwatch_reference_model_version", "Registry version whose training profile was the reference of the latest evaluation.", modelLabel,
            snapshot.modelVersion.map(Double.init))
        set("driftwatch_labelled_rows", "Rows of the window whose ground truth arrived.", modelLabel, Double(snapshot.accuracy?.labelledRows ?? 0))
        set("driftwatch_last_evaluation_timestamp_seconds", "Unix time of the latest evaluation.", modelLabel, snapshot.evaluatedAt)
        set("driftwatch_evaluation_duration_seconds", "Time the latest evaluation took.", modelLabel, snapshot.duration)
        for (metric, value) in snapshot.accuracy?.byName ?? [] {
            set("driftwatch_model_quality", "Model quality over the window's labelled rows, by metric.", modelLabel + [("metric", metric)], value)
        }
        for (metric, value) in snapshot.referenceQuality.sorted(by: { $0.key < $1.key }) {
            set("driftwatch_reference_model_quality", "Validation quality of the registry version whose profile is the reference, by metric.",
                modelLabel + [("metric", metric)], value)
        }
        for result in snapshot.report.multivariate ?? [] {
            let labels = modelLabel + [("method", result.method.rawValue)]
            set("driftwatch_multivariate_value", "Value of each multivariate method over the window: pca_reconstruction, the mean reconstruction error; domain_classifier, the out-of-fold ROC AUC.",
                labels, result.value)
            set("driftwatch_multivariate_sampling_error", "Standard error of the window's mean reconstruction error (pca_reconstruction).", labels, result.samplingError)
            set("driftwatch_multivariate_threshold", "Thresholds of each multivariate method (bound: lower, upper); drift outside them.", labels + [("bound", "upper")], result.upperThreshold)
            set("driftwatch_multivariate_threshold", "Thresholds of each multivariate method (bound: lower, upper); drift outside them.", labels + [("bound", "lower")], result.lowerThreshold)
            set("driftwatch_multivariate_drift", "1 when the multivariate method found drift in the latest evaluation, 0 otherwise.", labels,
                result.skippedReason == nil ? (result.drift ? 1 : 0) : nil)
            set("driftwatch_multivariate_evaluation_duration_seconds", "Time each multivariate method took in the latest evaluation.", labels, result.duration)
            for column in result.columns {
                set("driftwatch_multivariate_column_importance_ratio", "Share of the domain classifier's splits on each column: the columns that tell the window from the reference.",
                    labels + [("column", column.name)], column.share)
            }
        }
        if let prediction = snapshot.report.columns.first(where: { $0.role == .prediction }), prediction.skippedReason == nil {
            set("driftwatch_prediction_drift", "1 when the model's prediction column drifted in the latest evaluation.",
                modelLabel + [("column", prediction.name)], prediction.drift ? 1 : 0)
        }
        if let confidence = snapshot.confidence {
            set("driftwatch_prediction_confidence_mean", "Mean confidence, max(p, 1 - p), of the classifier's predictions in the window.", modelLabel, confidence.meanConfidence)
            set("driftwatch_prediction_low_confidence_ratio", "Share of the window's predictions whose confidence is below the configured threshold.",
                modelLabel, confidence.lowConfidenceRatio)
            for (bin, rows) in confidence.histogram.enumerated() {
                set("driftwatch_prediction_score_rows", "Window predictions by predicted probability, in ten bins of width 0.1 (bin: the lower edge).",
                    modelLabel + [("bin", String(format: "%.1f", Double(bin) / 10))], Double(rows))
            }
        }
        if let estimated = snapshot.estimated {
            for (metric, value) in estimated.byName {
                set("driftwatch_estimated_model_quality", "Model quality estimated over every prediction of the window, labels or not (CBPE for a classifier, DLE for a regressor), by metric.",
                    modelLabel + [("metric", metric)], value)
                set("driftwatch_estimated_quality_gap", "Estimated minus realized quality over the window, by metric (once labels came).",
                    modelLabel + [("metric", metric)], snapshot.accuracy?.metric(metric).map { value - $0 })
            }
        }
        for segment in snapshot.segments {
            let labels = modelLabel + [("segment_column", segment.column), ("segment", segment.segment)]
            set("driftwatch_segment_rows", "Rows of the window in each segment.", labels, Double(segment.rows))
            set("driftwatch_segment_labelled_rows", "Rows of the window with ground truth in each segment.", labels, Double(segment.labelledRows))
            for (metric, value) in segment.accuracy?.byName ?? [] {
                set("driftwatch_segment_model_quality", "Model quality over each segment's labelled rows, by metric.", labels + [("metric", metric)], value)
            }
            set("driftwatch_segment_quality_gap", "The segment's metric minus the whole window's (rmse for a regressor, accuracy for a classifier).",
                labels + [("metric", segment.metric)], segment.gap)
            set("driftwatch_segment_p_value", "p-value of the segment's errors against the rest of the window's (Welch's t-test on squared errors; two-proportion z-test on hits).",
                labels, segment.pValue)
            set("driftwatch_segment_underperforming", "1 when the segment is worse than the whole window by the margin, on enough labelled rows, significantly.",
                labels, segment.underperforming ? 1 : 0)
            set("driftwatch_segment_selection_rate", "Share of the segment's rows a classifier predicts positive.", labels, segment.selectionRate)
            set("driftwatch_segment_selection_rate_ratio", "The segment's selection rate over the highest segment's of the same column (disparate impact).",
                labels, segment.selectionRateRatio)
            if let drift = segment.drift {
                set("driftwatch_segment_dataset_drift", "1 when the segment's window rows drifted from the reference's rows of the same segment.", labels, drift.dataset.drift ? 1 : 0)
                set("driftwatch_segment_drifted_columns_ratio", "Share of tested columns that drifted within the segment.", labels, drift.dataset.share)
                for column in drift.columns where column.name != segment.column {
                    set("driftwatch_segment_column_psi", "PSI of a column within the segment, against the reference's rows of the same segment.",
                        labels + [("column", column.name)], column.psi)
                }
            }
            set("driftwatch_segment_true_positive_rate_difference", "The segment's true-positive rate minus the whole window's (equal opportunity).",
                labels, segment.truePositiveRateDifference)
        }
        if let comparison = snapshot.comparison {
            let loss = comparison.loss
            for (version, rows, mean) in [(comparison.championVersion, comparison.championRows, comparison.championLoss),
                                          (comparison.challengerVersion, comparison.challengerRows, comparison.challengerLoss)] {
                let labels = modelLabel + [("version", String(version))]
                set("driftwatch_version_labelled_rows", "Labelled production rows served by each model version (the challenger comparison's rows).", labels, Double(rows))
                set("driftwatch_version_mean_loss", "Mean loss over each version's labelled rows: squared error for a regressor, error rate for a classifier.",
                    labels + [("loss", loss)], mean)
            }
            let pair = modelLabel + [("champion_version", String(comparison.championVersion)), ("challenger_version", String(comparison.challengerVersion)), ("test", comparison.test)]
            set("driftwatch_challenger_loss_difference", "Challenger minus champion mean loss on labelled rows, with its confidence interval (bound: estimate, lower, upper).",
                pair + [("bound", "estimate")], comparison.difference)
            set("driftwatch_challenger_loss_difference", "Challenger minus champion mean loss on labelled rows, with its confidence interval (bound: estimate, lower, upper).",
                pair + [("bound", "lower")], comparison.lower)
            set("driftwatch_challenger_loss_difference", "Challenger minus champion mean loss on labelled rows, with its confidence interval (bound: estimate, lower, upper).",
                pair + [("bound", "upper")], comparison.upper)
            set("driftwatch_challenger_p_value", "p-value of the test of equal loss between challenger and champion.", pair, comparison.pValue)
            for verdict in ChallengerComparison.Verdict.allCases {
                set("driftwatch_challenger_verdict", "1 for the comparison's current verdict (insufficient, inconclusive, better, worse), 0 for the others.",
                    pair + [("verdict", verdict.rawValue)], comparison.verdict == verdict ? 1 : 0)
            }
        }
        for (column, count) in snapshot.violations.wrongType {
            set("driftwatch_schema_violations", "Window values that broke the schema, by column and kind.", modelLabel + [("column", column), ("kind", "wrong_type")], Double(count))
        }
        for (column, count) in snapshot.violations.unknownColumns {
            set("driftwatch_schema_violations", "Window values that broke the schema, by column and kind.", modelLabel + [("column", column), ("kind", "unknown_column")], Double(count))
        }
        // Series of columns, metrics or violations that the latest snapshot no longer has.
        for (key, gauge) in gauges where !live.contains(key) {
            snapshotRegistry.unregisterGauge(gauge)
            gauges[key] = nil
        }
        var text: [UInt8] = []
        snapshotRegistry.emit(into: &text)
        rendered.withLock { $0 = text }
    }

    /// Columns with more PSI bins than this (categorical columns with many categories) export no
    /// per-bin series, so that the bin label stays bounded.
    public static let maxExportedBins = 64

    /// The bins as exported: the reference's bins by index ("0", "1", …), and the categories the
    /// reference never had merged into one bin, "unseen" (reference share 0). Nil when the column
    /// has more than ``maxExportedBins`` reference bins.
    static func exportedBins(_ bins: PSIBins) -> [(String, (reference: Int, current: Int))]? {
        guard bins.referenceBins <= maxExportedBins else { return nil }
        var exported = (0..<bins.referenceBins).map { (String($0), (reference: bins.reference[$0], current: bins.current[$0])) }
        if bins.current.count > bins.referenceBins {
            exported.append(("unseen", (reference: 0, current: bins.current[bins.referenceBins...].reduce(0, +))))
        }
        return exported
    }
}

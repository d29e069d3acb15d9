#!/usr/bin/env python3
"""Writes the Grafana dashboards in grafana/dashboards/ from one description, so every panel gets a
title, a description, a unit and the same variables (datasource, job, instance, model).

Usage: scripts/generate_dashboards.py     (no dependencies; rerun after editing, commit both)
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "grafana", "dashboards")
DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
MSEL = SEL + ', model=~"$model"'


def variable(name, label, query, multi=True, include_all=True):
    return {
        "name": name, "label": label, "type": "query", "datasource": DS,
        "query": {"query": query, "refId": f"{name}-variable"}, "definition": query,
        "refresh": 2, "multi": multi, "includeAll": include_all, "allValue": ".+",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]} if include_all else {},
        "sort": 1, "hide": 0,
    }


def templating(extra=()):
    return {"list": [
        {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
         "current": {}, "hide": 0, "refresh": 1, "regex": ""},
        variable("job", "Job", "label_values(driftwatch_build_info, job)"),
        variable("instance", "Instance", 'label_values(driftwatch_build_info{job=~"$job"}, instance)'),
        variable("model", "Model", 'label_values(driftwatch_window_rows{job=~"$job", instance=~"$instance"}, model)'),
        *extra,
    ]}


class Layout:
    def __init__(self):
        self.x, self.y, self.row_height, self.next_id = 0, 0, 0, 1

    def place(self, w, h):
        if self.x + w > 24:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0
        pos = {"x": self.x, "y": self.y, "w": w, "h": h}
        self.x += w
        self.row_height = max(self.row_height, h)
        self.next_id += 1
        return pos, self.next_id - 1


def target(expr, legend="", instant=False, ref="A"):
    t = {"datasource": DS, "expr": expr, "refId": ref, "legendFormat": legend or "__auto"}
    if instant:
        t.update({"instant": True, "range": False, "format": "table"})
    return t


def panel(layout, kind, title, description, unit, targets, w=12, h=8, options=None, field=None, overrides=None):
    pos, pid = layout.place(w, h)
    defaults = {"unit": unit}
    defaults.update(field or {})
    p = {"id": pid, "type": kind, "title": title, "description": description, "datasource": DS, "gridPos": pos,
         "targets": [dict(t, refId=chr(ord("A") + i)) for i, t in enumerate(targets)],
         "fieldConfig": {"defaults": defaults, "overrides": overrides or []}, "options": options or {}}
    return p


def dashboard(uid, title, description, panels, extra_variables=(), annotations=()):
    return {
        "uid": uid, "title": title, "description": description, "tags": ["driftwatch"],
        "editable": True, "schemaVersion": 39, "version": 1, "refresh": "30s", "timezone": "browser",
        "time": {"from": "now-6h", "to": "now"}, "graphTooltip": 1,
        "templating": templating(extra_variables),
        "annotations": {"list": [
            {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True, "hide": True,
             "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
            *annotations]},
        "panels": panels,
    }


def overview():
    L = Layout()
    drift_mapping = {"mappings": [{"type": "value", "options": {"0": {"text": "no drift", "color": "green"}, "1": {"text": "DRIFT", "color": "red"}}}],
                     "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 1}]}}
    panels = [
        panel(L, "stat", "Dataset drift", "1 when the share of drifted columns reached the dataset threshold in the latest evaluation.", "none",
              [target(f"max by (model) (driftwatch_dataset_drift{{{MSEL}}})", "{{model}}")], w=6, h=5,
              options={"colorMode": "background", "reduceOptions": {"calcs": ["lastNotNull"]}}, field=drift_mapping),
        panel(L, "stat", "Drifted columns", "Columns that drifted in the latest evaluation (recording rule driftwatch:column_drift:sum).", "none",
              [target(f"sum by (model) (driftwatch:column_drift:sum{{{MSEL}}})", "{{model}}")], w=6, h=5,
              options={"reduceOptions": {"calcs": ["lastNotNull"]}}),
        panel(L, "stat", "Champion version", "Registry version the champion alias points at.", "none",
              [target(f"max by (model) (driftwatch_champion_version{{{MSEL}}})", "{{model}}")], w=6, h=5,
              options={"reduceOptions": {"calcs": ["lastNotNull"]}}),
        panel(L, "stat", "Last evaluation", "Seconds since the agent's latest successful evaluation; a stale agent must not read as 'no drift'.", "s",
              [target(f"time() - max by (model) (driftwatch_last_evaluation_timestamp_seconds{{{MSEL}}})", "{{model}}")], w=6, h=5,
              options={"reduceOptions": {"calcs": ["lastNotNull"]}},
              field={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "orange", "value": 300}, {"color": "red", "value": 900}]}}),
        panel(L, "timeseries", "Dataset drift share", "Share of tested columns that drifted, per evaluation.", "percentunit",
              [target(f"driftwatch_dataset_drifted_columns_ratio{{{MSEL}}}", "{{model}}")], w=12),
        panel(L, "timeseries", "Prediction drift", "PSI of the model's prediction column against its predictions on the training data.", "none",
              [target(f"driftwatch_column_psi{{{MSEL}}} and on (job, instance, model, column) driftwatch_prediction_drift{{{MSEL}}}", "{{model}} {{column}}")], w=12),
        panel(L, "table", "Columns", "Latest PSI, test statistic, p-value and drift flag per column.", "none",
              [target(f"driftwatch_column_psi{{{MSEL}}}", instant=True), target(f"driftwatch_column_statistic{{{MSEL}}}", instant=True),
               target(f"driftwatch_column_p_value{{{MSEL}}}", instant=True), target(f"driftwatch_column_drift{{{MSEL}}}", instant=True)], w=12, h=10,
              options={"showHeader": True}),
        panel(L, "heatmap", "PSI by column over time", "Population stability index of every column per evaluation.", "none",
              [target(f"max by (column) (driftwatch_column_psi{{{MSEL}}})", "{{column}}")], w=12, h=10,
              options={"calculate": False, "yAxis": {"axisPlacement": "left"}, "color": {"scheme": "Oranges", "mode": "scheme"}}),
        panel(L, "timeseries", "Accuracy against validation", "RMSE on labelled rows, and the champion's RMSE at validation.", "none",
              [target(f'driftwatch_model_quality{{{MSEL}, metric="rmse"}}', "live {{model}}"),
               target(f'driftwatch_reference_model_quality{{{MSEL}, metric="rmse"}}', "validation {{model}}")], w=12),
        panel(L, "timeseries", "Labelled rows", "Rows of the evaluated window, and how many had ground truth.", "short",
              [target(f"driftwatch_window_rows{{{MSEL}}}", "window {{model}}"), target(f"driftwatch_labelled_rows{{{MSEL}}}", "labelled {{model}}")], w=12),
        panel(L, "timeseries", "Concept-drift detections", "Changes the detectors (ADWIN, Page-Hinkley, DDM) found in the errors of labelled rows, per interval.", "short",
              [target(f"sum by (model, detector) (increase(driftwatch_concept_drift_detections_total{{{MSEL}}}[$__rate_interval]))", "{{model}} {{detector}}")], w=12, h=6),
        panel(L, "timeseries", "Error level", "Mean error over ADWIN's adaptive window: a regressor's absolute error over its validation MAE, a classifier's miss rate.", "none",
              [target(f"driftwatch_error_stream_mean{{{MSEL}}}", "{{model}}")], w=12, h=6),
        panel(L, "table", "Segments", "Per segment of each segment column: rows, labelled rows, the gap of its metric to the whole window's, the p-value against the rest, and the verdict.", "none",
              [target(f"driftwatch_segment_rows{{{MSEL}}}", instant=True), target(f"driftwatch_segment_quality_gap{{{MSEL}}}", instant=True),
               target(f"driftwatch_segment_p_value{{{MSEL}}}", instant=True), target(f"driftwatch_segment_underperforming{{{MSEL}}}", instant=True)], w=12, h=8,
              options={"showHeader": True}),
        panel(L, "timeseries", "Segment quality gap", "Each segment's metric minus the whole window's (rmse: above 0 is worse; accuracy: below 0 is worse).", "none",
              [target(f"driftwatch_segment_quality_gap{{{MSEL}}}", "{{segment_column}}={{segment}}")], w=12, h=8),
        panel(L, "state-timeline", "Retrain loop state", "Where the retrain loop stands: watching, or the step of the attempt under way.", "none",
              [target(f"max by (state) (driftwatch_loop_state{{{MSEL}}}) == 1", "{{state}}")], w=12, h=6),
        panel(L, "timeseries", "Retrains by outcome", "Retrain attempts that ended, by outcome, per interval.", "short",
              [target(f"sum by (outcome) (increase(driftwatch_retrains_total{{{MSEL}}}[$__rate_interval]))", "{{outcome}}")], w=12, h=6),
        panel(L, "timeseries", "Gate scores", "Scores of the last gate on its held-out rows (champion and challenger).", "none",
              [target(f"driftwatch_gate_score{{{MSEL}}}", "{{candidate}}")], w=12),
        panel(L, "timeseries", "Rows ingested", "Rows entering the window per second, by source; failed source reads per second.", "short",
              [target(f"sum by (source) (rate(driftwatch_rows_ingested_total{{{SEL}}}[$__rate_interval]))", "{{source}}"),
               target(f"sum by (source) (rate(driftwatch_source_errors_total{{{SEL}}}[$__rate_interval]))", "errors {{source}}")], w=12),
        panel(L, "timeseries", "Predictor requests", "Requests per second to the predictor, by route.", "reqps",
              [target(f"sum by (route) (rate(driftwatch_predictor_requests_total{{{SEL}}}[$__rate_interval]))", "{{route}}")], w=8),
        panel(L, "timeseries", "Predictor error ratio", "Share of predictor requests answered with 5xx.", "percentunit",
              [target(f'1 - sum(rate(driftwatch_predictor_requests_total{{{SEL}, code!~"5.."}}[$__rate_interval])) / sum(rate(driftwatch_predictor_requests_total{{{SEL}}}[$__rate_interval]))', "5xx")], w=8),
        panel(L, "timeseries", "Predictor latency", "Quantiles of /predict latency from the request duration histogram.", "s",
              [target(f'histogram_quantile({q}, sum by (le) (rate(driftwatch_predictor_request_duration_seconds_bucket{{{SEL}, route="/predict"}}[$__rate_interval])))', f"p{int(q * 100)}")
               for q in (0.5, 0.9, 0.99)], w=8),
        panel(L, "timeseries", "Evaluation duration", "How long the agent's latest evaluation took.", "s",
              [target(f"driftwatch_evaluation_duration_seconds{{{MSEL}}}", "{{model}}")], w=12, h=6),
        panel(L, "timeseries", "Alertmanager alerts", "Alerts received on the agent's webhook, by what became of them.", "short",
              [target(f"sum by (outcome) (increase(driftwatch_alertmanager_alerts_total{{{SEL}}}[$__rate_interval]))", "{{outcome}}")], w=12, h=6),
    ]
    annotations = [{
        "name": "Promotions and rollbacks", "datasource": DS, "enable": True, "iconColor": "purple",
        "expr": f"changes(driftwatch_champion_version{{{MSEL}}}[2m]) > 0", "step": "1m",
        "titleFormat": "Champion changed", "textFormat": "{{model}} on {{instance}}", "tagKeys": "model",
    }, {
        "name": "Concept-drift detections", "datasource": DS, "enable": True, "iconColor": "red",
        "expr": f"increase(driftwatch_concept_drift_detections_total{{{MSEL}}}[2m]) > 0", "step": "1m",
        "titleFormat": "Concept drift ({{detector}})", "textFormat": "{{model}} on {{instance}}", "tagKeys": "model,detector",
    }, {
        "name": "Retrain outcomes", "datasource": DS, "enable": True, "iconColor": "orange",
        "expr": f"increase(driftwatch_retrains_total{{{MSEL}}}[2m]) > 0", "step": "1m",
        "titleFormat": "Retrain {{outcome}}", "textFormat": "{{model}} on {{instance}}", "tagKeys": "model,outcome",
    }]
    return dashboard("driftwatch-overview", "Driftwatch / Overview",
                     "Drift, accuracy and the retrain loop of models watched by Driftwatch agents, and their predictors' traffic.",
                     panels, annotations=annotations)


def padded_bins(expr):
    """Bins "0"…"9" as "00"…"09", so that they sort in order beside "10", "11", … and "unseen"."""
    return f'label_replace({expr}, "bin", "0$1", "bin", "^([0-9])$")'


def distribution(layout, csel):
    """The column's reference and window distributions over its PSI bins, a bar chart per column."""
    p = panel(layout, "barchart", "Distribution: reference and window ($column)",
              "Each PSI bin's share of the reference (the champion's training data) and of the evaluated window, summed over the "
              "agents shown: a numeric column's bins are the reference's quantile bins in order (00 holds the lowest values), a "
              "categorical column's are its reference categories in the profile's order, then 'unseen' for categories the reference "
              "never had. The agent's status page and `driftwatch check --format html` draw the same bins with their ranges and "
              "category names.", "percentunit",
              [target(padded_bins(f"avg by (bin) (driftwatch_reference_bin_ratio{{{csel}}})"), "reference", instant=True),
               target(padded_bins(f"sum by (bin) (driftwatch_window_bin_rows{{{csel}}}) / scalar(sum(driftwatch_window_bin_rows{{{csel}}}))"),
                      "window", instant=True)],
              w=24, h=9, field={"min": 0, "custom": {"fillOpacity": 80, "lineWidth": 0}},
              options={"xField": "bin", "orientation": "vertical", "groupWidth": 0.75, "barWidth": 0.9, "showValue": "never",
                       "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}, "tooltip": {"mode": "multi"}})
    p.update({"repeat": "column", "repeatDirection": "h", "maxPerRow": 3,
              "transformations": [
                  {"id": "joinByField", "options": {"byField": "bin", "mode": "outer"}},
                  {"id": "organize", "options": {"excludeByName": {"Time": True, "Time 1": True, "Time 2": True},
                                                 "renameByName": {"Value #A": "reference", "Value #B": "window"}}},
                  {"id": "sortBy", "options": {"sort": [{"field": "bin"}]}}]})
    p["fieldConfig"]["overrides"] = [
        {"matcher": {"id": "byName", "options": "reference"}, "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "#9aa5b8"}}]},
        {"matcher": {"id": "byName", "options": "window"}, "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "#4a7bd0"}}]}]
    return p


def column():
    L = Layout()
    CSEL = MSEL + ', column=~"$column"'
    panels = [
        panel(L, "timeseries", "PSI", "Population stability index of the column against the reference, per evaluation.", "none",
              [target(f"driftwatch_column_psi{{{CSEL}}}", "{{column}}")]),
        panel(L, "timeseries", "p-value", "p-value of the column's significance test after the multiple-testing correction.", "none",
              [target(f"driftwatch_column_p_value{{{CSEL}}}", "{{column}} {{test}}")], field={"custom": {"scaleDistribution": {"type": "log", "log": 10}}}),
        panel(L, "timeseries", "Test statistic", "KS D or chi-square statistic of the column.", "none",
              [target(f"driftwatch_column_statistic{{{CSEL}}}", "{{column}} {{test}}")]),
        panel(L, "state-timeline", "Drift", "1 when the column drifted in the evaluation.", "none",
              [target(f"driftwatch_column_drift{{{CSEL}}}", "{{column}}")],
              field={"mappings": [{"type": "value", "options": {"0": {"text": "ok", "color": "green"}, "1": {"text": "drift", "color": "red"}}}]}),
        panel(L, "timeseries", "Jensen-Shannon distance", "Jensen-Shannon distance (natural log) of the column against the reference.", "none",
              [target(f"driftwatch_column_jensen_shannon_distance{{{CSEL}}}", "{{column}}")]),
        panel(L, "timeseries", "Wasserstein (normed)", "Wasserstein distance divided by the reference's standard deviation (numeric columns).", "none",
              [target(f"driftwatch_column_wasserstein_normed{{{CSEL}}}", "{{column}}")]),
        panel(L, "timeseries", "Missing values", "Share of the window's rows missing the column.", "percentunit",
              [target(f"driftwatch_column_missing_ratio{{{CSEL}}}", "{{column}}")], w=8),
        panel(L, "timeseries", "Out of reference range", "Share of numeric values outside the reference's range.", "percentunit",
              [target(f"driftwatch_column_out_of_range_ratio{{{CSEL}}}", "{{column}}")], w=8),
        panel(L, "timeseries", "Unseen categories", "Share of categorical values the reference never had.", "percentunit",
              [target(f"driftwatch_column_unseen_category_ratio{{{CSEL}}}", "{{column}}")], w=8),
        distribution(L, CSEL),
    ]
    column_variable = variable("column", "Column", 'label_values(driftwatch_column_psi{job=~"$job", instance=~"$instance", model=~"$model"}, column)')
    return dashboard("driftwatch-column", "Driftwatch / Column",
                     "One column's drift measures and data quality over time, for the models watched by Driftwatch agents.",
                     panels, extra_variables=[column_variable])


def model_health():
    L = Layout()
    panels = [
        panel(L, "timeseries", "Estimated and realized quality", "Quality estimated over every prediction of the window (CBPE for a classifier, DLE for a regressor) and, once labels came, measured on the labelled rows.", "none",
              [target(f"driftwatch_estimated_model_quality{{{MSEL}}}", "estimated {{metric}}"), target(f"driftwatch_model_quality{{{MSEL}}}", "realized {{metric}}")], w=12),
        panel(L, "timeseries", "Estimate minus realized", "A gap that opens means what the estimator learnt from the reference no longer holds: concept drift.", "none",
              [target(f"driftwatch_estimated_quality_gap{{{MSEL}}}", "{{metric}}")], w=12),
        panel(L, "timeseries", "Prediction confidence", "A classifier's mean confidence max(p, 1 - p) over the window, and the share of predictions below low_confidence.", "percentunit",
              [target(f"driftwatch_prediction_confidence_mean{{{MSEL}}}", "mean confidence"), target(f"driftwatch_prediction_low_confidence_ratio{{{MSEL}}}", "unsure share")], w=12),
        panel(L, "barchart", "Predicted probabilities", "The window's predictions in ten bins of predicted probability (bin: lower edge).", "short",
              [target(f"sum by (bin) (driftwatch_prediction_score_rows{{{MSEL}}})", "{{bin}}", instant=True)], w=12,
              options={"xField": "bin", "orientation": "vertical"}),
        panel(L, "timeseries", "Selection-rate ratio by segment", "Each segment's share predicted positive over the highest segment's (disparate impact; below 0.8 fails the four-fifths rule).", "none",
              [target(f"driftwatch_segment_selection_rate_ratio{{{MSEL}}}", "{{segment_column}}={{segment}}")], w=12,
              field={"thresholds": {"mode": "absolute", "steps": [{"color": "red", "value": None}, {"color": "green", "value": 0.8}]}}),
        panel(L, "timeseries", "True-positive-rate difference by segment", "Each segment's true-positive rate minus the whole window's (equal opportunity).", "none",
              [target(f"driftwatch_segment_true_positive_rate_difference{{{MSEL}}}", "{{segment_column}}={{segment}}")], w=12),
        panel(L, "timeseries", "Drift within segments", "Share of columns that drifted within each segment, against the reference's rows of the same segment (reference data file only).", "percentunit",
              [target(f"driftwatch_segment_drifted_columns_ratio{{{MSEL}}}", "{{segment_column}}={{segment}}")], w=12),
        panel(L, "timeseries", "Segment quality gap", "Each segment's metric minus the whole window's.", "none",
              [target(f"driftwatch_segment_quality_gap{{{MSEL}}}", "{{segment_column}}={{segment}} {{metric}}")], w=12),
        panel(L, "stat", "Underperforming segments", "Segments worse than the whole window by the margin, on enough labelled rows, significantly.", "none",
              [target(f"sum by (model) (driftwatch_segment_underperforming{{{MSEL}}})", "{{model}}")], w=12,
              options={"colorMode": "background", "reduceOptions": {"calcs": ["lastNotNull"]}},
              field={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 1}]}}),
        panel(L, "timeseries", "Concept-drift detections", "Changes the detectors found in the errors of labelled rows, per interval; DDM's warning zone.", "short",
              [target(f"sum by (detector) (increase(driftwatch_concept_drift_detections_total{{{MSEL}}}[$__rate_interval]))", "{{detector}}"),
               target(f"driftwatch_concept_drift_warning{{{MSEL}}}", "warning {{detector}}")], w=12),
        panel(L, "timeseries", "Error level", "Mean error over ADWIN's adaptive window (a classifier's miss rate; a regressor's absolute error over its scale), and labelled rows fed per second.", "none",
              [target(f"driftwatch_error_stream_mean{{{MSEL}}}", "{{detector}}"),
               target(f"rate(driftwatch_error_stream_rows_total{{{MSEL}}}[$__rate_interval])", "labelled rows/s")], w=12),
        panel(L, "timeseries", "Multivariate drift", "Each multivariate method's value over the window (pca_reconstruction: mean reconstruction error; domain_classifier: out-of-fold AUC) with its upper threshold, dashed; drift above it.", "none",
              [target(f"driftwatch_multivariate_value{{{MSEL}}}", "{{method}}"),
               target(f"driftwatch_multivariate_threshold{{{MSEL}, bound=\"upper\"}}", "{{method}} threshold")], w=12,
              overrides=[{"matcher": {"id": "byRegexp", "options": ".* threshold"}, "properties": [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}}]}]),
        panel(L, "barchart", "What changed together", "The columns the domain classifier splits on most, by share of its splits: the ones that tell the window from the reference (latest evaluation).", "percentunit",
              [target(f"sum by (column) (driftwatch_multivariate_column_importance_ratio{{{MSEL}, method=\"domain_classifier\"}})", "{{column}}", instant=True)], w=12,
              options={"xField": "column", "orientation": "horizontal"}),
    ]
    return dashboard("driftwatch-model-health", "Driftwatch / Model health",
                     "Quality before labels, confidence, fairness and underperforming segments, and concept drift of models watched by Driftwatch agents.",
                     panels)


def releases():
    L = Layout()
    verdict_mapping = {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]}}
    panels = [
        panel(L, "timeseries", "Traffic weight", "Share of requests the challenger answers under the traffic policy (canary, A/B; 0 in shadow), by mode and challenger version.", "percentunit",
              [target(f"driftwatch_predictor_traffic_weight_ratio{{{SEL}}}", "{{mode}} v{{version}}")], w=8),
        panel(L, "timeseries", "Requests by version", "Predict requests per second by the model version that answered.", "reqps",
              [target(f'sum by (version) (rate(driftwatch_predictor_requests_total{{{SEL}, route="/predict"}}[$__rate_interval]))', "v{{version}}")], w=8),
        panel(L, "timeseries", "Latency p99 by version", "99th percentile of /predict latency by the version that answered.", "s",
              [target(f'histogram_quantile(0.99, sum by (le, version) (rate(driftwatch_predictor_request_duration_seconds_bucket{{{SEL}, route="/predict"}}[$__rate_interval])))', "v{{version}}")], w=8),
        panel(L, "timeseries", "Error ratio by version", "Share of predict requests each version answered with anything but 2xx.", "percentunit",
              [target(f'1 - sum by (version) (rate(driftwatch_predictor_requests_total{{{SEL}, route="/predict", code=~"2.."}}[$__rate_interval])) / sum by (version) (rate(driftwatch_predictor_requests_total{{{SEL}, route="/predict"}}[$__rate_interval]))', "v{{version}}")], w=8),
        panel(L, "timeseries", "Records by variant", "Records predicted per second by version and variant: champion, challenger, shadow (scored and logged, not returned).", "short",
              [target(f"sum by (version, variant) (rate(driftwatch_predictor_predictions_total{{{SEL}}}[$__rate_interval]))", "v{{version}} {{variant}}")], w=8),
        panel(L, "timeseries", "Labelled rows by version", "Labelled production rows of each version the agent compares.", "short",
              [target(f"driftwatch_version_labelled_rows{{{MSEL}}}", "v{{version}}")], w=8),
        panel(L, "timeseries", "Mean loss by version", "Mean squared error (regressor) or error rate (classifier) over each version's labelled rows.", "none",
              [target(f"driftwatch_version_mean_loss{{{MSEL}}}", "v{{version}} {{loss}}")], w=12),
        panel(L, "timeseries", "Challenger minus champion", "Difference of mean loss, challenger minus champion, with its confidence interval: above 0 is worse.", "none",
              [target(f"driftwatch_challenger_loss_difference{{{MSEL}}}", "{{bound}} ({{test}})")], w=12),
        panel(L, "state-timeline", "Comparison verdict", "The live comparison's verdict: insufficient rows, inconclusive, better, worse.", "none",
              [target(f"max by (verdict) (driftwatch_challenger_verdict{{{MSEL}}}) == 1", "{{verdict}}")], w=12, h=6, field=verdict_mapping),
        panel(L, "timeseries", "Comparison p-value", "p-value of the test of equal loss (paired t, Welch t, McNemar or two-proportion z).", "none",
              [target(f"driftwatch_challenger_p_value{{{MSEL}}}", "{{test}} v{{challenger_version}}")], w=12, h=6),
    ]
    return dashboard("driftwatch-releases", "Driftwatch / Releases",
                     "Traffic between champion and challenger (shadow, canary, A/B) on the predictors, and the agents' live comparison of the two.",
                     panels)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, board in (("driftwatch-overview.json", overview()), ("driftwatch-column.json", column()), ("driftwatch-model-health.json", model_health()),
                        ("driftwatch-releases.json", releases())):
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(board, f, indent=2)
            f.write("\n")
        print(f"wrote grafana/dashboards/{name}: {len(board['panels'])} panels")


if __name__ == "__main__":
    main()

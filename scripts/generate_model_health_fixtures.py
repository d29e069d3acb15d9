#!/usr/bin/env python3
"""Generate the reference values of Driftwatch's model-health signals: the detection indices of
the concept-drift detectors (Page-Hinkley, ADWIN, DDM) from river's implementations on seeded
error streams, and a classifier's confidence summaries from numpy.

Run:  python3 scripts/generate_model_health_fixtures.py
      (pip install river; writes Tests/DriftStatisticsTests/Fixtures/concept_drift.json and confidence.json)
Every expected value comes from river or numpy, never from Driftwatch.
"""
import json
import os

# NannyML reports usage over the network unless told not to; fixtures are made offline.
os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")

import numpy as np
import river
import scipy
import scipy.stats as st
import sklearn
from sklearn import metrics
from river import drift

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftStatisticsTests", "Fixtures")
OUT = os.path.join(FIXTURES, "concept_drift.json")
RNG = np.random.default_rng(20261204)


def compact(values):
    """Six significant digits, so the file stays small; both sides read the rounded values."""
    return [float(f"{v:.6g}") for v in values]


def streams():
    """Error streams of the kinds the agent feeds: absolute errors of a regressor, 0/1 misses."""
    yield "gaussian_shift", "numeric", compact(np.concatenate([RNG.normal(0, 1, 1000), RNG.normal(1, 1, 2000)]))
    yield "gaussian_stationary", "numeric", compact(RNG.normal(3, 1, 5000))
    yield "piecewise_means", "numeric", compact(np.concatenate([RNG.normal(m, 1, 800) for m in (0, 2, -1, 3)]))
    yield "absolute_errors_growing", "numeric", compact(np.abs(RNG.normal(0, np.linspace(1, 3, 4000))))
    yield "small_shift", "numeric", compact(np.concatenate([RNG.normal(0, 1, 2000), RNG.normal(0.3, 1, 2000)]))
    yield "misses_rise", "binary", [int(v) for v in np.concatenate([RNG.random(1500) < 0.1, RNG.random(2500) < 0.3])]
    yield "misses_stationary", "binary", [int(v) for v in RNG.random(6000) < 0.2]
    yield "misses_gradual", "binary", [int(v) for v in RNG.random(5000) < np.linspace(0.05, 0.4, 5000)]


DETECTORS = [
    ("page_hinkley", {}, lambda p: drift.PageHinkley(**p)),
    ("page_hinkley", {"min_instances": 10, "delta": 0.01, "threshold": 20.0, "alpha": 0.999, "mode": "up"}, lambda p: drift.PageHinkley(**p)),
    ("page_hinkley", {"threshold": 10.0, "mode": "down"}, lambda p: drift.PageHinkley(**p)),
    ("adwin", {}, lambda p: drift.ADWIN(**p)),
    ("adwin", {"delta": 0.05, "clock": 8, "max_buckets": 3, "min_window_length": 10, "grace_period": 20}, lambda p: drift.ADWIN(**p)),
    ("ddm", {}, lambda p: drift.binary.DDM(**p)),
    ("ddm", {"warm_start": 100, "warning_threshold": 1.5, "drift_threshold": 2.5}, lambda p: drift.binary.DDM(**p)),
]


def run(make, values):
    detector = make()
    detections, warnings = [], []
    for index, value in enumerate(values):
        detector.update(value)
        if detector.drift_detected:
            detections.append(index)
        if getattr(detector, "warning_detected", False):
            warnings.append(index)
    return detections, warnings


def main():
    cases, stored = [], {}
    for name, kind, values in streams():
        stored[name] = values
        for detector, parameters, factory in DETECTORS:
            if detector == "ddm" and kind != "binary":
                continue
            detections, warnings = run(lambda: factory(parameters), values)
            case = {"stream": name, "detector": detector, "parameters": parameters, "detections": detections}
            if detector == "ddm":
                case["warnings"] = warnings
            cases.append(case)
    with open(OUT, "w") as f:
        json.dump({"generated_by": {"river": river.__version__, "numpy": np.__version__}, "streams": stored, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} cases written to {os.path.relpath(OUT)}")
    confidence()
    group_tests()
    segments()
    rides_segments()
    cbpe()
    dle()
    comparison_tests()
    correlations()
    baseline_ranks()


def comparison_tests():
    """The challenger comparison's tests: scipy's paired t-test (ttest_rel) and Welch's interval
    (ttest_ind(equal_var=False).confidence_interval), statsmodels' exact McNemar test and Wald
    interval of two independent proportions, and scipy's t and normal quantiles."""
    from statsmodels.stats.contingency_tables import mcnemar
    from statsmodels.stats.proportion import confint_proportions_2indep
    rng = np.random.default_rng(20261205)
    paired, welch, mcnemar_cases, proportions, quantiles = [], [], [], [], []
    for index in range(60):
        n = int(rng.integers(2, 400))
        x = compact(np.abs(rng.normal(1, 0.5 + index % 4, n)) ** 2)
        y = compact(np.array(x) * rng.uniform(0.7, 1.3) + np.abs(rng.normal(0, 0.3 + index % 3, n)))
        level = [0.95, 0.9, 0.99][index % 3]
        result = st.ttest_rel(y, x)
        interval = result.confidence_interval(level)
        paired.append({"first": y, "second": x, "level": level, "statistic": float(result.statistic), "df": float(result.df),
                       "p_value": float(result.pvalue), "lower": float(interval.low), "upper": float(interval.high)})
        m = int(rng.integers(2, 300))
        z = compact(np.abs(rng.normal(1.2, 1 + index % 2, m)) ** 2)
        result = st.ttest_ind(y, z, equal_var=False)
        interval = result.confidence_interval(level)
        welch.append({"first": y, "second": z, "level": level, "lower": float(interval.low), "upper": float(interval.high)})
    for index in range(60):
        rows = int(rng.integers(1, 3000))
        b = int(rng.integers(0, rows // 3 + 1))
        c = int(rng.integers(0, max(1, min(rows - b, rows // 3) + 1)))
        both = rows - b - c
        level = [0.95, 0.9][index % 2]
        table = [[both, b], [c, 0]]
        difference = (c - b) / rows
        spread = np.sqrt((b + c) - (c - b) ** 2 / rows) / rows
        zq = st.norm.ppf(0.5 + level / 2)
        mcnemar_cases.append({"only_first": b, "only_second": c, "rows": rows, "level": level, "p_value": float(mcnemar(table, exact=True).pvalue),
                              "difference": difference, "lower": float(difference - zq * spread), "upper": float(difference + zq * spread)})
    for index in range(60):
        n1, n2 = int(rng.integers(1, 800)), int(rng.integers(1, 5000))
        x1, x2 = int(rng.binomial(n1, rng.uniform(0.02, 0.98))), int(rng.binomial(n2, rng.uniform(0.02, 0.98)))
        level = [0.95, 0.9][index % 2]
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff", alpha=1 - level)
        proportions.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "level": level, "lower": float(low), "upper": float(high)})
    for p in [1e-9, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6]:
        for df in [1, 2.5, 5, 30, 199, 1e4]:
            quantiles.append({"p": p, "df": df, "t": float(st.t.ppf(p, df)), "z": float(st.norm.ppf(p))})
    path = os.path.join(FIXTURES, "comparison_tests.json")
    with open(path, "w") as f:
        import statsmodels
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
                   "cases": {"paired": paired, "welch": welch, "mcnemar": mcnemar_cases, "proportions": proportions, "quantiles": quantiles}},
                  f, separators=(",", ":"))
    print(f"challenger comparison cases written to {os.path.relpath(path)}")


def confidence():
    """Mean of max(p, 1 - p), the share of it below a threshold, and numpy's histogram of p over
    ten equal bins of [0, 1] (edges i/10, the last bin closed), on probabilities of several shapes."""
    cases = []
    for index in range(40):
        n = int(RNG.integers(1, 1000))
        shape = index % 4
        if shape == 0:
            p = RNG.random(n)
        elif shape == 1:
            p = RNG.beta(0.5, 0.5, n)
        elif shape == 2:
            p = RNG.beta(5, 2, n)
        else:
            p = np.round(RNG.random(n), 1)  # values on bin edges, 0 and 1 included
        p = np.array(compact(p))
        threshold = float(RNG.choice([0.55, 0.6, 0.75, 0.9]))
        confidence = np.maximum(p, 1 - p)
        # Edges: the doubles nearest to i/10 (np.linspace's i * 0.1 would put 0.3 below its edge).
        histogram, _ = np.histogram(p, bins=np.arange(11) / 10)
        cases.append({"probabilities": p.tolist(), "threshold": threshold, "mean_confidence": float(confidence.mean()),
                      "low_confidence_ratio": float((confidence < threshold).mean()), "histogram": histogram.tolist()})
    path = os.path.join(FIXTURES, "confidence.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__}, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} cases written to {os.path.relpath(path)}")



def group_tests():
    """Welch's t-test (scipy's ttest_ind, equal_var=False) and the pooled two-proportion z-test
    (its normal p-value from scipy), on groups of several sizes, spreads and gaps."""
    welch, proportions = [], []
    for index in range(80):
        n1, n2 = int(RNG.integers(2, 200)), int(RNG.integers(2, 600))
        a = compact(np.abs(RNG.normal(1 + 0.3 * (index % 3), 0.2 + index % 5, n1)))
        b = compact(np.abs(RNG.normal(1, 0.5 + index % 4, n2)))
        result = st.ttest_ind(a, b, equal_var=False)
        welch.append({"first": a, "second": b, "statistic": float(result.statistic), "df": float(result.df), "p_value": float(result.pvalue)})
    for index in range(80):
        n1, n2 = int(RNG.integers(1, 500)), int(RNG.integers(1, 5000))
        x1, x2 = int(RNG.binomial(n1, RNG.uniform(0.05, 0.95))), int(RNG.binomial(n2, RNG.uniform(0.05, 0.95)))
        pooled = (x1 + x2) / (n1 + n2)
        if pooled in (0, 1):
            continue
        z = (x1 / n1 - x2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        proportions.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "statistic": float(z), "p_value": float(2 * st.norm.sf(abs(z)))})
    path = os.path.join(FIXTURES, "group_tests.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": {"welch": welch, "proportions": proportions}},
                  f, separators=(",", ":"))
    print(f"{len(welch)} Welch and {len(proportions)} two-proportion cases written to {os.path.relpath(path)}")



def correlations():
    """Pearson's correlation (scipy's pearsonr) of pairs of samples: related, unrelated, mirrored,
    shifted and rescaled, of several sizes (the loop's trusted-rows skill)."""
    cases = []
    for index in range(40):
        n = int(RNG.integers(3, 400))
        x = RNG.normal(RNG.uniform(-50, 50), RNG.uniform(0.1, 20), n)
        y = RNG.uniform(-3, 3) * x + RNG.normal(0, RNG.uniform(0.01, 30), n) + RNG.uniform(-1000, 1000)
        x, y = compact(x), compact(y)
        cases.append({"x": x, "y": y, "r": float(st.pearsonr(x, y).statistic)})
    path = os.path.join(FIXTURES, "correlation.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} correlation cases written to {os.path.relpath(path)}")


def baseline_ranks():
    """The concept-drift monitor's ranks: each error's mid-rank among a baseline of earlier errors,
    as scipy's percentileofscore(kind='mean') / 100, for baselines with heavy tails and with ties
    (errors rounded to a few values). Its own generator, so it can be regenerated alone."""
    rng = np.random.default_rng(500)
    cases = []
    for index in range(12):
        n = int(rng.integers(1, 800))
        baseline = np.exp(rng.normal(0, rng.uniform(0.2, 2.0), n))
        if index % 3 == 0:
            baseline = np.round(baseline, 1)
        queries = np.concatenate([np.exp(rng.normal(0, 2.5, 60)), rng.choice(baseline, 20), [0.0, baseline.min(), baseline.max(), 1e300]])
        if index % 3 == 0:
            queries = np.round(queries, 1)
        baseline, queries = compact(baseline), compact(queries)
        cases.append({"baseline": baseline, "queries": queries, "ranks": [float(st.percentileofscore(baseline, q, kind="mean")) / 100 for q in queries]})
    path = os.path.join(FIXTURES, "baseline_ranks.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} baseline rank cases written to {os.path.relpath(path)}")


def segments():
    """Windows of rows split by a categorical column: per segment (the reference's top-K values and
    __other__) the rows, RMSE or accuracy (sklearn), the gap to the whole window, the p-value
    against the rest of the window (scipy's Welch test on squared errors, or the pooled
    two-proportion z-test on hits), and for a classifier the selection rate, its ratio to the
    highest segment's, and the true-positive-rate difference (numpy)."""
    carriers = ["AA", "DL", "UA", "WN", "B6", "NK", "F9"]
    reference_weights = np.array([30, 25, 20, 12, 8, 3, 2], dtype=float)
    cases = []
    for task in ("regression", "binary_classification"):
        for index in range(3):
            n = 2000
            window = RNG.choice(carriers, size=n, p=reference_weights / reference_weights.sum())
            labelled = RNG.random(n) < 0.6
            rows = []
            for i in range(n):
                bad = window[i] == ["UA", "B6", "NK"][index]
                if task == "regression":
                    truth = float(f"{RNG.normal(20, 5):.6g}")
                    prediction = float(f"{truth + RNG.normal(0, 4.0 if bad else 2.0):.6g}")
                else:
                    positive = RNG.random() < (0.3 if window[i] != "DL" else 0.5)
                    hit = RNG.random() < (0.7 if bad else 0.88)
                    score = RNG.uniform(0.5, 1.0) if positive == hit else RNG.uniform(0.0, 0.5)
                    prediction = float(f"{min(score, 0.999):.6g}")
                    truth = "1" if positive else "0"
                rows.append({"carrier": str(window[i]), "prediction": prediction, "actual": truth if labelled[i] else None})
            top = 4
            reference = {c: int(w * 100) for c, w in zip(carriers, reference_weights)}
            values = sorted(reference, key=lambda c: (-reference[c], c))[:top]
            segment_of = [r["carrier"] if r["carrier"] in values else "__other__" for r in rows]
            has = [r["actual"] is not None for r in rows]
            pred = np.array([r["prediction"] for r in rows])
            if task == "regression":
                truth = np.array([float(r["actual"]) if r["actual"] is not None else np.nan for r in rows])
                outcome = (truth - pred) ** 2
                whole = float(np.sqrt(metrics.mean_squared_error(truth[has], pred[has])))
            else:
                truth = np.array([r["actual"] == "1" for r in rows])
                outcome = ((pred >= 0.5) == truth).astype(float)
                whole = float(metrics.accuracy_score(truth[has], pred[has] >= 0.5))
                whole_tpr = float(((pred >= 0.5) & truth & np.array(has)).sum() / (truth & np.array(has)).sum())
            expected = []
            rates = {}
            for name in values + ["__other__"]:
                inside = np.array([s == name for s in segment_of])
                rates[name] = float((pred[inside] >= 0.5).mean())
            for name in values + ["__other__"]:
                inside = np.array([s == name for s in segment_of])
                mine = inside & np.array(has)
                rest = ~inside & np.array(has)
                entry = {"segment": name, "rows": int(inside.sum()), "labelled": int(mine.sum())}
                if task == "regression":
                    value = float(np.sqrt(metrics.mean_squared_error(truth[mine], pred[mine])))
                    entry["p_value"] = float(st.ttest_ind(outcome[mine], outcome[rest], equal_var=False).pvalue)
                else:
                    value = float(metrics.accuracy_score(truth[mine], pred[mine] >= 0.5))
                    x1, n1, x2, n2 = outcome[mine].sum(), mine.sum(), outcome[rest].sum(), rest.sum()
                    pooled = (x1 + x2) / (n1 + n2)
                    z = (x1 / n1 - x2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
                    entry["p_value"] = float(2 * st.norm.sf(abs(z)))
                    entry["selection_rate"] = rates[name]
                    entry["selection_rate_ratio"] = rates[name] / max(rates.values())
                    entry["tpr_difference"] = float(((pred[mine] >= 0.5) & truth[mine]).sum() / truth[mine].sum()) - whole_tpr
                entry["metric"] = value
                entry["gap"] = value - whole
                expected.append(entry)
            columns = {"carrier": [r["carrier"] for r in rows], "prediction": [r["prediction"] for r in rows], "actual": [r["actual"] for r in rows]}
            cases.append({"task": task, "top": top, "reference": reference, "rows": columns, "whole": whole, "segments": expected,
                          "underperforming": ["UA", "B6", "NK"][index] if ["UA", "B6", "NK"][index] in values else "__other__"})
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchAgentTests", "Fixtures", "segments.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}, "cases": cases},
                  f, separators=(",", ":"))
    print(f"{len(cases)} segment cases written to {os.path.relpath(path)}")



def rides_segments():
    """`driftwatch check --segment PU_location --segment-top 3` on the bundled example data, from
    scipy: per segment (the three most frequent reference zones, then __other__) the rows of each
    file, KS of two numeric columns and chi-square (no continuity correction) of a categorical one."""
    import csv
    rides = os.path.join(os.path.dirname(__file__), "..", "examples", "rides")

    def read(name):
        with open(os.path.join(rides, name), newline="") as f:
            return list(csv.DictReader(f))

    reference, current = read("reference.csv"), read("current.csv")
    counts = {}
    for row in reference:
        counts[row["PU_location"]] = counts.get(row["PU_location"], 0) + 1
    top = sorted(counts, key=lambda zone: (-counts[zone], zone))[:3]
    cases = []
    for segment in top + ["__other__"]:
        def mine(rows):
            return [r for r in rows if (r["PU_location"] if r["PU_location"] in top else "__other__") == segment]
        ref, cur = mine(reference), mine(current)
        case = {"segment": segment, "reference_rows": len(ref), "current_rows": len(cur), "ks": {}}
        for column in ("trip_distance", "duration"):
            result = st.ks_2samp([float(r[column]) for r in ref], [float(r[column]) for r in cur])
            case["ks"][column] = {"statistic": float(result.statistic), "p_value": float(result.pvalue)}
        categories = sorted({r["payment_type"] for r in ref} | {r["payment_type"] for r in cur})
        table = np.array([[sum(r["payment_type"] == c for r in rows) for c in categories] for rows in (ref, cur)])
        stat, p_value, dof, _ = st.chi2_contingency(table, correction=False)
        case["payment_type"] = {"statistic": float(stat), "p_value": float(p_value), "dof": int(dof)}
        cases.append(case)
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchReportTests", "Fixtures", "rides_segments.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": cases}, f, indent=1)
    print(f"{len(cases)} segments written to {os.path.relpath(path)}")



def cbpe():
    """Confidence-based performance estimation of an overconfident classifier under covariate
    shift: sklearn's isotonic calibration fitted on the reference, and NannyML's CBPE (its full
    estimator, chunks of 1,000 rows) on five analysis chunks whose inputs shift."""
    import logging
    import warnings
    import pandas as pd
    import nannyml as nml
    from sklearn.isotonic import IsotonicRegression
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")

    def rows(n, mean):
        z = RNG.normal(mean, 1.2, n)
        truth = RNG.random(n) < 1 / (1 + np.exp(-z))
        score = np.array(compact(1 / (1 + np.exp(-(1.8 * z + 0.3)))))  # overconfident, shifted
        return score, truth

    ref_score, ref_truth = rows(3000, 0.0)
    chunks = [rows(1000, mean) for mean in (0.0, 0.3, 0.6, -0.5, 1.0)]
    calibrator = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(ref_score, ref_truth.astype(float))
    reference = pd.DataFrame({"y_pred_proba": ref_score, "y_pred": (ref_score >= 0.5).astype(int), "y_true": ref_truth.astype(int)})
    analysis = pd.DataFrame({"y_pred_proba": np.concatenate([c[0] for c in chunks]),
                             "y_pred": (np.concatenate([c[0] for c in chunks]) >= 0.5).astype(int)})
    estimator = nml.CBPE(y_pred_proba="y_pred_proba", y_pred="y_pred", y_true="y_true", problem_type="classification_binary",
                         metrics=["roc_auc", "f1", "precision", "recall", "accuracy"], chunk_size=1000)
    estimator.fit(reference)
    result = estimator.estimate(analysis).filter(period="analysis").to_df()
    estimates = {metric: [float(v) for v in result[(metric, "value")]] for metric in ["roc_auc", "f1", "precision", "recall", "accuracy"]}
    realized = []
    for score, truth in chunks:
        predicted = score >= 0.5
        realized.append({"accuracy": float(metrics.accuracy_score(truth, predicted)), "f1": float(metrics.f1_score(truth, predicted)),
                         "roc_auc": float(metrics.roc_auc_score(truth, score))})
    probe = np.array(compact(np.concatenate([RNG.uniform(-0.1, 1.1, 200), ref_score[:50]])))
    case = {"reference_scores": ref_score.tolist(), "reference_labels": ref_truth.astype(int).tolist(),
            "chunks": [c[0].tolist() for c in chunks], "nannyml_calibrated": bool(estimator.needs_calibration),
            "probe": probe.tolist(), "probe_calibrated": calibrator.predict(probe).tolist(),
            "estimates": estimates, "realized": realized}
    path = os.path.join(FIXTURES, "cbpe.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"nannyml": nml.__version__, "sklearn": sklearn.__version__}, "cases": [case]}, f, separators=(",", ":"))
    print(f"CBPE case written to {os.path.relpath(path)} (NannyML calibrated: {estimator.needs_calibration}; estimates {estimates['accuracy']})")



def dle():
    """Direct loss estimation of a regressor whose errors grow with |x1| and in category c:
    NannyML's DLE (LightGBM defaults, chunks of 600 rows) on five analysis chunks whose inputs
    shift, with the realized MAE and RMSE (sklearn)."""
    import logging
    import warnings
    import pandas as pd
    import nannyml as nml
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")

    def rows(n, shift, share_c):
        x1 = RNG.normal(shift, 1, n)
        x2 = RNG.uniform(0, 10, n)
        c = RNG.choice(["a", "b", "c"], size=n, p=[(1 - share_c) / 2, (1 - share_c) / 2, share_c])
        noise = RNG.normal(0, 1, n) * (0.5 + 0.4 * np.abs(x1) + (c == "c") * 1.0)
        prediction = 3 * x1 + 0.5 * x2
        return pd.DataFrame({"x1": compact(x1), "x2": compact(x2), "c": c, "y": compact(prediction + noise), "p": compact(prediction)})

    reference = rows(3000, 0.0, 0.2)
    chunks = [rows(600, shift, share) for shift, share in ((0.0, 0.2), (0.5, 0.2), (1.0, 0.4), (1.5, 0.1), (-1.0, 0.6))]
    analysis = pd.concat(chunks, ignore_index=True)
    for frame in (reference, analysis):
        frame["c"] = frame["c"].astype("category")
    estimator = nml.DLE(feature_column_names=["x1", "x2", "c"], y_pred="p", y_true="y", metrics=["mae", "rmse"], chunk_size=600)
    estimator.fit(reference)
    result = estimator.estimate(analysis.drop(columns=["y"])).filter(period="analysis").to_df()
    case = {
        "reference": {k: reference[k].astype(str if k == "c" else float).tolist() for k in reference.columns},
        "chunks": [{k: chunk[k].astype(str if k == "c" else float).tolist() for k in chunk.columns} for chunk in chunks],
        "nannyml": {metric: [float(v) for v in result[(metric, "value")]] for metric in ("mae", "rmse")},
        "realized": [{"mae": float(metrics.mean_absolute_error(ch["y"], ch["p"])), "rmse": float(np.sqrt(metrics.mean_squared_error(ch["y"], ch["p"])))}
                     for ch in chunks],
    }
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchAgentTests", "Fixtures", "dle.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"nannyml": nml.__version__, "sklearn": sklearn.__version__}, "cases": [case]}, f, separators=(",", ":"))
    print(f"DLE case written to {os.path.relpath(path)}: NannyML MAE {case['nannyml']['mae']}, realized {[r['mae'] for r in case['realized']]}")


if __name__ == "__main__":
    main()

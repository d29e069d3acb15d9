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

import numpy as np
import river
import scipy
import scipy.stats as st
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


if __name__ == "__main__":
    main()

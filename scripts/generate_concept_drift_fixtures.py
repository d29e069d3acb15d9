#!/usr/bin/env python3
"""Generate the detection indices that Driftwatch's concept-drift detectors (Page-Hinkley, ADWIN,
DDM) are tested against, from river's implementations on seeded error streams.

Run:  python3 scripts/generate_concept_drift_fixtures.py
      (pip install river; writes Tests/DriftStatisticsTests/Fixtures/concept_drift.json)
Every expected index comes from river, never from Driftwatch.
"""
import json
import os

import numpy as np
import river
from river import drift

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftStatisticsTests", "Fixtures", "concept_drift.json")
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


if __name__ == "__main__":
    main()

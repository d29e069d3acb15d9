#!/usr/bin/env python3
"""The peer of the check benchmark: what a Python drift script does with scipy and numpy.

Per numeric column: scipy.stats.ks_2samp and a 10-bin quantile PSI (numpy.quantile +
numpy.histogram); per categorical column: scipy.stats.chi2_contingency on the 2xk table and a
per-category PSI. Categorical columns arrive as integer codes (np.bincount), the fastest form
numpy offers. Prints one JSON object with the median time of the given number of runs.

Usage: scipy_check.py DIRECTORY [REPETITIONS]
"""
import json
import os
import resource
import sys
import time

import numpy as np
import scipy
from scipy import stats

NUMERIC = ["trip_distance", "fare", "pickup_hour", "tip_ratio", "speed", "wait_seconds"]
CATEGORICAL = ["payment_type", "pickup_zone", "vendor"]


def psi(ref_counts, cur_counts):
    ref = ref_counts / ref_counts.sum()
    cur = cur_counts / cur_counts.sum()
    ref = np.where(ref == 0, 1e-4, ref)
    cur = np.where(cur == 0, 1e-4, cur)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def evaluate(data):
    drifted = 0
    for name in NUMERIC:
        ref, cur = data["reference", name], data["current", name]
        ks = stats.ks_2samp(ref, cur)
        edges = np.unique(np.concatenate(([-np.inf], np.quantile(ref, np.arange(1, 10) / 10), [np.inf])))
        psi(np.histogram(ref, edges)[0], np.histogram(cur, edges)[0])
        drifted += ks.pvalue < 0.05
    for name in CATEGORICAL:
        ref, cur = data["reference", name], data["current", name]
        k = max(ref.max(), cur.max()) + 1
        rc, cc = np.bincount(ref, minlength=k), np.bincount(cur, minlength=k)
        keep = (rc + cc) > 0
        _, p, _, _ = stats.chi2_contingency(np.array([rc[keep], cc[keep]]), correction=False)
        psi(rc[keep], cc[keep])
        drifted += p < 0.05
    return int(drifted)


def main():
    directory = sys.argv[1]
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = {}
    for part in ["reference", "current"]:
        for name in NUMERIC:
            data[part, name] = np.fromfile(os.path.join(directory, f"{part}_{name}.f64"), dtype="<f8")
        for name in CATEGORICAL:
            data[part, name] = np.fromfile(os.path.join(directory, f"{part}_{name}.i32"), dtype="<i4")
    timings = []
    drifted = 0
    for _ in range(repetitions):
        start = time.perf_counter()
        drifted = evaluate(data)
        timings.append(time.perf_counter() - start)
    print(json.dumps({
        "scipy": scipy.__version__,
        "median_seconds": float(np.median(timings)),
        "ks_or_chi2_drifted": drifted,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()

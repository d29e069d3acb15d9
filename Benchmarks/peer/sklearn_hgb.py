#!/usr/bin/env python3
"""The peer of the training benchmark: scikit-learn's HistGradientBoostingRegressor with the
settings Driftwatch uses, on the same arrays. Prints test RMSE and the median training time.

Usage: sklearn_hgb.py DIRECTORY COLUMNS [REPETITIONS]
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor


def load(directory, prefix, columns):
    x = np.fromfile(os.path.join(directory, f"{prefix}_x.f64"), dtype="<f8").reshape(-1, columns)
    y = np.fromfile(os.path.join(directory, f"{prefix}_y.f64"), dtype="<f8")
    return x, y


def main():
    directory, columns = sys.argv[1], int(sys.argv[2])
    repetitions = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    x, y = load(directory, "train", columns)
    xt, yt = load(directory, "test", columns)
    timings = []
    for _ in range(repetitions):
        model = HistGradientBoostingRegressor(learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20,
                                              l2_regularization=0.0, max_bins=255, early_stopping=False, random_state=0)
        start = time.perf_counter()
        model.fit(x, y)
        timings.append(time.perf_counter() - start)
    rmse = float(np.sqrt(np.mean((model.predict(xt) - yt) ** 2)))
    print(json.dumps({"sklearn": sklearn.__version__, "rmse": rmse, "median_seconds": float(np.median(timings))}))


if __name__ == "__main__":
    main()

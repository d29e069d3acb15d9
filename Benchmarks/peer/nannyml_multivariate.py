#!/usr/bin/env python3
"""NannyML 0.13's multivariate calculators on the benchmark's files, the current file as one chunk:
the time to fit each on the reference and to calculate the current chunk (data already in memory,
imports not counted). Prints one line: nannyml pca_fit S pca_reconstruction S dc_fit S domain_classifier S values V V
"""
import os
import sys
import time
import warnings

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")
warnings.simplefilter("ignore")
import nannyml as nml  # noqa: E402
import pandas as pd  # noqa: E402


def main():
    reference, current = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
    features = list(reference.columns)
    chunk = len(current)
    t = time.perf_counter()
    pca = nml.DataReconstructionDriftCalculator(column_names=features, chunk_size=chunk).fit(reference)
    pca_fit = time.perf_counter() - t
    t = time.perf_counter()
    pca_result = pca.calculate(current).to_df()
    pca_calc = time.perf_counter() - t
    hyperparameters = {**nml.drift.multivariate.domain_classifier.calculator.DEFAULT_LGBM_HYPERPARAMS, "verbose": -1}
    t = time.perf_counter()
    dc = nml.DomainClassifierCalculator(feature_column_names=features, chunk_size=chunk, hyperparameters=hyperparameters).fit(reference)
    dc_fit = time.perf_counter() - t
    t = time.perf_counter()
    dc_result = dc.calculate(current).to_df()
    dc_calc = time.perf_counter() - t
    analysis = pca_result[pca_result[("chunk", "period")] == "analysis"]
    auc = dc_result[dc_result[("chunk", "period")] == "analysis"]
    print(f"nannyml pca_fit {pca_fit:.3f} pca_reconstruction {pca_calc:.4f} dc_fit {dc_fit:.3f} domain_classifier {dc_calc:.3f} "
          f"values {analysis[('reconstruction_error', 'value')].iloc[0]:.4f} {auc[('domain_classifier_auroc', 'value')].iloc[0]:.4f}")


if __name__ == "__main__":
    main()

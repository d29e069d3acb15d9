#!/usr/bin/env python3
"""Reference values for Driftwatch's PCA reconstruction error (multivariate drift), from NannyML's
DataReconstructionDriftCalculator on NannyML's bundled synthetic car-loan data: the first 20,000
reference rows and 20,000 analysis rows (from row 15,000, across the change) of its features, cut into chunks of 2,000, with each chunk's
reconstruction error, sampling error and alert, and the thresholds; and NannyML's
DomainClassifierCalculator (LightGBM, 5-fold stratified out-of-fold ROC AUC) on the same rows in
chunks of 5,000, with each chunk's AUC and alert; and, for the maximum mean discrepancy, the
median-heuristic bandwidth and the unbiased MMD² (Gretton et al. 2012) of Gaussian samples in 1 to
16 dimensions, computed with scipy's pairwise distances; and scikit-learn's PCA projections of
samples of vectors onto their first few principal components (the reduction before MMD).

Usage: scripts/generate_multivariate_fixtures.py [principal_projection]   (pip install nannyml==0.13.1)
With an argument, only that part is written.
Writes Tests/DriftStatisticsTests/Fixtures/multivariate/.
"""
import json
import os
import warnings

warnings.simplefilter("ignore")
os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")
import nannyml as nml  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "DriftStatisticsTests", "Fixtures", "multivariate")
FEATURES = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length", "repaid_loan_on_prev_car", "size_of_downpayment", "driver_tenure"]
ROWS, CHUNK, DOMAIN_CHUNK = 20_000, 2_000, 5_000


def main():
    os.makedirs(OUT, exist_ok=True)
    reference, analysis, _ = nml.load_synthetic_car_loan_dataset()
    # The analysis rows around the change in the data (it begins near row 25,000).
    reference, analysis = reference[FEATURES].head(ROWS).reset_index(drop=True), analysis[FEATURES].iloc[15_000:15_000 + ROWS].reset_index(drop=True)
    calculator = nml.DataReconstructionDriftCalculator(column_names=FEATURES, chunk_size=CHUNK)
    calculator.fit(reference)
    result = calculator.calculate(analysis).to_df()
    chunks = []
    for _, row in result.iterrows():
        chunks.append({"period": row[("chunk", "period")], "start": int(row[("chunk", "start_index")]), "end": int(row[("chunk", "end_index")]),
                       "value": float(row[("reconstruction_error", "value")]), "sampling_error": float(row[("reconstruction_error", "sampling_error")]),
                       "alert": bool(row[("reconstruction_error", "alert")])})
    first = result.iloc[0]
    reference.to_csv(os.path.join(OUT, "car_loan_reference.csv"), index=False)
    analysis.to_csv(os.path.join(OUT, "car_loan_analysis.csv"), index=False)
    categorical = [name for name in FEATURES if str(reference[name].dtype) in ("object", "category", "bool")]
    with open(os.path.join(OUT, "pca_reconstruction.json"), "w") as f:
        json.dump({"generated_by": {"nannyml": nml.__version__}, "features": FEATURES, "categorical": categorical, "chunk_size": CHUNK,
                   "components": int(calculator._pca.n_components_),
                   "lower_threshold": float(first[("reconstruction_error", "lower_threshold")]),
                   "upper_threshold": float(first[("reconstruction_error", "upper_threshold")]), "chunks": chunks}, f, indent=1)
    print(f"{len(chunks)} chunks written to {os.path.relpath(OUT)}")
    domain_classifier(reference, analysis)
    maximum_mean_discrepancy()
    principal_projection()


def domain_classifier(reference, analysis):
    # NannyML's own hyper-parameters, with LightGBM told to keep quiet.
    hyperparameters = {**nml.drift.multivariate.domain_classifier.calculator.DEFAULT_LGBM_HYPERPARAMS, "verbose": -1}
    calculator = nml.DomainClassifierCalculator(feature_column_names=FEATURES, chunk_size=DOMAIN_CHUNK, hyperparameters=hyperparameters)
    calculator.fit(reference)
    result = calculator.calculate(analysis).to_df()
    chunks = []
    for _, row in result.iterrows():
        chunks.append({"period": row[("chunk", "period")], "start": int(row[("chunk", "start_index")]), "end": int(row[("chunk", "end_index")]),
                       "value": float(row[("domain_classifier_auroc", "value")]), "alert": bool(row[("domain_classifier_auroc", "alert")])})
    first = result.iloc[0]
    with open(os.path.join(OUT, "domain_classifier.json"), "w") as f:
        json.dump({"generated_by": {"nannyml": nml.__version__}, "features": FEATURES, "categorical": calculator.categorical_column_names,
                   "chunk_size": DOMAIN_CHUNK, "lower_threshold": float(first[("domain_classifier_auroc", "lower_threshold")]),
                   "upper_threshold": float(first[("domain_classifier_auroc", "upper_threshold")]), "chunks": chunks}, f, indent=1)
    print(f"{len(chunks)} domain-classifier chunks written to {os.path.relpath(OUT)}")


def maximum_mean_discrepancy():
    import numpy as np
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(26)
    cases = []
    for dims, n, m, shift, scale in [(1, 30, 40, 0.0, 1.0), (2, 50, 50, 0.5, 1.0), (4, 60, 45, 0.0, 2.0), (8, 80, 70, 0.3, 1.0),
                                     (16, 100, 90, 0.0, 1.0), (3, 2, 3, 1.0, 1.0), (5, 100, 100, 0.0, 1.0)]:
        x = rng.normal(size=(n, dims))
        y = rng.normal(loc=shift, scale=scale, size=(m, dims))
        if dims == 5:
            y[:, 1] = -y[:, 0]  # a direction change that keeps every coordinate's distribution
            x[:, 1] = x[:, 0]
        between = cdist(x, y, "sqeuclidean")
        # alibi-detect's median heuristic: sigma^2 is half the (lower) median squared distance between the samples.
        flat = np.sort(between.ravel())
        sigma = float(np.sqrt(0.5 * flat[(flat.size - 1) // 2]))
        def kernel(a, b):
            return np.exp(-cdist(a, b, "sqeuclidean") / (2 * sigma ** 2))
        kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
        mmd2 = (kxx.sum() - np.trace(kxx)) / (n * (n - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean()
        cases.append({"dimensions": dims, "reference": x.ravel().tolist(), "current": y.ravel().tolist(), "bandwidth": sigma, "mmd2": float(mmd2)})
    with open(os.path.join(OUT, "maximum_mean_discrepancy.json"), "w") as f:
        json.dump({"generated_by": {"scipy": __import__("scipy").__version__, "numpy": np.__version__}, "cases": cases}, f)
    print(f"{len(cases)} MMD cases written to {os.path.relpath(OUT)}")


def principal_projection():
    import numpy as np
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(27)
    cases = []
    for dims, rows, components in [(6, 50, 2), (40, 300, 4), (128, 400, 8)]:
        # Distinct variances along a random rotation, so the leading components are well defined.
        scales = 6.0 * 0.7 ** np.arange(dims)
        rotation, _ = np.linalg.qr(rng.normal(size=(dims, dims)))
        x = (rng.normal(size=(rows, dims)) * scales) @ rotation.T + 3.0
        fitted = PCA(n_components=components, svd_solver="full").fit(x)
        other = (rng.normal(size=(20, dims)) * scales) @ rotation.T + 2.5
        cases.append({"dimensions": dims, "components": components, "sample": x.ravel().tolist(),
                      "projected": fitted.transform(x).ravel().tolist(), "other": other.ravel().tolist(),
                      "other_projected": fitted.transform(other).ravel().tolist(),
                      "explained_variance": fitted.explained_variance_.tolist()})
    with open(os.path.join(OUT, "principal_projection.json"), "w") as f:
        json.dump({"generated_by": {"scikit-learn": __import__("sklearn").__version__}, "cases": cases}, f)
    print(f"{len(cases)} projection cases written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 1:
        globals()[sys.argv[1]]()
    else:
        main()

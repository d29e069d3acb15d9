#!/usr/bin/env python3
"""Fixtures for Driftwatch's reader and scorer of XGBoost models: boosters trained with the xgboost
package on small synthetic data, saved with Booster.save_model as JSON, and Booster.predict's
answers (and margins) for rows with missing values, extreme values and unseen categories (every
one-hot of a column absent). Covers every supported objective, dart, the base score's stored
forms, models trained on a DictVectorizer's sparse and dense matrices with feature names, and the
UBJSON form.

Usage: scripts/generate_xgboost_fixtures.py   (pip install xgboost-cpu numpy scipy scikit-learn)
Writes Tests/DriftwatchLearningTests/Fixtures/xgboost/.
"""
import json
import os

import numpy as np
import scipy.sparse
import xgboost as xgb
from sklearn.feature_extraction import DictVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "DriftwatchLearningTests", "Fixtures", "xgboost")
RNG = np.random.default_rng(2024)
OBJECTIVES = ["reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "reg:logistic", "binary:logistic",
              "binary:logitraw", "count:poisson", "reg:gamma", "reg:tweedie"]


def data(n, objective):
    x = RNG.normal(size=(n, 6)).astype(np.float32)
    signal = 1.5 * x[:, 0] - x[:, 1] + 0.5 * x[:, 2] * x[:, 3]
    x[RNG.random(x.shape) < 0.1] = np.nan
    if objective in ("reg:logistic", "binary:logistic", "binary:logitraw"):
        y = (signal + RNG.normal(size=n) > 0).astype(float)
    elif objective == "count:poisson":
        y = RNG.poisson(np.exp(0.4 * signal))
    elif objective in ("reg:gamma", "reg:tweedie"):
        y = np.exp(0.3 * signal) * RNG.gamma(2.0, 0.5, size=n)
    else:
        y = signal + RNG.standard_t(3, size=n)
    return x, y


def test_rows(width):
    rows = RNG.normal(size=(60, width)).astype(np.float32) * 1.5
    rows[RNG.random(rows.shape) < 0.15] = np.nan
    rows[0, :] = np.nan                      # everything missing
    rows[1, :] = 1e30                         # beyond every split
    rows[2, :] = -1e30
    return rows


def case(name, booster, rows, rewrite=None, suffix="json"):
    path = os.path.join(OUT, f"{name}.{suffix}")
    booster.save_model(path)
    if rewrite:
        with open(path) as f:
            model = json.load(f)
        rewrite(model)
        with open(path, "w") as f:
            json.dump(model, f)
    matrix = xgb.DMatrix(rows, missing=np.nan, feature_names=booster.feature_names)
    return {"name": name, "model": f"{name}.{suffix}",
            "rows": [[None if np.isnan(v) else float(v) for v in row] for row in rows],
            "predictions": [float(v) for v in booster.predict(matrix)],
            "margins": [float(v) for v in booster.predict(matrix, output_margin=True)]}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for objective in OBJECTIVES:
        x, y = data(400, objective)
        booster = xgb.train({"objective": objective, "max_depth": 4, "eta": 0.3, "seed": 1}, xgb.DMatrix(x, label=y, missing=np.nan), 20)
        cases.append(case(objective.replace(":", "_"), booster, test_rows(6)))
    # dart: every tree scaled by its weight_drop.
    x, y = data(400, "reg:squarederror")
    dart = xgb.train({"objective": "reg:squarederror", "booster": "dart", "rate_drop": 0.3, "skip_drop": 0.0, "max_depth": 3, "seed": 3},
                     xgb.DMatrix(x, label=y), 15)
    cases.append(case("dart", dart, test_rows(6)))
    # The base score as given, and in the forms older versions wrote: "5E-1" and a bare number.
    x, y = data(400, "binary:logistic")
    given = xgb.train({"objective": "binary:logistic", "base_score": 0.3, "max_depth": 3}, xgb.DMatrix(x, label=y), 10)
    cases.append(case("base_score_given", given, test_rows(6)))
    def unbracketed(model):
        param = model["learner"]["learner_model_param"]
        param["base_score"] = param["base_score"].strip("[]")
    cases.append(case("base_score_unbracketed", given, test_rows(6), unbracketed))
    def numeric(model):
        param = model["learner"]["learner_model_param"]
        param["base_score"] = float(param["base_score"].strip("[]"))
    cases.append(case("base_score_number", given, test_rows(6), numeric))
    # A model trained as the guide trains it: records through a DictVectorizer (a sparse matrix:
    # an absent one-hot is missing), with feature names "column=value".
    zones = ["Midtown", "Airport", "Park", "Station"]
    records = [{"trip_distance": float(RNG.gamma(2, 2)), "PU_location": zones[RNG.integers(4)], "hour": float(RNG.integers(24))} for _ in range(500)]
    target = [r["trip_distance"] * 3 + (8 if r["PU_location"] == "Airport" else 0) + RNG.normal() for r in records]
    vectorizer = DictVectorizer(sparse=True)
    matrix = vectorizer.fit_transform(records)
    names = list(vectorizer.get_feature_names_out())
    sparse_booster = xgb.train({"objective": "reg:squarederror", "max_depth": 4}, xgb.DMatrix(matrix, label=target, feature_names=names), 20)
    queries = [{"trip_distance": 3.0, "PU_location": "Airport", "hour": 8.0}, {"trip_distance": 1.0, "PU_location": "Unseen", "hour": 20.0},
               {"trip_distance": 7.5, "PU_location": "Park"}, {"PU_location": "Station", "hour": 3.0}]
    dense = np.full((len(queries), len(names)), np.nan, dtype=np.float32)
    for i, q in enumerate(queries):
        row = vectorizer.transform([q]).tocoo()
        for j, v in zip(row.col, row.data):
            dense[i, j] = v
    sparse_case = case("dict_vectorizer_sparse", sparse_booster, dense)
    sparse_case["records"] = queries          # what a client sends; the rows are DictVectorizer's encoding
    cases.append(sparse_case)
    # The same records through a dense DictVectorizer (sparse=False): an absent one-hot is a zero,
    # which the booster learnt as a value (driftwatch models import --one-hot-absent zero).
    dense_vectorizer = DictVectorizer(sparse=False)
    dense_matrix = dense_vectorizer.fit_transform(records).astype(np.float32)
    dense_booster = xgb.train({"objective": "reg:squarederror", "max_depth": 4}, xgb.DMatrix(dense_matrix, label=target, feature_names=names), 20)
    dense_queries = [q for q in queries if "hour" in q and "trip_distance" in q] + [{"trip_distance": 2.0, "PU_location": "Midtown", "hour": 23.0}]
    dense_case = case("dict_vectorizer_dense", dense_booster, dense_vectorizer.transform(dense_queries).astype(np.float32))
    dense_case["records"] = dense_queries
    # The binary form (UBJSON), as .ubj files and MLflow's model.xgb hold models.
    cases.append(case("ubjson_binary_logistic", given, test_rows(6), suffix="ubj"))
    cases.append(case("ubjson_dict_vectorizer_sparse", sparse_booster, dense, suffix="ubj"))
    cases.append(dense_case)
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generated_by": {"xgboost": xgb.__version__, "numpy": np.__version__}, "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} XGBoost cases written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()

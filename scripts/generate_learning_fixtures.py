#!/usr/bin/env python3
"""Generate the scikit-learn reference values that DriftwatchLearning is tested against.

Run:  python3 scripts/generate_learning_fixtures.py
Writes Tests/DriftwatchLearningTests/Fixtures/linear.json (seeded).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchLearningTests", "Fixtures")
RNG = np.random.default_rng(7)


def design(n, p, kind):
    x = RNG.normal(0, 1, (n, p))
    if kind == "collinear" and p > 1:
        x[:, -1] = x[:, 0] * 2 + 1  # exactly dependent column
    if kind == "onehot":
        x = (RNG.random((n, p)) < 0.3).astype(float)
    if kind == "scaled":
        x = x * np.logspace(-2, 3, p)
    return np.round(x, 6)


def ridge_cases():
    out = []
    for i in range(40):
        n = int(RNG.choice([1, 2, 5, 20, 80, 300]))
        p = int(RNG.choice([1, 3, 8, 15]))
        kind = ["normal", "collinear", "onehot", "scaled"][i % 4]
        x = design(n, p, kind)
        y = np.round(x @ RNG.normal(0, 2, p) + RNG.normal(0, 0.5, n) + 10, 6)
        alpha = float([0.01, 1.0, 10.0, 100.0][i % 4])
        model = Ridge(alpha=alpha).fit(x, y)
        test = design(10, p, kind)
        out.append({"x": x.tolist(), "y": y.tolist(), "alpha": alpha,
                    "coefficients": model.coef_.tolist(), "intercept": float(model.intercept_),
                    "test": test.tolist(), "predictions": model.predict(test).tolist()})
    return out


def logistic_cases():
    out = []
    for i in range(40):
        n = int(RNG.choice([4, 20, 80, 300]))
        p = int(RNG.choice([1, 3, 8]))
        kind = ["normal", "onehot", "scaled", "normal"][i % 4]
        x = design(n, p, kind)
        scores = x @ RNG.normal(0, 1.5, p) / (np.std(x @ np.ones(p)) + 1) + RNG.normal(0, 1, n)
        y = (scores > np.median(scores)).astype(int)
        if y.min() == y.max():
            y[0] = 1 - y[0]
        c = float([0.1, 1.0, 10.0, 0.5][i % 4])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = LogisticRegression(C=c, solver="newton-cholesky", tol=1e-12, max_iter=10000).fit(x, y)
        test = design(10, p, kind)
        out.append({"x": x.tolist(), "y": y.tolist(), "c": c,
                    "test": test.tolist(), "probabilities": model.predict_proba(test)[:, 1].tolist(),
                    "coefficients": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])})
    return out


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "linear.json")
    with open(path, "w") as f:
        json.dump({"generated_by": {"numpy": np.__version__, "sklearn": sklearn.__version__},
                   "ridge": ridge_cases(), "logistic": logistic_cases()}, f, separators=(",", ":"), allow_nan=False)
    print(f"linear.json: {os.path.getsize(path) // 1024} KiB")

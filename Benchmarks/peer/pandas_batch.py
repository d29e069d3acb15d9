#!/usr/bin/env python3
"""The peer of the batch-scoring benchmark: the usual pandas + scikit-learn batch job — read the
CSV, apply a fitted pipeline, write the predictions — with the pipeline holding the very model
Driftwatch registered (its standardization, one-hot vocabularies with the __other__ slot, crossed
features and ridge coefficients, read from the artifact), so both must give the same predictions.

Usage: pandas_batch.py ARTIFACT INPUT.csv OUTPUT.csv ID_COLUMN     (prints the seconds it took)
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

OTHER = "__other__"


def pipeline_from(artifact_path):
    with open(artifact_path) as f:
        artifact = json.loads(f.read().split("\n", 1)[1])
    model = artifact["model"]
    encoder, linear = model["encoder"], model["fitted"]["linear"]["_0"]
    numeric = encoder["numeric"]
    categorical = encoder["categorical"]

    def prepare(frame):
        out = pd.DataFrame(index=frame.index)
        for feature in numeric:
            out[feature["name"]] = frame[feature["name"]].astype(float)
        for feature in categorical:
            value = frame[feature["sources"][0]].astype(str)
            for source in feature["sources"][1:]:
                value = value + "_" + frame[source].astype(str)
            out[feature["name"]] = value.where(value.isin(feature["vocabulary"]), OTHER)
        return out

    means = np.array([f["mean"] for f in numeric])
    scales = np.array([f["scale"] for f in numeric])
    columns = ColumnTransformer([
        ("numeric", FunctionTransformer(lambda x: (np.asarray(x, dtype=float) - means) / scales), [f["name"] for f in numeric]),
        ("categorical", OneHotEncoder(categories=[f["vocabulary"] + [OTHER] for f in categorical], handle_unknown="ignore"),
         [f["name"] for f in categorical]),
    ])
    regression = LinearRegression()
    regression.coef_ = np.array(linear["coefficients"])
    regression.intercept_ = linear["intercept"]
    pipeline = make_pipeline(FunctionTransformer(prepare), columns, regression)
    # Fitting sets the encoders' fitted state; the coefficients are put back afterwards.
    sample = pd.DataFrame({**{f["name"]: [0.0] for f in numeric}, **{s: ["x"] for f in categorical for s in f["sources"]}})
    pipeline[:-1].fit(sample)
    return pipeline


def main():
    artifact, source, target, id_column = sys.argv[1:5]
    pipeline = pipeline_from(artifact)
    start = time.perf_counter()
    frame = pd.read_csv(source, dtype={id_column: str})
    predictions = pipeline.predict(frame)
    pd.DataFrame({"id": frame[id_column], "prediction": predictions}).to_csv(target, index=False, float_format="%.17g")
    print(f"{time.perf_counter() - start:.6f}")


if __name__ == "__main__":
    main()

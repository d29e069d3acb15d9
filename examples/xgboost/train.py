#!/usr/bin/env python3
"""Train an XGBoost model of ride duration the way most Python teams do: records through
scikit-learn's DictVectorizer, xgboost.train with early stopping on a holdout, the booster saved
with Booster.save_model (JSON or UBJSON by the file's extension) and, optionally, logged to an
MLflow tracking server and registered.

Driftwatch imports what this writes (driftwatch models import --xgboost FILE), and its retrain
loop can run it to make challengers:

    loop:
      training:
        command: [python3, examples/xgboost/train.py, "{train}", "{output}", --holdout, "{holdout}"]

Usage: train.py TRAIN.csv OUTPUT.(json|ubj) [--holdout HOLDOUT.csv] [--rounds N]
                [--mlflow URI --registered-model NAME]
"""
import argparse
import os

import pandas as pd
import xgboost as xgb
from sklearn.feature_extraction import DictVectorizer

TARGET = "duration"
CATEGORICAL = ["PU_DO", "payment_type"]
NUMERICAL = ["trip_distance", "pickup_hour"]
PARAMS = {"objective": "reg:squarederror", "max_depth": 6, "learning_rate": 0.1, "min_child_weight": 3, "seed": 42}


def records(frame):
    """Categorical columns as text, as DictVectorizer one-hots them ('PU_DO=Station_Airport')."""
    frame = frame.copy()
    frame[CATEGORICAL] = frame[CATEGORICAL].astype(str)
    return frame[CATEGORICAL + NUMERICAL].to_dict(orient="records")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train")
    parser.add_argument("output")
    parser.add_argument("--holdout")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--mlflow", help="tracking URI to log the booster to")
    parser.add_argument("--registered-model", help="register the logged booster under this name")
    args = parser.parse_args()

    train = pd.read_csv(args.train)
    vectorizer = DictVectorizer()
    x_train = vectorizer.fit_transform(records(train))
    names = list(vectorizer.feature_names_)
    dtrain = xgb.DMatrix(x_train, label=train[TARGET].values, feature_names=names)
    evals, stopping = [(dtrain, "train")], None
    if args.holdout:
        holdout = pd.read_csv(args.holdout)
        dholdout = xgb.DMatrix(vectorizer.transform(records(holdout)), label=holdout[TARGET].values, feature_names=names)
        evals.append((dholdout, "holdout"))
        stopping = 10
    booster = xgb.train(PARAMS, dtrain, num_boost_round=args.rounds, evals=evals, early_stopping_rounds=stopping, verbose_eval=False)
    if stopping:
        # Keep the trees up to the best round, so that the saved model is the one early stopping chose.
        booster = booster[: booster.best_iteration + 1]
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    booster.save_model(args.output)
    print(f"trained {booster.num_boosted_rounds()} rounds on {len(train)} rows, {len(names)} features -> {args.output}")

    if args.mlflow:
        import mlflow

        mlflow.set_tracking_uri(args.mlflow)
        with mlflow.start_run() as run:
            mlflow.log_params(PARAMS)
            info = mlflow.xgboost.log_model(booster, name="models_mlflow", registered_model_name=args.registered_model)
            print(f"logged to MLflow run {run.info.run_id} as {info.model_uri}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The peer of the serving benchmark: the usual Flask web service around a scikit-learn
pipeline (DictVectorizer + LinearRegression), run by gunicorn. It trains at start-up on the same
CSV Driftwatch trains on, with the same features, and serves POST /predict.

Run: gunicorn -w 2 -b 127.0.0.1:PORT 'flask_predictor:create_app("examples/rides/reference.csv")'
"""
import csv

from flask import Flask, jsonify, request
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline

NUMERIC = ["trip_distance", "pickup_hour"]
CATEGORICAL = ["PU_location", "DO_location", "weekday"]


def features(ride):
    row = {name: float(ride[name]) for name in NUMERIC}
    for name in CATEGORICAL:
        row[name] = str(ride[name])
    return row


def create_app(data_path):
    with open(data_path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if 1 <= float(r["duration"]) <= 60]
    pipeline = make_pipeline(DictVectorizer(), LinearRegression())
    pipeline.fit([features(r) for r in rows], [float(r["duration"]) for r in rows])

    app = Flask("duration-prediction")

    @app.route("/predict", methods=["POST"])
    def predict():
        ride = request.get_json()
        prediction = pipeline.predict([features(ride)])[0]
        return jsonify({"duration": float(prediction)})

    return app

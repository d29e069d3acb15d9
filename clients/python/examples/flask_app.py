"""A Flask model service whose predictions a Driftwatch agent monitors.

    pip install ./clients/python flask
    DRIFTWATCH_URL=http://127.0.0.1:9100 flask --app flask_app run --port 8000
"""
import atexit
import os

from flask import Flask, jsonify, request

from driftwatch_client import DriftwatchClient, log_flask_predictions

client = DriftwatchClient(os.environ.get("DRIFTWATCH_URL", "http://127.0.0.1:9100"), token=os.environ.get("DRIFTWATCH_TOKEN"),
                          prediction_column="predicted_duration")
atexit.register(client.close)
app = log_flask_predictions(Flask(__name__), client, path="/predict")


@app.post("/predict")
def predict():
    ride = request.get_json()
    return jsonify(prediction=2.0 + 3.1 * float(ride.get("trip_distance") or 0))


@app.post("/feedback")
def feedback():
    item = request.get_json()
    client.label(item["id"], item["actual"])
    return jsonify(ok=True)

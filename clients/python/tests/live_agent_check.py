#!/usr/bin/env python3
"""The client against a live agent (run by the test suite, DriftwatchCLITests/PythonClientTests):
600 rides logged while the agent is stopped with SIGTERM and started again on its state file, then
their ground truth; and the FastAPI and Flask hooks logging a service's answers. Checks that every
row arrived, every label found its row, nothing was dropped or refused, and the client retried
while the agent was away. Prints a JSON summary; exits non-zero on a failed check.

Usage: live_agent_check.py DRIFTWATCH_BINARY AGENT_CONFIG AGENT_URL TOKEN_FILE RIDES.csv
"""
import csv
import json
import subprocess
import sys
import time
import urllib.request

from driftwatch_client import ROW_ID_HEADER, DriftwatchClient, DriftwatchMiddleware, log_flask_predictions

FEATURES = ["pickup_hour", "weekday", "trip_distance", "passenger_count", "PU_location", "DO_location", "PU_DO", "payment_type"]
NUMERIC = {"pickup_hour", "trip_distance", "passenger_count"}


def start(binary, config, url):
    agent = subprocess.Popen([binary, "agent", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                return agent
        except Exception:
            time.sleep(0.1)
    raise SystemExit("the agent did not start")


def snapshot(url, token):
    request = urllib.request.Request(url + "/api/v1/snapshot", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.loads(response.read())
    except Exception:
        return {}


def main():
    binary, config, url, token_file, rides = sys.argv[1:6]
    token = open(token_file).read().split()[0]
    with open(rides) as f:
        records = list(csv.DictReader(f))[:600]
    agent = start(binary, config, url)
    client = DriftwatchClient(url, token_file=token_file, prediction_column="predicted_duration", batch_size=50, flush_interval=0.1, max_backoff=1.0)
    for index, row in enumerate(records):
        features = {name: None if row[name] == "" else float(row[name]) if name in NUMERIC else row[name] for name in FEATURES}
        client.log(features, float(row["predicted_duration"]), id=row["ride_id"])
        if index == 300:
            # The agent goes away mid-stream (a rollout, a crash-restart) and comes back on its state file.
            client.flush(30)
            agent.terminate()
            agent.wait()
        if index == 400:
            agent = start(binary, config, url)
        time.sleep(0.002)
    assert client.flush(60), "rows still queued after 60 s"
    for row in records:
        client.label(row["ride_id"], float(row["duration"]))
    assert client.flush(60), "labels still queued after 60 s"

    # A service's answers, logged by the hooks; their ground truth by the ids they returned.
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from flask import Flask, jsonify, request

    api = FastAPI()
    api.add_middleware(DriftwatchMiddleware, client=client, path="/predict")
    flask_app = log_flask_predictions(Flask("service"), client, path="/predict")

    @api.post("/predict")
    def fastapi_predict(ride: dict):
        return {"prediction": 2.0 + 3.1 * ride["trip_distance"]}

    @flask_app.post("/predict")
    def flask_predict():
        return jsonify(prediction=2.0 + 3.1 * request.get_json()["trip_distance"])
    hooked = []
    with TestClient(api) as fastapi_client, flask_app.test_client() as flask_client:
        for service in (fastapi_client, flask_client):
            for row in records[:5]:
                features = {name: None if row[name] == "" else float(row[name]) if name in NUMERIC else row[name] for name in FEATURES}
                features["trip_distance"] = features["trip_distance"] or 0.0
                answer = service.post("/predict", json=features)
                assert answer.status_code == 200, answer
                hooked.append(answer.headers[ROW_ID_HEADER])
    for row_id in hooked:
        client.label(row_id, 10.0)
    client.close(60)

    deadline, state = time.time() + 60, {}
    while time.time() < deadline:
        state = snapshot(url, token)
        if state.get("window_rows") == 610 and state.get("labelled_rows") == 610:
            break
        time.sleep(0.3)
    agent.terminate()
    agent.wait()
    stats = vars(client.stats)
    summary = {"window_rows": state.get("window_rows"), "labelled_rows": state.get("labelled_rows"), "stats": stats}
    print(json.dumps(summary))
    assert summary["window_rows"] == 610 and summary["labelled_rows"] == 610, summary
    assert stats["dropped"] == 0 and stats["rejected"] == 0 and stats["unmatched_labels"] == 0 and stats["retries"] > 0, stats
    assert stats["sent_rows"] == 610 and stats["sent_labels"] == 610, stats


if __name__ == "__main__":
    main()

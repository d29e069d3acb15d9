#!/usr/bin/env python3
"""Sends a day of rides to an agent as KServe's inference logger does: for each inference a
request event (org.kubeflow.serving.inference.request) and a response event (….response) with
the same id and the logger's extension attributes, built with the CloudEvents Python SDK
(`cloudevents` from PyPI), alternating binary and structured mode and V1 and V2 payloads, the
response sometimes first. Prints a JSON summary of what the agent answered.

Usage: kserve_logger_events.py AGENT_URL RIDES.csv ROWS
"""
import csv
import json
import sys
import urllib.request
import warnings

warnings.simplefilter("ignore")  # the SDK's deprecation notices of its own 1.x API
try:
    from cloudevents.http import CloudEvent, to_binary, to_structured
except ImportError:  # the SDK's 2.x keeps the 1.x API (what KServe uses) under v1
    from cloudevents.v1.http import CloudEvent, to_binary, to_structured

FEATURES = ["pickup_hour", "weekday", "trip_distance", "passenger_count", "PU_location", "DO_location", "PU_DO", "payment_type"]
NUMERIC = {"pickup_hour", "trip_distance", "passenger_count"}


def event(kind, id, data):
    attributes = {"type": f"org.kubeflow.serving.inference.{kind}", "source": "http://localhost:9081/", "id": id, "datacontenttype": "application/json",
                  "inferenceservicename": "ride-duration", "namespace": "rides", "component": "predictor", "endpoint": "default"}
    return CloudEvent(attributes, data)


def post(url, headers, body):
    request = urllib.request.Request(url + "/v1/cloudevents", data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request) as response:
        return response.status, json.loads(response.read())


def payloads(row, v2):
    # An empty field is a missing value: null, as a service's JSON would carry it.
    values = {name: None if row[name] == "" else float(row[name]) if name in NUMERIC else row[name] for name in FEATURES}
    prediction = float(row["predicted_duration"])
    if not v2:
        return {"instances": [values]}, {"predictions": [prediction]}
    inputs = [{"name": name, "shape": [1, 1], "datatype": "FP64" if name in NUMERIC else "BYTES", "data": [values[name]]} for name in FEATURES]
    return {"inputs": inputs}, {"model_name": "ride-duration", "outputs": [{"name": "predicted_duration", "shape": [1, 1], "datatype": "FP64", "data": [prediction]}]}


def main():
    url, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    accepted, statuses, ids = 0, set(), []
    with open(path) as f:
        for index, row in enumerate(csv.DictReader(f)):
            if index == count:
                break
            request, response = payloads(row, v2=index % 2 == 1)
            id = row["ride_id"]
            events = [event("request", id, request), event("response", id, response)]
            if index % 3 == 2:
                events.reverse()
            for e in events:
                headers, body = (to_structured if index % 4 >= 2 else to_binary)(e)
                status, answer = post(url, headers, body)
                statuses.add(status)
                accepted += answer.get("accepted", 0)
            ids.append(id)
    print(json.dumps({"accepted": accepted, "statuses": sorted(statuses), "ids": ids}))


if __name__ == "__main__":
    main()

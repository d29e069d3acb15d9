"""A FastAPI model service whose predictions a Driftwatch agent monitors.

    pip install ./clients/python fastapi uvicorn
    DRIFTWATCH_URL=http://127.0.0.1:9100 uvicorn fastapi_app:app --port 8000
    curl -XPOST localhost:8000/predict -H 'content-type: application/json' -d '{"trip_distance": 3.2, "pickup_hour": 8}'
    curl -XPOST localhost:8000/feedback -H 'content-type: application/json' -d '{"id": "<Driftwatch-Row-ID>", "actual": 14.5}'
"""
import os

from fastapi import FastAPI

from driftwatch_client import DriftwatchClient, DriftwatchMiddleware

client = DriftwatchClient(os.environ.get("DRIFTWATCH_URL", "http://127.0.0.1:9100"), token=os.environ.get("DRIFTWATCH_TOKEN"),
                          prediction_column="predicted_duration")
app = FastAPI()
app.add_middleware(DriftwatchMiddleware, client=client, path="/predict")


@app.post("/predict")
def predict(ride: dict):
    # The team's model; a stand-in here.
    return {"prediction": 2.0 + 3.1 * float(ride.get("trip_distance") or 0)}


@app.post("/feedback")
def feedback(item: dict):
    client.label(item["id"], item["actual"])
    return {"ok": True}


@app.on_event("shutdown")
def close():
    client.close()

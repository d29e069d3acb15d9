#!/usr/bin/env python3
"""Scores records through a server's Open Inference Protocol with NVIDIA's own client
(tritonclient[http] from PyPI), the way a KServe or Triton user would: health, the model's
metadata, then one infer in the binary tensor form and one in JSON. Prints a JSON object with the
metadata and both infers' predictions and prediction ids.

Usage: inference_protocol_client.py HOST:PORT MODEL RECORDS.json
"""
import json
import sys

import numpy as np
import tritonclient.http as triton


def inputs(metadata, records, binary):
    tensors = []
    for tensor in metadata["inputs"]:
        values = [record[tensor["name"]] for record in records]
        if tensor["datatype"] == "BYTES":
            array = np.array([str(value).encode() for value in values], dtype=np.object_).reshape(-1, 1)
        else:
            array = np.array([np.nan if value is None else value for value in values], dtype=np.float64).reshape(-1, 1)
        infer_input = triton.InferInput(tensor["name"], list(array.shape), tensor["datatype"])
        infer_input.set_data_from_numpy(array, binary_data=binary)
        tensors.append(infer_input)
    return tensors


def main():
    url, model, path = sys.argv[1:4]
    with open(path) as f:
        records = json.load(f)
    client = triton.InferenceServerClient(url)
    assert client.is_server_live() and client.is_server_ready() and client.is_model_ready(model)
    metadata = client.get_model_metadata(model)
    prediction, identifier = metadata["outputs"][0]["name"], metadata["outputs"][1]["name"]
    result = {"metadata": metadata}
    binary = client.infer(model, inputs(metadata, records, True))
    result["binary"] = {"predictions": binary.as_numpy(prediction).ravel().tolist(),
                        "ids": [value.decode() for value in binary.as_numpy(identifier).ravel()]}
    plain = client.infer(model, inputs(metadata, records, False), outputs=[triton.InferRequestedOutput(prediction, binary_data=False)])
    result["json"] = {"predictions": plain.as_numpy(prediction).ravel().tolist()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

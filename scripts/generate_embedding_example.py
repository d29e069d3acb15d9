#!/usr/bin/env python3
"""Example data for vector drift: the 16-number embedding of each support ticket a classifier
reads, with the ticket's length and channel. Embeddings are unit vectors around a handful of
topic directions. In `current-shifted.jsonl` the tickets are about a new topic, one whose
direction the reference never had, though each embedding is still a unit vector of the same
spread; `current-stable.jsonl` is fresh data from the reference's process.

Usage: scripts/generate_embedding_example.py   (numpy)
Writes examples/embeddings/.
"""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "embeddings")
DIMENSIONS = 16


def unit(vectors):
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def tickets(rng, rows, topics, weights):
    topic = rng.choice(len(topics), rows, p=weights)
    embedding = unit(3.0 * topics[topic] + rng.normal(0, 1, (rows, DIMENSIONS)))
    return [{
        "ticket_id": f"t{index}",
        "length": int(rng.gamma(3.0, 60.0)),
        "channel": str(rng.choice(["email", "chat", "phone"], p=[0.5, 0.35, 0.15])),
        "embedding": [round(float(v), 5) for v in row],
    } for index, row in enumerate(embedding)]


def write(name, records):
    with open(os.path.join(OUT, name), "w") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261205)
    topics = unit(rng.normal(0, 1, (5, DIMENSIONS)))
    new_topic = unit(rng.normal(0, 1, (1, DIMENSIONS)))
    weights = [0.3, 0.25, 0.2, 0.15, 0.1]
    write("reference.jsonl", tickets(rng, 3000, topics, weights))
    write("current-stable.jsonl", tickets(rng, 1000, topics, weights))
    # A third of the tickets are about the new topic; the rest keep the reference's mix.
    shifted = np.vstack([topics, new_topic])
    write("current-shifted.jsonl", tickets(rng, 1000, shifted, [w * 2 / 3 for w in weights] + [1 / 3]))
    with open(os.path.join(OUT, "schema.yaml"), "w") as out:
        out.write("# Support tickets: an embedding per ticket (a vector column, tested by MMD).\n"
                  "columns:\n"
                  "  - {name: ticket_id, kind: categorical}\n"
                  "  - {name: embedding, kind: vector}\n"
                  "  - {name: length, kind: numeric}\n"
                  "  - {name: channel, kind: categorical}\n"
                  "id: ticket_id\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Example data for multivariate drift: readings of two temperature sensors on the same machine,
which agree to within a little noise, with the load, the ambient humidity and the shift. In
`current-decorrelated.csv` the second sensor was wired to another machine: each column's own
distribution is unchanged (its values are the reference's kind of values, shuffled), but the two
sensors no longer agree, which no per-column test can see. `current-stable.csv` is fresh data from
the reference's process.

Usage: scripts/generate_sensor_example.py   (numpy, pandas)
Writes examples/sensors/.
"""
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "sensors")


def readings(rng, rows):
    load = rng.gamma(4.0, 10.0, rows)
    temperature = 40 + 0.5 * load + rng.normal(0, 3, rows)
    return pd.DataFrame({
        "load": load.round(2),
        "temperature_a": temperature.round(2),
        "temperature_b": (temperature + rng.normal(0, 0.8, rows)).round(2),
        "humidity": rng.normal(45, 8, rows).round(1),
        "shift": rng.choice(["early", "late", "night"], rows, p=[0.4, 0.4, 0.2]),
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(26)
    readings(rng, 5000).to_csv(os.path.join(OUT, "reference.csv"), index=False)
    readings(rng, 2000).to_csv(os.path.join(OUT, "current-stable.csv"), index=False)
    moved = readings(rng, 2000)
    # Sensor b now reads another machine: the same distribution, no longer this machine's temperature.
    moved["temperature_b"] = rng.permutation(moved["temperature_b"].to_numpy())
    moved.to_csv(os.path.join(OUT, "current-decorrelated.csv"), index=False)
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()

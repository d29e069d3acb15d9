#!/usr/bin/env python3
"""Generate the bundled example data: synthetic taxi rides whose duration a model predicts.

examples/rides/reference.csv     what the model was trained on (January)
examples/rides/current.csv       a later month: longer trips, more card payments, a later rush hour
examples/rides/current-stable.csv  a later month drawn from the same distribution as the reference
examples/rides/reference.parquet, current.parquet  the same rows as Parquet (snappy; written by pyarrow)
Run: python3 scripts/generate_example_data.py   (pyarrow for the Parquet copies)
"""
import csv
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "examples", "rides")
ZONES = ["Airport", "Midtown", "Downtown", "Harbor", "University", "Stadium", "Old Town", "Riverside", "Market", "Hospital", "Station", "Park"]


def rides(rng, n, month, drifted):
    zone_p = np.array([0.06, 0.2, 0.16, 0.06, 0.08, 0.04, 0.09, 0.07, 0.08, 0.05, 0.07, 0.05])
    zone_p /= zone_p.sum()
    if drifted:
        zone_p[0] *= 2.5  # airport trips surge
        zone_p /= zone_p.sum()
    pickup = rng.choice(len(ZONES), n, p=zone_p)
    dropoff = rng.choice(len(ZONES), n, p=zone_p)
    hour_centres = [8.5, 18.0] if not drifted else [9.5, 19.0]
    weekday = rng.integers(0, 7, n)
    hour = np.clip(np.round(np.where(rng.random(n) < 0.5, rng.normal(hour_centres[0], 2.5, n), rng.normal(hour_centres[1], 3, n))), 0, 23)
    distance = rng.lognormal(0.9 if not drifted else 1.15, 0.6, n)
    distance = np.where((pickup == 0) | (dropoff == 0), distance + rng.uniform(8, 14, n), distance)
    passengers = rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.68, 0.16, 0.06, 0.04, 0.04, 0.02])
    payment = rng.choice(["card", "cash", "no_charge", "dispute"], n, p=[0.62, 0.33, 0.03, 0.02] if not drifted else [0.8, 0.16, 0.025, 0.015])
    rush = (((hour >= 7) & (hour <= 9)) | ((hour >= 16) & (hour <= 19))) & (weekday < 5)
    duration = np.clip(2.5 + 3.1 * distance + 6 * rush + rng.normal(0, 3, n), 1, 120)
    predicted = 3.0 + 3.0 * distance + 5.2 * rush
    rows = []
    for i in range(n):
        pu, do = ZONES[pickup[i]], ZONES[dropoff[i]]
        rows.append({
            "ride_id": f"{month}-{i + 1:06d}",
            "pickup_hour": int(hour[i]),
            "weekday": int(weekday[i]),
            "trip_distance": round(float(distance[i]), 2),
            "passenger_count": int(passengers[i]),
            "PU_location": pu,
            "DO_location": do,
            "PU_DO": f"{pu}_{do}",
            "payment_type": payment[i],
            "duration": round(float(duration[i]), 2),
            "predicted_duration": round(float(predicted[i]), 2),
        })
    # A few missing values, as real exports have.
    for i in rng.choice(n, n // 200, replace=False):
        rows[i]["passenger_count"] = ""
    return rows


def write(name, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(name):
    """The CSV file's rows as Parquet, as pyarrow types them (integers, floats, strings, nulls)."""
    import pyarrow.csv
    import pyarrow.parquet

    table = pyarrow.csv.read_csv(os.path.join(OUT, name + ".csv"))
    pyarrow.parquet.write_table(table, os.path.join(OUT, name + ".parquet"), compression="snappy")


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    os.makedirs(OUT, exist_ok=True)
    write("reference.csv", rides(rng, 4000, "2026-01", drifted=False))
    write("current.csv", rides(rng, 3000, "2026-03", drifted=True))
    write("current-stable.csv", rides(rng, 3000, "2026-02", drifted=False))
    write_parquet("reference")
    write_parquet("current")

#!/usr/bin/env python3
"""Generate the reference values that DriftStatistics is tested against.

Every expected value here comes from numpy / scipy / scikit-learn, never from Driftwatch.
Run:  python3 scripts/generate_fixtures.py   (writes Tests/DriftStatisticsTests/Fixtures/*.json)
The generator is seeded, so re-running it reproduces the committed files for the same library
versions (recorded in each file's "generated_by").
"""
import json
import math
import os
import sys

import numpy as np
import mpmath
import scipy
import scipy.stats as st
from scipy.spatial.distance import jensenshannon
import sklearn
from sklearn import metrics

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftStatisticsTests", "Fixtures")
RNG = np.random.default_rng(20261126)
VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}
EMPTY_BIN_SHARE = 1e-4


def compact(values):
    """Round to 6 significant digits so that fixtures stay small; both sides see the rounded data."""
    return [float(f"{v:.6g}") for v in values]


def sample(kind, n):
    if kind == "normal":
        x = RNG.normal(0, 1, n)
    elif kind == "shifted":
        x = RNG.normal(0.5, 1.3, n)
    elif kind == "integers":  # heavy ties
        x = RNG.integers(0, 6, n).astype(float)
    elif kind == "constant":
        x = np.full(n, 3.25)
    elif kind == "cauchy":  # heavy tails
        x = RNG.standard_cauchy(n) * 10
    elif kind == "lognormal":
        x = RNG.lognormal(2, 1.5, n)
    elif kind == "exponential":
        x = RNG.exponential(20, n)
    elif kind == "mixture":
        x = np.where(RNG.random(n) < 0.3, RNG.normal(-3, 0.5, n), RNG.normal(2, 1, n))
    elif kind == "uniform_coarse":  # coarse grid, many ties across samples
        x = np.round(RNG.uniform(0, 1, n), 1)
    else:
        raise ValueError(kind)
    return compact(x)


KINDS = ["normal", "shifted", "integers", "constant", "cauchy", "lognormal", "exponential", "mixture", "uniform_coarse"]


def psi_bins(reference, bins):
    """Inner edges: numpy linear quantiles at i/B, duplicates merged; outer edges -inf/+inf."""
    inner = np.quantile(np.asarray(reference), np.arange(1, bins) / bins) if bins > 1 else np.array([])
    return np.unique(np.concatenate(([-np.inf], inner, [np.inf])))


def jensen_shannon_exact(p_counts, q_counts):
    """The Jensen-Shannon distance in 50-digit arithmetic (mpmath), free of the cancellation that
    limits float64 implementations, scipy's included, when the two distributions nearly agree."""
    mpmath.mp.dps = 50
    p = [mpmath.mpf(int(v)) for v in p_counts]
    q = [mpmath.mpf(int(v)) for v in q_counts]
    sp, sq = sum(p), sum(q)
    total = mpmath.mpf(0)
    for a, b in zip(p, q):
        a, b = a / sp, b / sq
        m = (a + b) / 2
        if a > 0:
            total += a * mpmath.log(a / m)
        if b > 0:
            total += b * mpmath.log(b / m)
    return float(mpmath.sqrt(total / 2))


def psi_from_counts(ref_counts, cur_counts):
    ref = np.asarray(ref_counts, float) / np.sum(ref_counts)
    cur = np.asarray(cur_counts, float) / np.sum(cur_counts)
    ref = np.where(ref == 0, EMPTY_BIN_SHARE, ref)
    cur = np.where(cur == 0, EMPTY_BIN_SHARE, cur)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def numeric_case(reference, current, bins):
    ref, cur = np.asarray(reference), np.asarray(current)
    ks = st.ks_2samp(ref, cur, method="auto")
    edges = psi_bins(ref, bins)
    ref_hist, _ = np.histogram(ref, bins=edges)
    cur_hist, _ = np.histogram(cur, bins=edges)
    w = st.wasserstein_distance(ref, cur)
    return {
        "reference": reference, "current": current, "bins": bins,
        "ks": {"statistic": float(ks.statistic), "p_value": float(ks.pvalue)},
        "psi_edges": [float(e) for e in edges[1:-1]],
        "psi": psi_from_counts(ref_hist, cur_hist),
        "jensen_shannon": float(jensenshannon(ref_hist, cur_hist)),
        "jensen_shannon_exact": jensen_shannon_exact(ref_hist, cur_hist),
        "wasserstein": float(w),
        "wasserstein_normed": float(w / max(np.std(ref), 0.001)),
    }


def numeric_cases():
    cases = []
    tiny = [1, 2, 5]
    # Tiny samples against every size class.
    for n1 in tiny:
        for n2 in [1, 2, 5, 17, 300]:
            for kind in ["normal", "integers", "cauchy"]:
                cases.append((sample(kind, n1), sample("shifted" if kind == "normal" else kind, n2)))
    # Same and unequal sizes over all kinds, drifted and not.
    for i in range(150):
        k1 = KINDS[i % len(KINDS)]
        k2 = k1 if i % 3 else KINDS[(i * 7 + 3) % len(KINDS)]
        n1 = int(RNG.choice([8, 20, 50, 100, 250, 600, 1000]))
        n2 = n1 if i % 4 == 0 else int(RNG.choice([7, 33, 99, 240, 500, 1500]))
        cases.append((sample(k1, n1), sample(k2, n2)))
    # Equal sizes with drift (square-lattice exact formula).
    for n in [3, 10, 40, 200, 1000]:
        cases.append((sample("normal", n), sample("shifted", n)))
        cases.append((sample("integers", n), sample("integers", n)))
    # Near the exact/asymptotic switch (max(n1, n2) = 10000 is still exact), null-ish data.
    cases.append((sample("normal", 10000), sample("normal", 9000)))
    cases.append((sample("normal", 4000), sample("normal", 10000)))
    cases.append((sample("integers", 3000), sample("integers", 7000)))
    # Asymptotic branch: one sample above 10000.
    cases.append((sample("normal", 10001), sample("normal", 10001)))
    cases.append((sample("normal", 12000), sample("shifted", 800)))
    cases.append((sample("lognormal", 11000), sample("lognormal", 3)))
    cases.append((sample("exponential", 15000), sample("exponential", 15000)))
    cases.append((sample("uniform_coarse", 20000), sample("uniform_coarse", 150)))
    out = []
    for i, (a, b) in enumerate(cases):
        bins = [10, 10, 10, 5, 20, 3, 1][i % 7]
        out.append(numeric_case(a, b, bins))
    return out


def categorical_cases():
    out = []
    for i in range(420):
        k = int(RNG.integers(1, 25))
        scale = int(RNG.choice([1, 5, 50, 1000, 20000]))
        p = RNG.dirichlet(np.ones(k))
        ref = RNG.multinomial(max(scale, 1) * k, p)
        q = p if i % 3 else RNG.dirichlet(np.ones(k))
        cur = RNG.multinomial(max(int(scale * RNG.uniform(0.2, 3)), 1) * k, q)
        if i % 11 == 0 and k > 1:
            cur[0] += int(RNG.integers(1, 50))
            ref[0] = 0  # a category only the current batch has
        if i % 13 == 0 and k > 2:
            ref[1] += 5
            cur[1] = 0  # a category that disappeared
        if ref.sum() == 0 or cur.sum() == 0:
            continue
        keep = (ref + cur) > 0
        r, c = ref[keep], cur[keep]
        case = {"reference": [int(v) for v in ref], "current": [int(v) for v in cur]}
        if len(r) > 1:
            stat, pv, dof, _ = st.chi2_contingency(np.array([r, c]), correction=False)
        else:
            stat, pv, dof = 0.0, 1.0, 0
        case["homogeneity"] = {"statistic": float(stat), "p_value": float(pv), "dof": int(dof)}
        if np.all(r > 0) and len(r) > 1:
            expected = r / r.sum() * c.sum()
            g = st.chisquare(c, f_exp=expected)
            case["goodness_of_fit"] = {"statistic": float(g.statistic), "p_value": float(g.pvalue), "dof": int(len(r) - 1)}
        case["psi"] = psi_from_counts(r, c)
        case["jensen_shannon"] = float(jensenshannon(r, c))
        case["jensen_shannon_exact"] = jensen_shannon_exact(r, c)
        out.append(case)
    return out


def kolmogorov_grid():
    out = []
    for n in [1, 2, 3, 5, 10, 37, 100, 140, 141, 200, 1000, 5000, 20000, 100000, 100001, 500000]:
        xs = [0.4 / n, 0.6 / n, 0.9 / n, 1.0 / n, 1 - 0.5 / n, 0.5, 0.55, 0.7, 0.95]
        xs += [math.sqrt(c / n) for c in [0.005, 0.05, 0.3, 0.6, 0.75, 1.0, 1.5, 2.1, 2.3, 3.0, 3.9, 4.1, 6, 10, 17, 19, 40, 100, 300, 369, 371]]
        for x in xs:
            if 0 < x < 1:
                out.append({"n": n, "x": x, "sf": float(st.kstwo.sf(x, n))})
    return out


def chi2_grid():
    out = []
    for dof in [1, 2, 3, 4, 5, 7, 10, 16, 23, 37, 50, 99, 143, 250]:
        for x in [1e-8, 0.01, 0.3, 1, 2, 5, dof * 0.5, dof * 1.0, dof + 0.5, dof * 2, dof * 5, 50, 200, 800, 1400]:
            out.append({"dof": dof, "x": float(x), "sf": float(st.chi2.sf(x, dof))})
    return out


def corrections():
    out = []
    for i in range(200):
        m = int(RNG.integers(1, 30))
        p = RNG.uniform(0, 1, m) ** RNG.choice([1, 3, 8])
        if i % 5 == 0:
            p[RNG.integers(0, m)] = p[0]  # ties
        p = [float(v) for v in p]
        out.append({
            "p": p,
            "bonferroni": [float(v) for v in np.minimum(1, np.asarray(p) * m)],
            "benjamini_hochberg": [float(v) for v in st.false_discovery_control(p, method="bh")],
        })
    return out


def regression():
    out = []
    for i in range(200):
        n = int(RNG.choice([2, 3, 5, 30, 200]))  # R² needs two samples
        y = RNG.normal(20, 8, n)
        if i % 10 == 0:
            y[0] = 0.0  # MAPE's epsilon denominator
        if i % 17 == 0:
            y = np.full(n, 4.0)  # constant target
        pred = y + RNG.normal(0, RNG.choice([0.0, 0.5, 5.0]), n)
        y, pred = compact(y), compact(pred)
        out.append({
            "actual": y, "predicted": pred,
            "mae": metrics.mean_absolute_error(y, pred),
            "rmse": math.sqrt(metrics.mean_squared_error(y, pred)),
            "mape": metrics.mean_absolute_percentage_error(y, pred),
            "r2": metrics.r2_score(y, pred),
            "mean_error": float(np.mean(np.asarray(pred) - np.asarray(y))),
        })
    return out


def binary():
    out = []
    for i in range(200):
        n = int(RNG.choice([1, 2, 5, 40, 300]))
        y = RNG.integers(0, 2, n)
        prob = np.clip(y * RNG.uniform(0.2, 0.9) + RNG.uniform(0, 0.6, n), 0, 1)
        if i % 7 == 0:
            prob = np.round(prob, 1)  # tied scores
        if i % 19 == 0:
            prob[0] = 0.0  # log-loss clipping
        prob = compact(prob)
        pred = (np.asarray(prob) >= 0.5).astype(int)
        case = {
            "actual": [int(v) for v in y], "probability": prob,
            "accuracy": metrics.accuracy_score(y, pred),
            "precision": metrics.precision_score(y, pred, zero_division=0),
            "recall": metrics.recall_score(y, pred, zero_division=0),
            "f1": metrics.f1_score(y, pred, zero_division=0),
            "log_loss": metrics.log_loss(y, prob, labels=[0, 1]),
        }
        if len(set(y.tolist())) == 2:
            case["roc_auc"] = metrics.roc_auc_score(y, prob)
        out.append(case)
    return out


def multiclass():
    out = []
    for i in range(200):
        n = int(RNG.choice([1, 3, 20, 200]))
        k = int(RNG.integers(2, 7))
        y = RNG.integers(0, k, n)
        pred = np.where(RNG.random(n) < 0.6, y, RNG.integers(0, k + 1, n))
        labels = [f"class_{v}" for v in y]
        predicted = [f"class_{v}" for v in pred]
        out.append({
            "actual": labels, "predicted": predicted,
            "accuracy": metrics.accuracy_score(labels, predicted),
            "macro_f1": metrics.f1_score(labels, predicted, average="macro", zero_division=0),
        })
    return out


RIDES = os.path.join(os.path.dirname(__file__), "..", "examples", "rides")
MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "NULL"}


def read_csv_columns(path):
    import csv
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [row[key] for row in rows] for key in rows[0]}, len(rows)


def rides_check():
    """Per-column drift measures of the bundled example data, computed with scipy/numpy alone."""
    numeric = ["pickup_hour", "trip_distance", "passenger_count", "duration", "predicted_duration"]
    categorical = ["weekday", "PU_location", "DO_location", "PU_DO", "payment_type"]
    ref, n_ref = read_csv_columns(os.path.join(RIDES, "reference.csv"))
    cur, n_cur = read_csv_columns(os.path.join(RIDES, "current.csv"))
    columns = []
    for name in numeric:
        r = np.array([float(v) for v in ref[name] if v not in MISSING])
        c = np.array([float(v) for v in cur[name] if v not in MISSING])
        ks = st.ks_2samp(r, c)
        edges = psi_bins(r, 10)
        rh, _ = np.histogram(r, bins=edges)
        ch, _ = np.histogram(c, bins=edges)
        columns.append({
            "name": name, "kind": "numeric",
            "missing_ratio": {"reference": 1 - len(r) / n_ref, "current": 1 - len(c) / n_cur},
            "ks": {"statistic": float(ks.statistic), "p_value": float(ks.pvalue)},
            "psi": psi_from_counts(rh, ch),
            "jensen_shannon": float(jensenshannon(rh, ch)),
            "wasserstein_normed": float(st.wasserstein_distance(r, c) / max(np.std(r), 0.001)),
        })
    for name in categorical:
        cats = sorted(set(ref[name]) | set(cur[name]))
        rc = np.array([ref[name].count(k) for k in cats])
        cc = np.array([cur[name].count(k) for k in cats])
        stat, pv, dof, _ = st.chi2_contingency(np.array([rc, cc]), correction=False)
        columns.append({
            "name": name, "kind": "categorical",
            "missing_ratio": {"reference": 0.0, "current": 0.0},
            "chi_square": {"statistic": float(stat), "p_value": float(pv), "dof": int(dof)},
            "psi": psi_from_counts(rc, cc),
            "jensen_shannon": float(jensenshannon(rc, cc)),
        })
    return columns


def write(name, cases, out=OUT):
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump({"generated_by": VERSIONS, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
    print(f"{name}: {len(cases)} cases, {os.path.getsize(path) // 1024} KiB", file=sys.stderr)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("numeric.json", numeric_cases())
    write("categorical.json", categorical_cases())
    write("kolmogorov.json", kolmogorov_grid())
    write("chi2.json", chi2_grid())
    write("corrections.json", corrections())
    write("regression.json", regression())
    write("binary.json", binary())
    write("multiclass.json", multiclass())
    report_fixtures = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftwatchReportTests", "Fixtures")
    os.makedirs(report_fixtures, exist_ok=True)
    write("rides.json", rides_check(), out=report_fixtures)

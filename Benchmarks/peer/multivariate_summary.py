#!/usr/bin/env python3
"""Medians and ratios of scripts/benchmark-multivariate's speed lines (standard input)."""
import statistics
import sys


def main():
    rows = [line.split() for line in sys.stdin if line.strip()]

    def median(tool, name):
        values = [float(f[f.index(name) + 1]) for f in rows if f[0] == tool and name in f]
        return statistics.median(values) if values else float("nan")

    d = {n: median("driftwatch", n) for n in ("columns", "profile", "pca_reconstruction", "domain_classifier", "domain_classifier_all_rows")}
    p = {n: median("nannyml", n) for n in ("pca_fit", "pca_reconstruction", "dc_fit", "domain_classifier")}
    for fields in rows[-2:]:
        print("last run:", " ".join(fields))
    runs = sum(1 for f in rows if f[0] == "driftwatch")
    print(f"medians of {runs} runs")
    print(f"PCA reconstruction, evaluation: Driftwatch {d['pca_reconstruction']:.4f} s, NannyML {p['pca_reconstruction']:.3f} s: "
          f"{p['pca_reconstruction'] / d['pca_reconstruction']:.1f}x")
    print(f"  fit: Driftwatch's profile (PCA, errors, sample) {d['profile']:.3f} s, NannyML's fit {p['pca_fit']:.3f} s")
    print(f"domain classifier, evaluation: Driftwatch {d['domain_classifier']:.3f} s (defaults: 5,000 reference and 5,000 window rows), "
          f"NannyML {p['domain_classifier']:.3f} s (every row): {p['domain_classifier'] / d['domain_classifier']:.1f}x")
    print(f"  every row on both sides: Driftwatch {d['domain_classifier_all_rows']:.3f} s: {p['domain_classifier'] / d['domain_classifier_all_rows']:.2f}x")
    print(f"  NannyML's fit (its reference chunks): {p['dc_fit']:.3f} s")
    print(f"the agent's evaluation of such a window: per-column tests {d['columns']:.3f} s, "
          f"with both multivariate methods {d['columns'] + d['pca_reconstruction'] + d['domain_classifier']:.3f} s (off the scrape path)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes examples/prometheus/demo/: the shipped rules and Alertmanager routing with demo-sized
timings, for `driftwatch demo --trigger alertmanager` (whose scenario lasts seconds, while the
shipped rules wait minutes before they fire). Only the timings differ from alerts/: every `for:`
becomes 10s, rule groups are evaluated every 5s, Alertmanager groups and repeats within seconds.
RulesAndDashboardsTests checks that the files equal what this script writes from alerts/.

Usage: scripts/generate_demo_stack.py [--check]   (no dependencies; rerun after editing alerts/, commit
both; --check writes nothing and exits 1 when a file differs from what it would write)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "prometheus", "demo")
HEADER = "# Written by scripts/generate_demo_stack.py from alerts/{name}: demo-sized timings only.\n"


def rules(text):
    text = re.sub(r"for: \d+[smh]", "for: 10s", text)
    return text.replace("interval: 30s", "interval: 5s")


def routing(text):
    return text.replace("group_wait: 30s", "group_wait: 2s").replace("group_interval: 5m", "group_interval: 5s").replace("repeat_interval: 4h", "repeat_interval: 1m")


PROMETHEUS = """# Prometheus for `driftwatch demo --trigger alertmanager` (written by scripts/generate_demo_stack.py):
#   prometheus --config.file=examples/prometheus/demo/prometheus.yml
#   prometheus-alertmanager --config.file=examples/prometheus/demo/alertmanager.yml
#   swift run driftwatch demo --trigger alertmanager
global:
  scrape_interval: 1s
  evaluation_interval: 1s

rule_files:
  - driftwatch-recording.rules.yml
  - driftwatch-alerts.rules.yml

alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:9093"]

scrape_configs:
  - job_name: driftwatch-agent
    static_configs:
      - targets: ["127.0.0.1:9100"]
  - job_name: driftwatch-predictor
    static_configs:
      - targets: ["127.0.0.1:9696"]
"""


def expected():
    """Each file of the demo stack and its text."""
    files = {"prometheus.yml": PROMETHEUS}
    for name, transform in (("driftwatch-recording.rules.yml", rules), ("driftwatch-alerts.rules.yml", rules), ("alertmanager.yml", routing)):
        with open(os.path.join(ROOT, "alerts", name)) as f:
            files[name] = HEADER.format(name=name) + transform(f.read())
    return files


def main():
    if "--check" in sys.argv[1:]:
        stale = []
        for name, text in expected().items():
            path = os.path.join(OUT, name)
            if not os.path.exists(path) or open(path).read() != text:
                stale.append(name)
        if stale:
            print(f"examples/prometheus/demo/ is stale ({', '.join(stale)}): run scripts/generate_demo_stack.py", file=sys.stderr)
            sys.exit(1)
        return
    os.makedirs(OUT, exist_ok=True)
    for name, text in expected().items():
        with open(os.path.join(OUT, name), "w") as f:
            f.write(text)
        print(f"wrote examples/prometheus/demo/{name}")


if __name__ == "__main__":
    main()

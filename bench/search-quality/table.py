#!/usr/bin/python3
"""The search-quality table: per objective and sampler, the median over seeds of the best value after each budget.

Reads the JSON lines of `SweepCluster.Engine.Bench quality` and of optuna_study.py (files given, or stdin); prints
Markdown. Lower is better. The interquartile range follows each median in brackets.
"""
import json
import statistics
import sys
from collections import defaultdict

BUDGETS = ("20", "50", "100")
ORDER = ("sweepcluster-tpe", "sweepcluster-tpe-optuna31", "optuna-tpe", "sweepcluster-random", "optuna-random")


def quartiles(values):
    q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
    return q[0], statistics.median(values), q[2]


def main():
    rows = defaultdict(list)
    files = sys.argv[1:] or ["-"]
    for name in files:
        handle = sys.stdin if name == "-" else open(name)
        for line in handle:
            line = line.strip()
            if line.startswith("{"):
                study = json.loads(line)
                rows[(study["objective"], study["sampler"])].append(study["best"])
    print("| objective | sampler | seeds | " + " | ".join(f"best after {b} (median [IQR])" for b in BUDGETS) + " |")
    print("|---|---|---:|" + "---:|" * len(BUDGETS))
    for objective in sorted({o for o, _ in rows}, key=lambda o: (o != "quadratic", o)):
        for sampler in sorted({s for o, s in rows if o == objective}, key=lambda s: ORDER.index(s) if s in ORDER else 99):
            studies = rows[(objective, sampler)]
            cells = []
            for b in BUDGETS:
                values = [s[b] for s in studies if b in s]
                if not values:
                    cells.append("—")
                    continue
                low, mid, high = quartiles(values)
                cells.append(f"{mid:.4g} [{low:.4g}, {high:.4g}]")
            print(f"| {objective} | {sampler} | {len(studies)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

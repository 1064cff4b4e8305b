#!/usr/bin/python3
"""The search-quality table: per objective and sampler, the median over seeds of the best value after each budget.

Reads the JSON lines of `SweepCluster.Engine.Bench quality` and of optuna_study.py (files given, or stdin); prints
Markdown. Lower is better. The interquartile range follows each median in brackets. A second table compares each
sampler with Optuna's TPE seed against seed: the probability that a study of it ends better than one of Optuna's
(0.5: no difference; ties count a half) and the Mann-Whitney z (negative: ours lower; |z| > 2 is unlikely by chance).
"""
import json
import statistics
import sys
from collections import defaultdict

BUDGETS = ("20", "50", "100")
ORDER = ("sweepcluster-tpe", "sweepcluster-tpe-normalised", "optuna-tpe", "sweepcluster-random", "optuna-random")


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
    print()
    print("| objective | sampler vs optuna-tpe | " + " | ".join(f"after {b}: P(better), z" for b in BUDGETS) + " |")
    print("|---|---|" + "---:|" * len(BUDGETS))
    for objective in sorted({o for o, _ in rows}, key=lambda o: (o != "quadratic", o)):
        reference = rows.get((objective, "optuna-tpe"))
        if not reference:
            continue
        for sampler in sorted({s for o, s in rows if o == objective and s != "optuna-tpe"}, key=lambda s: ORDER.index(s) if s in ORDER else 99):
            cells = []
            for b in BUDGETS:
                ours = [s[b] for s in rows[(objective, sampler)] if b in s]
                theirs = [s[b] for s in reference if b in s]
                if not ours or not theirs:
                    cells.append("—")
                    continue
                better, z = compare(ours, theirs)
                cells.append(f"{better:.2f}, {z:+.1f}")
            print(f"| {objective} | {sampler} | " + " | ".join(cells) + " |")


def compare(ours, theirs):
    """P(a study of ours ends lower than one of theirs), ties a half; and the Mann-Whitney z of ours being lower."""
    wins = sum(1.0 if a < b else 0.5 if a == b else 0.0 for a in ours for b in theirs)
    n1, n2 = len(ours), len(theirs)
    u = n1 * n2 - wins                      # U of ours being higher: small when ours is lower
    sd = (n1 * n2 * (n1 + n2 + 1) / 12) ** 0.5
    return wins / (n1 * n2), (u - n1 * n2 / 2) / sd if sd > 0 else 0.0


if __name__ == "__main__":
    main()

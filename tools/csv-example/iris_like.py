#!/usr/bin/env python3
"""Writes examples/data/iris-like.csv: 300 rows, three classes of 100, four measurements each.

The rows are drawn from Gaussians around the mean and spread of each species of Fisher's iris data, with a fixed
seed, so the file is the same on every run (standard library only: python3 tools/csv-example/iris_like.py).
"""
import os
import random

SPECIES = [
    # means and standard deviations of sepal length, sepal width, petal length, petal width (cm)
    ((5.01, 3.43, 1.46, 0.25), (0.35, 0.38, 0.17, 0.11)),
    ((5.94, 2.77, 4.26, 1.33), (0.52, 0.31, 0.47, 0.20)),
    ((6.59, 2.97, 5.55, 2.03), (0.64, 0.32, 0.55, 0.27)),
]
ROWS_PER_CLASS = 100


def main() -> None:
    rng = random.Random(20260101)
    rows = []
    for label, (means, spreads) in enumerate(SPECIES):
        for _ in range(ROWS_PER_CLASS):
            values = [max(0.1, round(rng.gauss(m, s), 1)) for m, s in zip(means, spreads)]
            rows.append(values + [label])
    rng.shuffle(rows)
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "data", "iris-like.csv")
    with open(target, "w", newline="\n", encoding="ascii") as out:
        out.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
        for row in rows:
            out.write(",".join(f"{v:.1f}" for v in row[:4]) + f",{row[4]}\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Logistic regression by mini-batch SGD on generated data, in plain Python (no numpy, no torch).

It knows nothing of SweepCluster: it takes its settings on the command line and prints one line an epoch,

    epoch 3 train_loss=0.412300 val_loss=0.441000 val_acc=0.8750

which the spec's "format": "regex" pattern turns into reports. A program you cannot or would not change is swept
the same way: write a pattern for what it already prints.
"""
import argparse
import math
import random


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def loss_and_accuracy(w, b, rows):
    total, right = 0.0, 0
    for x, y in rows:
        z = sum(wi * xi for wi, xi in zip(w, x)) + b
        # log(1 + e^-z) for y = 1 and log(1 + e^z) for y = 0, without overflow
        m = -z if y == 1 else z
        total += max(m, 0.0) + math.log1p(math.exp(-abs(m)))
        right += (z >= 0) == (y == 1)
    return total / len(rows), right / len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    features = 10
    truth = [rng.gauss(0, 1) for _ in range(features)]
    rows = []
    for _ in range(1200):
        x = [rng.gauss(0, 1) for _ in range(features)]
        p = sigmoid(sum(t * xi for t, xi in zip(truth, x)))
        rows.append((x, 1 if rng.random() < p else 0))
    train, validation = rows[:1000], rows[1000:]

    w, b = [0.0] * features, 0.0
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(train)
        for start in range(0, len(train), args.batch_size):
            batch = train[start:start + args.batch_size]
            grad_w, grad_b = [0.0] * features, 0.0
            for x, y in batch:
                error = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b) - y
                for i in range(features):
                    grad_w[i] += error * x[i]
                grad_b += error
            w = [wi - args.lr * g / len(batch) for wi, g in zip(w, grad_w)]
            b -= args.lr * grad_b / len(batch)
        epoch_loss, _ = loss_and_accuracy(w, b, train)
        val_loss, val_acc = loss_and_accuracy(w, b, validation)
        print("epoch %d train_loss=%.6f val_loss=%.6f val_acc=%.4f" % (epoch, epoch_loss, val_loss, val_acc), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch reference values for the engine's data models, written as JSON for tests/Engine.Tests (no Python at test time).

For each case: a fixed batch, the parameters in the ENGINE's layout, the loss and the full gradient there (float32),
and 20 steps of plain SGD on that batch (the loss before each step, and the parameters after the last).

Engine layout (src/Engine/Models/DenseLayer.cs): per layer, W as [in][out] row-major (the transpose of
nn.Linear.weight) then the bias; layers in order. The loss adds (l2/2)·Σ‖W‖² over weight matrices, not biases.

Run from the repository root:  /usr/bin/python3 tools/torch-reference/models_reference.py
(Debian's python3-torch 1.13 and numpy; one thread, deterministic.)
"""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests/Engine.Tests/TestData/torch/models"
STEPS = 20
torch.set_num_threads(1)


def batch(rows, features, seed, zero_fraction=0.5):
    """Features in [0, 1) with exact zeros, as MNIST-like rows: the engine skips zeros, the reference must not care."""
    rng = np.random.default_rng(seed)
    x = rng.random((rows, features), dtype=np.float32)
    x[rng.random((rows, features)) < zero_fraction] = 0.0
    return x, rng


def flat(layers):
    parts = []
    for layer in layers:
        parts.append(layer.weight.detach().numpy().T.reshape(-1))
        parts.append(layer.bias.detach().numpy().reshape(-1))
    return np.concatenate(parts).astype(np.float32)


def flat_grad(layers):
    parts = []
    for layer in layers:
        parts.append(layer.weight.grad.numpy().T.reshape(-1))
        parts.append(layer.bias.grad.numpy().reshape(-1))
    return np.concatenate(parts).astype(np.float32)


def run(case, layers, objective, lr):
    """objective(layers) -> scalar loss (l2 included). Records loss+gradient at the start, then SGD."""
    params = [p for layer in layers for p in (layer.weight, layer.bias)]
    case["parameters"] = flat(layers).tolist()
    loss = objective(layers)
    loss.backward()
    case["loss"] = float(loss.item())
    case["gradient"] = flat_grad(layers).tolist()
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = objective(layers)
        losses.append(float(loss.item()))
        loss.backward()
        optimizer.step()
    case["learningRate"] = lr
    case["sgdLosses"] = losses
    case["sgdFinalParameters"] = flat(layers).tolist()
    return case


def penalty(layers, l2):
    return 0.5 * l2 * sum((layer.weight ** 2).sum() for layer in layers)


def classifier_case(name, kind, features, hidden, classes, activation, l2, rows, seed, lr, zero_fraction=0.5):
    x, rng = batch(rows, features, seed, zero_fraction)
    labels = rng.integers(0, classes, rows)
    torch.manual_seed(seed)
    sizes = [features, *hidden, classes]
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
    act = torch.relu if activation == "relu" else torch.tanh
    xt, yt = torch.from_numpy(x), torch.from_numpy(labels)

    def objective(layers):
        h = xt
        for layer in layers[:-1]:
            h = act(layer(h))
        return F.cross_entropy(layers[-1](h), yt) + penalty(layers, l2)

    case = dict(name=name, model=kind, rows=rows, features=features, classes=classes, hidden=hidden,
                activation=activation, l2=l2, x=x.reshape(-1).tolist(), labels=labels.tolist(), targets=None)
    return run(case, layers, objective, lr)


def linear_case(name, kind, features, l2, rows, seed, lr):
    x, rng = batch(rows, features, seed)
    torch.manual_seed(seed)
    layer = torch.nn.Linear(features, 1)
    xt = torch.from_numpy(x)
    if kind == "logistic":
        labels = rng.integers(0, 2, rows)
        target = torch.from_numpy(labels.astype(np.float32))
        extra = dict(classes=2, labels=labels.tolist(), targets=None)

        def objective(layers):
            return F.binary_cross_entropy_with_logits(layers[0](xt).squeeze(1), target) + penalty(layers, l2)
    else:
        targets = (x @ rng.normal(size=features).astype(np.float32) + 0.1 * rng.normal(size=rows)).astype(np.float32)
        target = torch.from_numpy(targets)
        extra = dict(classes=0, labels=None, targets=targets.tolist())

        def objective(layers):
            return 0.5 * F.mse_loss(layers[0](xt).squeeze(1), target) + penalty(layers, l2)

    case = dict(name=name, model=kind, rows=rows, features=features, hidden=[], activation=None, l2=l2,
                x=x.reshape(-1).tolist(), **extra)
    return run(case, [layer], objective, lr)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cases = [
        classifier_case("softmax", "softmax", 20, [], 3, None, 0.01, 16, 1, 0.5),
        classifier_case("mlp-relu", "mlp", 20, [8], 3, "relu", 0.01, 16, 2, 0.5),
        classifier_case("mlp-tanh", "mlp", 20, [8], 3, "tanh", 0.01, 16, 3, 0.5),
        classifier_case("mlp-relu-deep", "mlp", 33, [17, 9], 10, "relu", 0.001, 40, 4, 0.2),
        # First layer above 32 KB, MNIST-like sparsity: the engine's column-wise weight-gradient path.
        classifier_case("mlp-relu-wide", "mlp", 100, [96], 10, "relu", 0.001, 50, 7, 0.2, zero_fraction=0.8),
        linear_case("logistic", "logistic", 20, 0.01, 16, 5, 0.5),
        linear_case("least-squares", "least-squares", 20, 0.01, 16, 6, 0.2),
    ]
    for case in cases:
        path = OUT / f"{case['name']}.json"
        # One line per field: readable, and a regenerated file diffs field by field.
        path.write_text("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in case.items()) + "\n}\n")
        print(f"{path.relative_to(OUT.parents[4])}: loss {case['loss']:.6f}, after {STEPS} SGD steps {case['sgdLosses'][-1]:.6f}")


if __name__ == "__main__":
    main()

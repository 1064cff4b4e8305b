#!/usr/bin/env python3
"""PyTorch 1.13 float32 trajectories of every optimizer (and a few schedules) on softmax and MLP, for the engine's tests.

Each case trains on one fixed batch (full batch, so the order of rows cannot matter) from the same initial parameters
in the engine's layout, and records per step the rate PyTorch used and the loss before the step. The tests rebuild
the model, optimizer and schedule from the case's spec sections and must agree to 1e-4 relative (float32).

Run from the repository root:  /usr/bin/python3 tools/torch-reference/float32_training_reference.py
"""
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from models_reference import batch, flat, penalty  # noqa: E402
from quadratic_reference import make_optimizer, make_scheduler  # noqa: E402

torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests/Engine.Tests/TestData/torch/float32"
STEPS = 25

MODELS = {
    "softmax": dict(model={"kind": "softmax", "l2": 0.01}, features=20, hidden=[], classes=3, activation=None, rows=32, seed=11),
    "mlp": dict(model={"kind": "mlp", "hidden": [8], "activation": "tanh", "l2": 0.001}, features=20, hidden=[8], classes=3,
                activation="tanh", rows=32, seed=12),
}

OPTIMIZERS = [
    ("sgd", {"kind": "sgd", "learningRate": 0.5}),
    ("sgd-momentum", {"kind": "sgd", "learningRate": 0.2, "momentum": 0.9, "dampening": 0.1, "weightDecay": 0.01}),
    ("sgd-nesterov", {"kind": "sgd", "learningRate": 0.2, "momentum": 0.9, "nesterov": True}),
    ("adagrad", {"kind": "adagrad", "learningRate": 0.1, "initialAccumulator": 0.1, "lrDecay": 0.01}),
    ("rmsprop", {"kind": "rmsprop", "learningRate": 0.01}),
    ("rmsprop-centered-momentum", {"kind": "rmsprop", "learningRate": 0.005, "centered": True, "momentum": 0.5, "weightDecay": 0.01}),
    ("adam", {"kind": "adam", "learningRate": 0.01}),
    ("adam-amsgrad", {"kind": "adam", "learningRate": 0.02, "amsgrad": True, "weightDecay": 0.01}),
    ("adamw", {"kind": "adamw", "learningRate": 0.02}),
    ("adadelta", {"kind": "adadelta", "learningRate": 1.0, "rho": 0.95}),
]

SCHEDULES = [
    ("constant", {"kind": "constant"}),
    ("cosine-warmup", {"kind": "cosine", "tMax": 15, "warmup": {"steps": 5, "startFactor": 0.2}}),
    ("one-cycle", {"kind": "one-cycle", "totalSteps": STEPS, "pctStart": 0.3}),
    ("step", {"kind": "step", "stepSize": 7, "gamma": 0.5}),
]


def layers_for(m):
    torch.manual_seed(m["seed"])
    sizes = [m["features"], *m["hidden"], m["classes"]]
    return [torch.nn.Linear(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]


def trajectory(m, x, labels, optimizer, schedule):
    layers = layers_for(m)
    params = [p for layer in layers for p in (layer.weight, layer.bias)]
    start = flat(layers).tolist()
    opt = make_optimizer(params, optimizer)
    sched = make_scheduler(opt, schedule, optimizer["learningRate"], STEPS)
    act = torch.tanh if m["activation"] == "tanh" else torch.relu
    xt, yt, l2 = torch.from_numpy(x), torch.from_numpy(labels), m["model"]["l2"]

    def objective():
        h = xt
        for layer in layers[:-1]:
            h = act(layer(h))
        return F.cross_entropy(layers[-1](h), yt) + penalty(layers, l2)

    rows = []
    for t in range(STEPS):
        rate = opt.param_groups[0]["lr"]
        opt.zero_grad()
        loss = objective()
        rows.append({"step": t, "learningRate": rate, "trainLoss": float(loss.item())})
        loss.backward()
        opt.step()
        sched.step()
    return start, rows


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    count = 0
    for model_name, m in MODELS.items():
        x, rng = batch(m["rows"], m["features"], m["seed"])
        labels = rng.integers(0, m["classes"], m["rows"])
        for opt_name, optimizer in OPTIMIZERS:
            schedules = SCHEDULES if opt_name in ("sgd-momentum", "adam") else SCHEDULES[:1]
            for sched_name, schedule in schedules:
                start, rows = trajectory(m, x, labels, optimizer, schedule)
                name = f"{model_name}-{opt_name}-{sched_name}"
                case = {"name": name, "torch": torch.__version__, "model": m["model"], "optimizer": optimizer,
                        "schedule": schedule, "rows": m["rows"], "features": m["features"], "classes": m["classes"],
                        "x": x.reshape(-1).tolist(), "labels": labels.tolist(), "parameters": start, "expected": rows}
                (OUT / f"{name}.json").write_text(
                    "{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in case.items()) + "\n}\n")
                count += 1
    print(f"wrote {count} cases to {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference trajectories from PyTorch itself for SweepCluster's optimizers and schedules.

Runs torch.optim (single-tensor paths, foreach=False) and torch.optim.lr_scheduler in float64 on small quadratics
f(x) = 1/2 x^T Q x - b^T x with the exact gradient Qx - b, and writes one JSON file per case:

    {"spec": <a SweepCluster spec, docs/spec.md names; for the quadratic one epoch is one step>,
     "torch": {"version", "optimizer", "scheduler"}          # the PyTorch objects that produced it
     "harness": {...}                                         # only for reduce-on-plateau: when it observes
     "expected": [{"step", "learningRate", "trainLoss"}, ...],
     "finalParameters": [...]}

learningRate is param_groups[0]["lr"] when the step is taken and trainLoss is f(x) just before it. The scheduler is
stepped once after every optimizer step, as docs/spec.md says. The output is committed
(tests/Engine.Tests/TestData/torch); the C# tests never run Python.

Also writes plateau/*.json (ReduceLROnPlateau driven by fixed metric sequences, min and max mode) and
schedules/*.json (every closed-form schedule alone, with and without warmup, over 1,000 steps: the rates only).

Usage (Debian's python3-torch 1.13):  /usr/bin/python3 tools/torch-reference/quadratic_reference.py [OUTPUT_DIR]
"""

import json
import math
import os
import sys
import warnings

import torch
from torch.optim import lr_scheduler as L

torch.set_default_dtype(torch.float64)
# SequentialLR restarts the inner scheduler with step(0), which warns that the epoch argument is deprecated.
warnings.filterwarnings("ignore", category=UserWarning)

STEPS = 80

PROBLEMS = {
    # A dense SPD matrix (diagonally dominant), eigenvalues about 0.8 to 5: off-diagonal terms couple the coordinates.
    "spd4": {
        "kind": "quadratic",
        "hessian": [[4.0, 1.0, 0.5, 0.2], [1.0, 3.0, 0.3, 0.1], [0.5, 0.3, 2.0, 0.4], [0.2, 0.1, 0.4, 1.0]],
        "linear": [1.0, -2.0, 0.5, 3.0],
        "start": [2.0, -1.0, 0.5, 1.5],
    },
    # Diagonal, condition number 40: SGD is stable below 2/40.
    "diag3": {"kind": "quadratic", "eigenvalues": [1.0, 10.0, 40.0], "linear": [1.0, -1.0, 2.0], "start": [1.0, 1.0, 1.0]},
}


def hessian(model):
    if "hessian" in model:
        return torch.tensor(model["hessian"])
    return torch.diag(torch.tensor(model["eigenvalues"]))


# ---- optimizers: OUR spec (docs/spec.md defaults, which are PyTorch's) -> torch.optim ----

def make_optimizer(params, spec):
    kind, lr, wd = spec["kind"], spec.get("learningRate"), spec.get("weightDecay", 0.0)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.0), dampening=spec.get("dampening", 0.0),
                               weight_decay=wd, nesterov=spec.get("nesterov", False), foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, lr_decay=spec.get("lrDecay", 0.0), weight_decay=wd,
                                   initial_accumulator_value=spec.get("initialAccumulator", 0.0),
                                   eps=spec.get("eps", 1e-10), foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=spec.get("alpha", 0.99), eps=spec.get("eps", 1e-8),
                                   weight_decay=wd, momentum=spec.get("momentum", 0.0),
                                   centered=spec.get("centered", False), foreach=False)
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(params, lr=lr, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)), eps=spec.get("eps", 1e-8),
                   weight_decay=spec.get("weightDecay", 0.0 if kind == "adam" else 0.01),
                   amsgrad=spec.get("amsgrad", False), foreach=False)
    if kind == "adadelta":
        return torch.optim.Adadelta(params, lr=spec.get("learningRate", 1.0), rho=spec.get("rho", 0.9),
                                    eps=spec.get("eps", 1e-6), weight_decay=wd, foreach=False)
    raise ValueError(kind)


# ---- schedules: OUR spec -> torch.optim.lr_scheduler ----

def make_inner(opt, spec, lr, total):
    kind = spec["kind"]
    if kind == "constant":
        return L.LambdaLR(opt, lambda t: 1.0)
    if kind == "step":
        return L.StepLR(opt, step_size=spec["stepSize"], gamma=spec.get("gamma", 0.1))
    if kind == "multistep":
        return L.MultiStepLR(opt, milestones=spec["milestones"], gamma=spec.get("gamma", 0.1))
    if kind == "exponential":
        return L.ExponentialLR(opt, gamma=spec["gamma"])
    if kind == "inverse-time":
        decay = spec["decay"]
        return L.LambdaLR(opt, lambda t: 1.0 / (1.0 + decay * t))
    if kind == "cosine":
        return L.CosineAnnealingLR(opt, T_max=spec["tMax"], eta_min=spec.get("etaMin", 0.0))
    if kind == "cosine-restarts":
        return L.CosineAnnealingWarmRestarts(opt, T_0=spec["t0"], T_mult=spec.get("tMult", 1),
                                             eta_min=spec.get("etaMin", 0.0))
    if kind == "cyclic":
        return L.CyclicLR(opt, base_lr=spec["baseLr"], max_lr=spec.get("maxLr", lr),
                          step_size_up=spec.get("stepSizeUp", 2000), step_size_down=spec.get("stepSizeDown"),
                          mode=spec.get("mode", "triangular"), gamma=spec.get("gamma", 1.0), cycle_momentum=False)
    if kind == "one-cycle":
        return L.OneCycleLR(opt, max_lr=spec.get("maxLr", lr), total_steps=spec.get("totalSteps", total),
                            pct_start=spec.get("pctStart", 0.3), anneal_strategy=spec.get("anneal", "cos"),
                            div_factor=spec.get("divFactor", 25.0), final_div_factor=spec.get("finalDivFactor", 1e4),
                            three_phase=False, cycle_momentum=False)
    raise ValueError(kind)


def make_scheduler(opt, spec, lr, total, linear_lr_warmup=True):
    """The inner schedule, behind SequentialLR([warmup, inner], milestones=[N]) when spec has a warmup.

    The warmup is LinearLR(start_factor=f, end_factor=1, total_iters=N), except for one-cycle: OneCycleLR overwrites
    the group's initial_lr with max_lr/div_factor, and SequentialLR resets the rate to that, so a (chainable) LinearLR
    would ramp to max_lr/div_factor instead of eta. A LambdaLR with the same factor keeps eta (its base_lrs are taken
    before OneCycleLR is built) and gives what docs/spec.md describes; linear_lr_warmup=True shows the quirk.
    """
    if spec["kind"] == "reduce-on-plateau":
        mode = "max" if spec.get("metric", "validationLoss") == "validationAccuracy" else "min"
        return L.ReduceLROnPlateau(opt, mode=mode, factor=spec.get("factor", 0.1), patience=spec.get("patience", 10),
                                   threshold=spec.get("threshold", 1e-4), threshold_mode="rel", cooldown=0, min_lr=0,
                                   eps=1e-8)
    warmup = spec.get("warmup")
    if not warmup:
        return make_inner(opt, spec, lr, total)
    n, f = warmup["steps"], warmup.get("startFactor", 1.0 / 3.0)
    if spec["kind"] == "one-cycle" and not linear_lr_warmup:
        first = L.LambdaLR(opt, lambda t: f + (1.0 - f) * t / n)
    else:
        first = L.LinearLR(opt, start_factor=f, end_factor=1.0, total_iters=n)
    inner = make_inner(opt, spec, lr, total - n)
    return L.SequentialLR(opt, [first, inner], milestones=[n])


def describe(obj):
    if isinstance(obj, L.SequentialLR):
        return "SequentialLR([" + ", ".join(describe(s) for s in obj._schedulers) + f"], milestones={obj._milestones})"
    return type(obj).__name__


def run(case, linear_lr_warmup=True):
    spec = case["spec"]
    model, steps = spec["model"], spec["training"]["epochs"]
    q = hessian(model)
    b = torch.tensor(model["linear"])
    x = torch.nn.Parameter(torch.tensor(model["start"]))
    lr = spec["optimizer"].get("learningRate", 1.0)
    opt = make_optimizer([x], spec["optimizer"])
    sched = make_scheduler(opt, spec["schedule"], lr, steps, linear_lr_warmup)
    plateau = isinstance(sched, L.ReduceLROnPlateau)
    every = case.get("harness", {}).get("observeEvery", 1)
    before = case.get("harness", {}).get("observeBefore", False)

    def loss():
        with torch.no_grad():
            return (0.5 * torch.dot(x, q @ x) - torch.dot(b, x)).item()

    rows = []
    for t in range(steps):
        pre = loss()
        rows.append({"step": t, "learningRate": opt.param_groups[0]["lr"], "trainLoss": pre})
        with torch.no_grad():
            x.grad = q @ x - b
        opt.step()
        if plateau:
            if (t + 1) % every == 0:
                sched.step(pre if before else loss())
        else:
            sched.step()
    return rows, x.detach().tolist(), type(opt).__name__, describe(sched)


# ---- the cases ----

def case(name, problem, optimizer, schedule=None, steps=STEPS, harness=None, note=None):
    spec = {
        "name": name,
        "data": {"source": "none"},
        "model": PROBLEMS[problem],
        "optimizer": optimizer,
        "schedule": schedule or {"kind": "constant"},
        "training": {"epochs": steps},
        "search": {"kind": "none"},
    }
    c = {"spec": spec}
    if harness:
        c["harness"] = harness
    if note:
        c["note"] = note
    return c


def optimizer_cases():
    sgd = lambda lr, **kw: {"kind": "sgd", "learningRate": lr, **kw}
    yield case("sgd-plain-spd4", "spd4", sgd(0.1))
    yield case("sgd-plain-diag3", "diag3", sgd(0.045))
    yield case("sgd-momentum-spd4", "spd4", sgd(0.05, momentum=0.9))
    yield case("sgd-momentum-diag3", "diag3", sgd(0.01, momentum=0.9))
    yield case("sgd-dampening-spd4", "spd4", sgd(0.1, momentum=0.9, dampening=0.5))
    yield case("sgd-nesterov-spd4", "spd4", sgd(0.05, momentum=0.9, nesterov=True))
    yield case("sgd-nesterov-diag3", "diag3", sgd(0.02, momentum=0.8, nesterov=True))
    yield case("sgd-weightdecay-spd4", "spd4", sgd(0.1, weightDecay=0.2))
    yield case("sgd-momentum-weightdecay-diag3", "diag3", sgd(0.01, momentum=0.9, weightDecay=0.5))
    yield case("adagrad-plain-spd4", "spd4", {"kind": "adagrad", "learningRate": 0.5})
    yield case("adagrad-plain-diag3", "diag3", {"kind": "adagrad", "learningRate": 0.3})
    yield case("adagrad-initialaccumulator-spd4", "spd4", {"kind": "adagrad", "learningRate": 0.5, "initialAccumulator": 0.1})
    yield case("adagrad-lrdecay-spd4", "spd4", {"kind": "adagrad", "learningRate": 0.8, "lrDecay": 0.05})
    yield case("adagrad-all-diag3", "diag3", {"kind": "adagrad", "learningRate": 0.4, "lrDecay": 0.01,
                                              "initialAccumulator": 0.5, "weightDecay": 0.1, "eps": 1e-6})
    yield case("rmsprop-plain-spd4", "spd4", {"kind": "rmsprop", "learningRate": 0.01})
    yield case("rmsprop-plain-diag3", "diag3", {"kind": "rmsprop", "learningRate": 0.02, "alpha": 0.9})
    yield case("rmsprop-centered-spd4", "spd4", {"kind": "rmsprop", "learningRate": 0.01, "centered": True})
    yield case("rmsprop-momentum-spd4", "spd4", {"kind": "rmsprop", "learningRate": 0.005, "momentum": 0.9})
    yield case("rmsprop-centered-momentum-diag3", "diag3", {"kind": "rmsprop", "learningRate": 0.003, "momentum": 0.8,
                                                            "centered": True, "weightDecay": 0.1})
    yield case("adam-plain-spd4", "spd4", {"kind": "adam", "learningRate": 0.05})
    yield case("adam-plain-diag3", "diag3", {"kind": "adam", "learningRate": 0.1})
    yield case("adam-amsgrad-spd4", "spd4", {"kind": "adam", "learningRate": 0.1, "amsgrad": True})
    yield case("adam-weightdecay-spd4", "spd4", {"kind": "adam", "learningRate": 0.05, "weightDecay": 0.1})
    yield case("adam-betas-diag3", "diag3", {"kind": "adam", "learningRate": 0.05, "beta1": 0.5, "beta2": 0.9,
                                             "eps": 1e-6, "amsgrad": True, "weightDecay": 0.05})
    yield case("adamw-default-spd4", "spd4", {"kind": "adamw", "learningRate": 0.05, "weightDecay": 0.01})
    yield case("adamw-amsgrad-diag3", "diag3", {"kind": "adamw", "learningRate": 0.1, "weightDecay": 0.3, "amsgrad": True})
    yield case("adadelta-default-spd4", "spd4", {"kind": "adadelta", "learningRate": 1.0})
    yield case("adadelta-large-lr-diag3", "diag3", {"kind": "adadelta", "learningRate": 20.0, "rho": 0.95})
    yield case("adadelta-weightdecay-spd4", "spd4", {"kind": "adadelta", "learningRate": 0.3, "eps": 1e-2,
                                                     "weightDecay": 0.2})


SCHEDULES = {
    "step": {"kind": "step", "stepSize": 10, "gamma": 0.5},
    "multistep": {"kind": "multistep", "milestones": [15, 40, 60], "gamma": 0.3},
    "multistep-repeated": {"kind": "multistep", "milestones": [50, 20, 20], "gamma": 0.5},
    "exponential": {"kind": "exponential", "gamma": 0.96},
    "inverse-time": {"kind": "inverse-time", "decay": 0.1},
    "cosine-past-tmax": {"kind": "cosine", "tMax": 30, "etaMin": 0.001},
    "cosine-whole-run": {"kind": "cosine", "tMax": 80},
    "cosine-restarts-tmult1": {"kind": "cosine-restarts", "t0": 10},
    "cosine-restarts-tmult2": {"kind": "cosine-restarts", "t0": 5, "tMult": 2, "etaMin": 0.001},
    "cyclic-triangular": {"kind": "cyclic", "baseLr": 0.005, "stepSizeUp": 7, "stepSizeDown": 5},
    "cyclic-triangular2": {"kind": "cyclic", "baseLr": 0.005, "maxLr": 0.08, "stepSizeUp": 8, "mode": "triangular2"},
    "cyclic-exp-range": {"kind": "cyclic", "baseLr": 0.01, "stepSizeUp": 6, "stepSizeDown": 9, "mode": "exp_range",
                         "gamma": 0.98},
    "one-cycle-cos": {"kind": "one-cycle"},
    "one-cycle-linear": {"kind": "one-cycle", "maxLr": 0.09, "totalSteps": 80, "pctStart": 0.25, "anneal": "linear",
                         "divFactor": 10.0, "finalDivFactor": 100.0},
}

WARMUP = {"steps": 10, "startFactor": 0.1}


def schedule_cases():
    sgd = {"kind": "sgd", "learningRate": 0.05}
    momentum = {"kind": "sgd", "learningRate": 0.02, "momentum": 0.9}
    for i, (name, schedule) in enumerate(SCHEDULES.items()):
        optimizer = momentum if i % 2 else sgd
        problem = "spd4" if i % 3 else "diag3"
        yield case(f"schedule-{name}", problem, optimizer, schedule)
        warm = dict(schedule, warmup=WARMUP)
        note = None
        if schedule["kind"] == "one-cycle":
            note = ("PyTorch quirk: SequentialLR([LinearLR, OneCycleLR]) ramps to maxLr/divFactor, not eta, because "
                    "OneCycleLR overwrites initial_lr. This reference uses LambdaLR(f + (1-f) t/N) as the warmup, which "
                    "is docs/spec.md's behaviour; torchLinearLrRates holds what LinearLR gives.")
        yield case(f"schedule-{name}-warmup", problem, optimizer, warm, note=note)
    yield case("schedule-constant-warmup", "spd4", momentum, {"kind": "constant", "warmup": WARMUP})
    yield case("schedule-exponential-warmup-default-factor", "spd4", sgd,
               {"kind": "exponential", "gamma": 0.97, "warmup": {"steps": 6}})
    yield case("schedule-cosine-warmup-adam", "spd4", {"kind": "adam", "learningRate": 0.1},
               {"kind": "cosine", "tMax": 40, "warmup": {"steps": 15, "startFactor": 0.01}})
    # Reduce-on-plateau on the training loss (negative near the optimum: PyTorch's relative threshold quirk).
    plateau = {"kind": "reduce-on-plateau", "factor": 0.5, "patience": 2, "threshold": 1e-4, "metric": "trainLoss"}
    observe = "trainLoss after the step, passed to ReduceLROnPlateau.step after every observeEvery optimizer steps"
    yield case("plateau-sgd-momentum-every-step", "spd4", {"kind": "sgd", "learningRate": 0.1, "momentum": 0.9},
               plateau, harness={"observeEvery": 1, "observe": observe})
    # What the trainer does on the quadratic (one step per epoch): the epoch's mean batch loss, i.e. f(x) before the step.
    yield case("plateau-sgd-momentum-epoch-mean", "spd4", {"kind": "sgd", "learningRate": 0.1, "momentum": 0.9},
               plateau, harness={"observeEvery": 1, "observeBefore": True,
                                 "observe": "trainLoss before the step (the trainer's epoch mean), after every step"})
    yield case("plateau-sgd-momentum-every-5", "diag3", {"kind": "sgd", "learningRate": 0.04, "momentum": 0.9},
               dict(plateau, patience=1), steps=100, harness={"observeEvery": 5, "observe": observe})
    yield case("plateau-adam-every-4", "spd4", {"kind": "adam", "learningRate": 0.3},
               dict(plateau, factor=0.3, patience=1, threshold=0.01), steps=100,
               harness={"observeEvery": 4, "observe": observe})


# ---- schedules alone, over a long clock ----

def long_schedules():
    """Rates only, 1,000 steps: PyTorch's recursive forms against the closed forms, over many periods."""
    long = {
        "cosine-many-periods": {"kind": "cosine", "tMax": 37, "etaMin": 0.01},
        "cosine-zero-floor": {"kind": "cosine", "tMax": 100},
        "cosine-restarts-tmult3": {"kind": "cosine-restarts", "t0": 4, "tMult": 3, "etaMin": 0.002},
        "cosine-restarts-tmult1": {"kind": "cosine-restarts", "t0": 13},
        "step": {"kind": "step", "stepSize": 7, "gamma": 0.9},
        "multistep": {"kind": "multistep", "milestones": [100, 300, 300, 650], "gamma": 0.5},
        "exponential": {"kind": "exponential", "gamma": 0.995},
        "inverse-time": {"kind": "inverse-time", "decay": 0.01},
        "cyclic-triangular": {"kind": "cyclic", "baseLr": 0.1, "stepSizeUp": 33, "stepSizeDown": 17},
        "cyclic-triangular2": {"kind": "cyclic", "baseLr": 0.1, "maxLr": 0.7, "stepSizeUp": 25, "mode": "triangular2"},
        "cyclic-exp-range": {"kind": "cyclic", "baseLr": 0.05, "stepSizeUp": 20, "mode": "exp_range", "gamma": 0.999},
        "one-cycle-cos": {"kind": "one-cycle", "pctStart": 0.37},
        "one-cycle-linear": {"kind": "one-cycle", "anneal": "linear", "divFactor": 5.0, "finalDivFactor": 50.0},
    }
    steps = 1000
    for name, schedule in long.items():
        for warmup in (None, {"steps": 64, "startFactor": 0.05}):
            spec = dict(schedule, warmup=warmup) if warmup else schedule
            x = torch.nn.Parameter(torch.zeros(1))
            opt = torch.optim.SGD([x], lr=0.5)
            sched = make_scheduler(opt, spec, 0.5, steps, linear_lr_warmup=False)
            rates = []
            for _ in range(steps):
                rates.append(opt.param_groups[0]["lr"])
                opt.step()
                sched.step()
            yield {"name": name + ("-warmup" if warmup else ""), "schedule": spec, "learningRate": 0.5,
                   "totalClockTicks": steps, "torchScheduler": describe(sched), "rates": rates}


# ---- ReduceLROnPlateau on fixed metric sequences ----

def plateau_sequences():
    seqs = {
        "min-losses": ("trainLoss", [1.0, 0.9, 0.85, 0.86, 0.87, 0.849, 0.8499, 0.85, 0.9, 0.7, 0.7, 0.7, 0.7, 0.69995,
                                     0.7, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, float("nan"), 0.5, 0.5, 0.5]),
        "min-negative": ("validationLoss", [-1.0, -1.5, -1.49995, -1.4999, -1.5001, -1.5001, -1.5001, -1.5001,
                                            -1.6, -1.59999, -1.6, -1.6, -1.6, -1.6]),
        "max-accuracy": ("validationAccuracy", [0.1, 0.5, 0.6, 0.6, 0.60005, 0.61, 0.61, 0.61, 0.61, 0.7, 0.7,
                                                0.69, 0.7, 0.7, 0.71, 0.71, 0.71, 0.71, 0.71, 0.71]),
    }
    for name, (metric, values) in seqs.items():
        for factor, patience, threshold in [(0.1, 2, 1e-4), (0.5, 0, 1e-3), (0.5, 3, 0.0)]:
            spec = {"kind": "reduce-on-plateau", "factor": factor, "patience": patience, "threshold": threshold,
                    "metric": metric}
            x = torch.nn.Parameter(torch.zeros(1))
            opt = torch.optim.SGD([x], lr=1.0)
            sched = make_scheduler(opt, spec, 1.0, len(values))
            rates = []
            for v in values:
                sched.step(v)
                rates.append(opt.param_groups[0]["lr"])
            yield {"name": f"{name}-f{factor}-p{patience}-t{threshold}", "schedule": spec, "initialRate": 1.0,
                   "metrics": [None if math.isnan(v) else v for v in values], "ratesAfter": rates}


# ---- output ----

def to_json(obj, level=0):
    """Indented JSON that keeps lists of numbers (vectors, matrix rows) and expected rows on one line."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(obj, dict) and obj and (level == 0 or any(isinstance(v, (dict, list)) for v in obj.values())):
        items = [f"{inner}{json.dumps(k)}: {to_json(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and any(isinstance(v, (dict, list)) for v in obj):
        return "[\n" + ",\n".join(inner + to_json(v, level + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj)


def dump(obj, path):
    """Floats are written in Python's shortest round-trip form, so C# reads back the exact doubles."""
    with open(path, "w") as f:
        f.write(to_json(obj) + "\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Engine.Tests", "TestData", "torch")
    quad, plat, rates = (os.path.join(root, d) for d in ("quadratic", "plateau", "schedules"))
    for d in (quad, plat, rates):
        os.makedirs(d, exist_ok=True)
    version = torch.__version__
    count = 0
    for c in list(optimizer_cases()) + list(schedule_cases()):
        rows, final, opt_name, sched_name = run(c, linear_lr_warmup=False)
        c["torch"] = {"version": version, "dtype": "float64", "optimizer": opt_name + "(foreach=False)",
                      "scheduler": sched_name}
        if "note" in c:
            quirk_rows, _, _, quirk_sched = run(c, linear_lr_warmup=True)
            c["torchLinearLrScheduler"] = quirk_sched
            c["torchLinearLrRates"] = [r["learningRate"] for r in quirk_rows]
        c["finalParameters"] = final
        c["expected"] = rows
        dump(c, os.path.join(quad, c["spec"]["name"] + ".json"))
        count += 1
    for s in plateau_sequences():
        s["torch"] = {"version": version, "scheduler": "ReduceLROnPlateau(threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)"}
        dump(s, os.path.join(plat, s["name"] + ".json"))
        count += 1
    for s in long_schedules():
        s["torchVersion"] = version
        dump(s, os.path.join(rates, s["name"] + ".json"))
        count += 1
    print(f"wrote {count} files under {root} (torch {version})")


if __name__ == "__main__":
    main()

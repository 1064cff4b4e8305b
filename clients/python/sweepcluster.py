"""The Python side of SweepCluster's ``trainer`` (a spec that sweeps your own training program).

Standard library only; torch is imported inside the torch helpers alone.

A program started for one trial (``"mode": "process"``)::

    import sweepcluster as sc
    t = sc.trial()                       # the trial: learningRate, optimizer, schedule, training, parameters, ...
    optimizer = sc.torch_optimizer(model.parameters())
    scheduler = sc.torch_scheduler(optimizer, steps_per_epoch=len(loader))
    for epoch in range(1, t["training"]["epochs"] + 1):
        for x, y in loader:
            ...; optimizer.step(); scheduler.step()
        scheduler.epoch_end(validation_loss=val_loss)          # needed by reduce-on-plateau, harmless otherwise
        sc.report(epoch=epoch, train_loss=loss, validation_loss=val_loss, validation_accuracy=acc)

A worker (``"mode": "worker"``) pays its start-up once and serves trial after trial::

    for t in sc.trials():                # each trial's JSON line from stdin; {"done": true} is printed after each
        train(t)                         # an exception ends the worker: the trial fails with its traceback and
                                         # the worker is started again for the next trial

or, to keep the worker alive when a trial raises (it is then reported as {"done": true, "failed": "..."})::

    sc.serve(train)

``read_idx(path)`` reads the IDX files ``sweep data mnist --out DIR`` writes, without torchvision.
"""

import gzip
import json
import math
import os
import struct
import sys
import traceback
import warnings

__all__ = [
    "trial", "learning_rate", "checkpoint_dir", "report", "trials", "serve",
    "torch_optimizer", "torch_scheduler", "read_idx",
]

_current = None  # the trial a worker is serving (set by trials())
_loaded = {}     # SWEEP_TRIAL path -> its JSON, read once


# ---- the trial ----------------------------------------------------------------------------------------------------

def trial():
    """The trial as a dict: trialId, sweepId, arm, armName, stage, attempt, learningRate, optimizer, schedule,
    training, parameters and checkpointDir. In worker mode, the trial being served by trials()."""
    if _current is not None:
        return _current
    path = os.environ.get("SWEEP_TRIAL")
    if not path:
        raise RuntimeError("SWEEP_TRIAL is not set: this program was not started by SweepCluster for a trial "
                           "(in worker mode, call trial() inside the trials() loop)")
    if path not in _loaded:
        with open(path, encoding="utf-8") as f:
            _loaded[path] = json.load(f)
    return _loaded[path]


def learning_rate():
    """The trial's learning rate, the value the sweep searches."""
    return float(trial()["learningRate"])


def checkpoint_dir():
    """The folder to save checkpoints in: the same for every attempt of this trial, so a restarted trial resumes."""
    return trial().get("checkpointDir") or os.environ.get("SWEEP_CHECKPOINT_DIR")


# ---- reports ------------------------------------------------------------------------------------------------------

def report(epoch=None, step=None, train_loss=None, validation_loss=None, validation_accuracy=None,
           learning_rate=None, file=None):
    """Prints one report as a JSON line on stdout (flushed at once). An epoch report (epoch=...) is what early
    stopping and the trial's figures use; a step report (step=..., no epoch) adds to the history. A loss that is NaN
    or infinite is reported as such: the trial is then marked diverged."""
    if epoch is None and step is None:
        raise ValueError("report() needs epoch=... or step=...")
    line = {}
    if epoch is not None:
        line["epoch"] = int(epoch)
    if step is not None:
        line["step"] = int(step)
    for name, value in (("trainLoss", train_loss), ("validationLoss", validation_loss),
                        ("validationAccuracy", validation_accuracy), ("learningRate", learning_rate)):
        if value is not None:
            line[name] = float(value)  # also turns a 0-d tensor into a number
    out = file if file is not None else sys.stdout
    out.write(json.dumps(line) + "\n")  # NaN and Infinity are written bare; SweepCluster reads them
    out.flush()


def _done(out, failed=None):
    line = {"done": True}
    if failed is not None:
        line["failed"] = failed
    out.write(json.dumps(line) + "\n")
    out.flush()


# ---- worker mode --------------------------------------------------------------------------------------------------

def _trial_lines(stdin):
    """The trials of worker mode, one JSON object per non-empty line of stdin."""
    for line in stdin if stdin is not None else sys.stdin:
        line = line.strip()
        if line:
            yield json.loads(line)


def trials(stdin=None, stdout=None):
    """Worker mode: yields each trial read from stdin (one JSON line each) and prints {"done": true} when the loop
    asks for the next one. An exception in the loop body is not seen by this generator (Python does not pass it in):
    it ends the program, the trial fails with the end of stderr, and SweepCluster starts the worker again for the
    next trial. Use serve() to report a failure and keep the worker."""
    global _current
    out = stdout if stdout is not None else sys.stdout
    for _current in _trial_lines(stdin):
        try:
            yield _current
        finally:
            _current = None
        _done(out)


def serve(train, stdin=None, stdout=None):
    """Worker mode: calls train(trial) for each trial read from stdin and prints {"done": true} after it, or, when it
    raises, the traceback on stderr and {"done": true, "failed": "<type>: <message>"}; the worker then goes on with
    the next trial."""
    global _current
    out = stdout if stdout is not None else sys.stdout
    for _current in _trial_lines(stdin):
        try:
            train(_current)
        except Exception as e:  # noqa: BLE001 - any failure of one trial is that trial's, not the worker's
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            _done(out, "%s: %s" % (type(e).__name__, e))
        else:
            _done(out)
        finally:
            _current = None


# ---- torch: the optimizer -----------------------------------------------------------------------------------------

def torch_optimizer(params, t=None):
    """The torch.optim optimizer the trial's "optimizer" describes, at the trial's learning rate, with the spec's
    field names mapped to torch's (weightDecay -> weight_decay, beta1/beta2 -> betas, initialAccumulator ->
    initial_accumulator_value, ...). Defaults are torch's, as in the spec."""
    import torch

    t = t if t is not None else trial()
    spec = t["optimizer"]
    kind = spec.get("kind")
    lr = float(t["learningRate"])
    wd = spec.get("weightDecay", 0.0)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.0), dampening=spec.get("dampening", 0.0),
                               weight_decay=wd, nesterov=spec.get("nesterov", False))
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, lr_decay=spec.get("lrDecay", 0.0), weight_decay=wd,
                                   initial_accumulator_value=spec.get("initialAccumulator", 0.0),
                                   eps=spec.get("eps", 1e-10))
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=spec.get("alpha", 0.99), eps=spec.get("eps", 1e-8),
                                   weight_decay=wd, momentum=spec.get("momentum", 0.0),
                                   centered=spec.get("centered", False))
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(params, lr=lr, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)), eps=spec.get("eps", 1e-8),
                   weight_decay=spec.get("weightDecay", 0.0 if kind == "adam" else 0.01),
                   amsgrad=spec.get("amsgrad", False))
    if kind == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=spec.get("rho", 0.9), eps=spec.get("eps", 1e-6), weight_decay=wd)
    raise ValueError("optimizer.kind %r has no torch.optim equivalent here; allowed: sgd, adagrad, rmsprop, adam, "
                     "adamw, adadelta" % (kind,))


# ---- torch: the schedule ------------------------------------------------------------------------------------------

class SweepScheduler:
    """The trial's schedule over a torch optimizer. Call step() after every optimizer.step() and epoch_end(...) after
    each epoch's validation, whatever the schedule:

    - ``"unit": "step"`` (the default): step() steps the torch scheduler, so the rate changes every optimizer step.
    - ``"unit": "epoch"``: the schedule's clock is the epoch, so step() counts optimizer steps and steps the torch
      scheduler once every steps_per_epoch of them: the rate changes only between epochs, as in the built-in trainer.
    - ``reduce-on-plateau``: epoch_end() feeds the spec's metric (validationLoss by default; trainLoss when no
      validation loss is given) to torch's ReduceLROnPlateau; other schedules ignore epoch_end().

    ``scheduler`` is the torch scheduler itself (SequentialLR when there is a warmup), e.g. for state_dict().
    """

    def __init__(self, optimizer, scheduler, per_epoch, steps_per_epoch, plateau=None, metric=None, warmup=None):
        self.optimizer = optimizer
        self.scheduler = scheduler
        self._per_epoch = per_epoch
        self._steps_per_epoch = max(1, int(steps_per_epoch))
        self._plateau = plateau
        self._metric = metric
        self._warmup = warmup  # (N, f) for reduce-on-plateau: the warmup factor multiplies the plateau's rate
        self._steps = 0
        self._epochs = 0
        if plateau is not None:
            self._base = [g["lr"] for g in optimizer.param_groups]
            self._apply_warmup()

    def step(self):
        """After every optimizer.step()."""
        self._steps += 1
        if self._per_epoch and self._steps % self._steps_per_epoch != 0:
            return
        if self._plateau is not None:
            self._apply_warmup()
            return
        with warnings.catch_warnings():
            # SequentialLR restarts the schedule after the warmup with step(0), which torch flags as deprecated.
            warnings.simplefilter("ignore", UserWarning)
            self.scheduler.step()

    def epoch_end(self, train_loss=None, validation_loss=None, validation_accuracy=None):
        """After each epoch's validation: the metric reduce-on-plateau watches."""
        self._epochs += 1
        if self._plateau is None:
            return
        value = {"trainLoss": train_loss, "validationAccuracy": validation_accuracy}.get(
            self._metric, validation_loss if validation_loss is not None else train_loss)
        if value is None or not math.isfinite(float(value)):
            return
        for group, base in zip(self.optimizer.param_groups, self._base):
            group["lr"] = base
        self._plateau.step(float(value))
        self._base = [g["lr"] for g in self.optimizer.param_groups]
        self._apply_warmup()

    def get_last_lr(self):
        return [g["lr"] for g in self.optimizer.param_groups]

    def _apply_warmup(self):
        factor = 1.0
        if self._warmup is not None:
            n, f = self._warmup
            clock = self._steps // self._steps_per_epoch if self._per_epoch else self._steps
            factor = f + (1.0 - f) * clock / n if clock < n else 1.0
        for group, base in zip(self.optimizer.param_groups, self._base):
            group["lr"] = base * factor


def torch_scheduler(optimizer, steps_per_epoch, t=None):
    """The torch.optim.lr_scheduler the trial's "schedule" describes (warmup included: LinearLR then SequentialLR),
    wrapped in a SweepScheduler: call its step() after every optimizer.step() and its epoch_end(...) after each
    epoch. steps_per_epoch (len(loader)) is the epoch's length in optimizer steps; with training.epochs (and
    training.maxSteps) it gives one-cycle's default totalSteps and the epoch clock of "unit": "epoch"."""
    from torch.optim import lr_scheduler as L

    t = t if t is not None else trial()
    spec = t["schedule"]
    kind = spec.get("kind", "constant")
    lr = float(t["learningRate"])
    per_epoch = spec.get("unit", "step") == "epoch"
    training = t.get("training", {})
    epochs = int(training.get("epochs", 1))
    total = epochs if per_epoch else epochs * max(1, int(steps_per_epoch))
    if not per_epoch and training.get("maxSteps") is not None:
        total = min(total, int(training["maxSteps"]))
    warmup = spec.get("warmup") or {}
    n = int(warmup.get("steps", 0))
    f = float(warmup.get("startFactor", 1.0 / 3.0))

    if kind in ("armijo", "smoothness"):
        raise ValueError("schedule.kind %r is run by SweepCluster's built-in trainer (a line search or the model's "
                         "smoothness); torch.optim has no equivalent, so a program of its own cannot use it: pick "
                         "another schedule kind" % kind)
    if kind == "reduce-on-plateau":
        mode = "max" if spec.get("metric", "validationLoss") == "validationAccuracy" else "min"
        plateau = L.ReduceLROnPlateau(optimizer, mode=mode, factor=spec.get("factor", 0.1),
                                      patience=spec.get("patience", 10), threshold=spec.get("threshold", 1e-4),
                                      threshold_mode="rel", cooldown=0, min_lr=0, eps=1e-8)
        return SweepScheduler(optimizer, plateau, per_epoch, steps_per_epoch, plateau=plateau,
                              metric=spec.get("metric", "validationLoss"), warmup=(n, f) if n > 0 else None)

    if n <= 0:
        return SweepScheduler(optimizer, _inner_scheduler(L, optimizer, spec, kind, lr, total), per_epoch, steps_per_epoch)
    # The warmup is built first, so its base rate is eta. OneCycleLR rewrites the group's initial rate when built and
    # torch's LinearLR scales whatever rate it finds (and divides by zero when f is 0): there a LambdaLR with the same
    # factor keeps the spec's "from f*eta to eta".
    if kind == "one-cycle" or f == 0:
        first = L.LambdaLR(optimizer, lambda s: f + (1.0 - f) * s / n)
    else:
        first = L.LinearLR(optimizer, start_factor=f, end_factor=1.0, total_iters=n)
    inner = _inner_scheduler(L, optimizer, spec, kind, lr, max(1, total - n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sequential = L.SequentialLR(optimizer, [first, inner], milestones=[n])
    return SweepScheduler(optimizer, sequential, per_epoch, steps_per_epoch)


def _inner_scheduler(L, optimizer, spec, kind, lr, total):
    if kind == "constant":
        return L.LambdaLR(optimizer, lambda s: 1.0)
    if kind == "step":
        return L.StepLR(optimizer, step_size=spec["stepSize"], gamma=spec.get("gamma", 0.1))
    if kind == "multistep":
        return L.MultiStepLR(optimizer, milestones=spec["milestones"], gamma=spec.get("gamma", 0.1))
    if kind == "exponential":
        return L.ExponentialLR(optimizer, gamma=spec["gamma"])
    if kind == "inverse-time":
        decay = spec["decay"]
        return L.LambdaLR(optimizer, lambda s: 1.0 / (1.0 + decay * s))
    if kind == "cosine":
        return L.CosineAnnealingLR(optimizer, T_max=spec["tMax"], eta_min=spec.get("etaMin", 0.0))
    if kind == "cosine-restarts":
        return L.CosineAnnealingWarmRestarts(optimizer, T_0=spec["t0"], T_mult=spec.get("tMult", 1),
                                             eta_min=spec.get("etaMin", 0.0))
    if kind == "cyclic":
        return L.CyclicLR(optimizer, base_lr=spec["baseLr"], max_lr=spec.get("maxLr", lr),
                          step_size_up=spec.get("stepSizeUp", 2000), step_size_down=spec.get("stepSizeDown"),
                          mode=spec.get("mode", "triangular"), gamma=spec.get("gamma", 1.0), cycle_momentum=False)
    if kind == "one-cycle":
        return L.OneCycleLR(optimizer, max_lr=spec.get("maxLr", lr), total_steps=spec.get("totalSteps", total),
                            pct_start=spec.get("pctStart", 0.3), anneal_strategy=spec.get("anneal", "cos"),
                            div_factor=spec.get("divFactor", 25.0), final_div_factor=spec.get("finalDivFactor", 1e4),
                            three_phase=False, cycle_momentum=False)
    raise ValueError("schedule.kind %r is unknown; allowed: constant, step, multistep, exponential, inverse-time, "
                     "cosine, cosine-restarts, cyclic, one-cycle, reduce-on-plateau" % (kind,))


# ---- data ---------------------------------------------------------------------------------------------------------

def read_idx(path):
    """Reads an IDX file (gzip-compressed or not) of unsigned bytes: returns (dims, data) where dims is e.g.
    [8000, 28, 28] for images or [8000] for labels, and data is a bytes object of the values, row-major."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError("%s is not an IDX file of unsigned bytes" % path)
    ndim = raw[3]
    dims = list(struct.unpack(">%dI" % ndim, raw[4:4 + 4 * ndim]))
    size = 1
    for d in dims:
        size *= d
    data = raw[4 + 4 * ndim:]
    if len(data) != size:
        raise ValueError("%s: the header declares %d values, the file holds %d" % (path, size, len(data)))
    return dims, data

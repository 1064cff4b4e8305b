#!/usr/bin/python3
"""Optuna 3.1's own cost per TPE proposal, to set beside bench/Engine.Bench's `tpe` timings.

Multivariate TPESampler with its defaults (constant_liar on, as SweepCluster's sampler always is) on the five-parameter
space of the contract's example, with N finished trials already in an in-memory study (added with add_trials, losses
from a bowl). For each N it times, over R proposals:
  ask   study.ask() plus the five suggest_* calls (what an Optuna user pays per trial; the trial is then told FAIL so
        the next proposal sees the same N finished trials)
  algo  sampler.sample_relative() alone (the TPE arithmetic, without the study's bookkeeping)
and prints the median and mean wall ms, and the mean CPU ms (the process's CPU time, which stays honest when other
processes share the cores). One thread (OMP/OpenBLAS limited to 1).

Usage:  /usr/bin/python3 tools/optuna-reference/tpe_timing.py [R]
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import math
import statistics
import sys
import time
import warnings

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState, create_trial

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)

SPACE = {
    "learningRate": FloatDistribution(1e-5, 1.0, log=True),
    "optimizer.momentum": FloatDistribution(0.0, 0.99),
    "optimizer.weightDecay": FloatDistribution(1e-6, 1e-2, log=True),
    "training.batchSize": CategoricalDistribution([32, 64, 128, 256]),
    "schedule.warmup.steps": IntDistribution(0, 500),
}


def loss(p):
    return (math.log10(p["learningRate"] / 0.03) ** 2 + 4 * (p["optimizer.momentum"] - 0.9) ** 2
            + 0.1 * math.log10(p["optimizer.weightDecay"] / 1e-4) ** 2 + (0.05 if p["training.batchSize"] != 64 else 0)
            + ((p["schedule.warmup.steps"] - 100) / 500) ** 2)


def study_with(n, rng):
    sampler = optuna.samplers.TPESampler(seed=0, multivariate=True, constant_liar=True)
    study = optuna.create_study(sampler=sampler)
    trials = []
    for _ in range(n):
        p = {
            "learningRate": float(np.exp(rng.uniform(math.log(1e-5), 0.0))),
            "optimizer.momentum": float(rng.uniform(0.0, 0.99)),
            "optimizer.weightDecay": float(np.exp(rng.uniform(math.log(1e-6), math.log(1e-2)))),
            "training.batchSize": [32, 64, 128, 256][rng.randint(4)],
            "schedule.warmup.steps": int(rng.randint(0, 501)),
        }
        trials.append(create_trial(params=p, distributions=SPACE, value=loss(p)))
    study.add_trials(trials)
    return study, sampler


def suggest(trial):
    for name, d in SPACE.items():
        if isinstance(d, CategoricalDistribution):
            trial.suggest_categorical(name, d.choices)
        elif isinstance(d, IntDistribution):
            trial.suggest_int(name, d.low, d.high)
        else:
            trial.suggest_float(name, d.low, d.high, log=d.log)


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    print(f"# Optuna {optuna.__version__} multivariate TPE, 5 parameters, {repeats} proposals per row, one thread")
    print("| finished trials | ask+suggest ms median | mean | CPU ms | sample_relative ms median | mean | CPU ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in (100, 500, 1000):
        study, sampler = study_with(n, np.random.RandomState(1))
        suggest(study.ask())  # warm-up (imports, caches); its trial is failed below like the others
        study.tell(study.trials[-1].number, state=TrialState.FAIL)
        asks = []
        cpu = time.process_time()
        for _ in range(repeats):
            start = time.perf_counter()
            trial = study.ask()
            suggest(trial)
            asks.append((time.perf_counter() - start) * 1e3)
            study.tell(trial, state=TrialState.FAIL)
        ask_cpu = (time.process_time() - cpu) * 1e3 / repeats
        frozen = study.trials[-1]
        algos = []
        cpu = time.process_time()
        for _ in range(repeats):
            start = time.perf_counter()
            sampler.sample_relative(study, frozen, SPACE)
            algos.append((time.perf_counter() - start) * 1e3)
        algo_cpu = (time.process_time() - cpu) * 1e3 / repeats
        print(f"| {n:,} | {statistics.median(asks):.2f} | {statistics.mean(asks):.2f} | {ask_cpu:.2f} | "
              f"{statistics.median(algos):.2f} | {statistics.mean(algos):.2f} | {algo_cpu:.2f} |")


if __name__ == "__main__":
    main()

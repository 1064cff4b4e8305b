#!/usr/bin/python3
"""Optuna 3.1's TPESampler (its defaults, multivariate=True, seeded) on an objective served by the Engine.

The objective runs in `SweepCluster.Engine.Bench objective NAME`, one long-lived process: it prints the search space
as one JSON line, then answers each configuration line with its value, so Optuna and the Engine's own samplers see
the same function. Prints one JSON line per study, as `SweepCluster.Engine.Bench quality` does for the Engine.

    /usr/bin/python3 bench/search-quality/optuna_study.py --objective quadratic --seeds 10 --trials 100 \
        --bench bench/Engine.Bench/bin/Release/net10.0/SweepCluster.Engine.Bench.dll
"""
import argparse
import json
import subprocess
import sys
import warnings

import optuna

BUDGETS = (20, 50, 100)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--objective", default="quadratic")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--samplers", default="tpe", help="tpe, random, or both comma-separated")
    parser.add_argument("--bench", required=True, help="path of SweepCluster.Engine.Bench.dll")
    args = parser.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    server = subprocess.Popen(["dotnet", args.bench, "objective", args.objective],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    space = json.loads(server.stdout.readline())

    def evaluate(configuration):
        server.stdin.write(json.dumps(configuration) + "\n")
        server.stdin.flush()
        return float(server.stdout.readline())

    def objective(trial):
        configuration = {}
        for d in space:
            if d["kind"] == "float":
                configuration[d["name"]] = trial.suggest_float(d["name"], d["min"], d["max"], log=d["log"])
            elif d["kind"] == "int":
                configuration[d["name"]] = trial.suggest_int(d["name"], d["min"], d["max"], log=d["log"])
            else:
                configuration[d["name"]] = trial.suggest_categorical(d["name"], d["values"])
        return evaluate(configuration)

    for name in args.samplers.split(","):
        for seed in range(args.seeds):
            if name == "tpe":
                sampler = optuna.samplers.TPESampler(multivariate=True, seed=seed)
            elif name == "random":
                sampler = optuna.samplers.RandomSampler(seed=seed)
            else:
                sys.exit(f"unknown sampler {name!r}: use tpe or random")
            study = optuna.create_study(sampler=sampler, direction="minimize")
            study.optimize(objective, n_trials=args.trials)
            values = [t.value for t in study.trials]
            best = {str(b): min(values[:b]) for b in BUDGETS if b <= len(values)}
            print(json.dumps({"objective": args.objective, "sampler": "optuna-" + name, "seed": seed, "best": best, "values": values}), flush=True)

    server.stdin.close()
    server.wait()


if __name__ == "__main__":
    main()

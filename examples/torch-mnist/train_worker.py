#!/usr/bin/env python3
"""A worker ("mode": "worker"): python3 train_worker.py --data FOLDER.

It imports torch and reads the digits once, then trains every trial SweepCluster sends it on stdin; serve() prints
{"done": true} after each (or {"done": true, "failed": "..."} when one raises, keeping the worker for the next)."""
import argparse

import mlp
import sweepcluster as sc

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", required=True, help="the folder `sweep data mnist --out` wrote")
args = parser.parse_args()
data = mlp.load(args.data)
sc.serve(lambda t: mlp.train(t, data))

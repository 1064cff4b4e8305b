#!/usr/bin/env python3
"""One trial of the sweep in one process ("mode": "process"): python3 train.py --data FOLDER.

The trial (learning rate, optimizer, schedule, training) is read from SWEEP_TRIAL; see mlp.py for the training."""
import argparse

import mlp
import sweepcluster as sc

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", required=True, help="the folder `sweep data mnist --out` wrote")
args = parser.parse_args()
data = mlp.load(args.data)
mlp.train(sc.trial(), data)

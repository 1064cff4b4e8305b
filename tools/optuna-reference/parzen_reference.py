#!/usr/bin/python3
"""Reference Parzen estimators from Optuna 3.1 itself for SweepCluster's TPE sampler.

Builds optuna.samplers._tpe.parzen_estimator._ParzenEstimator exactly as TPESampler(multivariate=True) does with its
defaults (consider_prior, prior_weight 1.0, consider_magic_clip, consider_endpoints False, default_weights) for fixed
observations, and writes one JSON file per case into tests/Engine.Tests/TestData/tpe/:

    {"optuna": "3.1.0",
     "space": [{"name", "kind": "float" | "int" | "categorical", "min", "max", "log", "values"}, ...],
     "observations": [[coordinate per dimension], ...]      # oldest first; a category as its index
     "weights": [...]                                       # mixture weights, observations then the prior
     "kernels": [{"mus": [...], "sigmas": [...]} | {"categoricalWeights": [[...], ...]}, ...]   # model space
     "points": [[coordinate per dimension], ...],
     "logPdf": [...],             # with the -log(sigma) term of optuna/optuna#5110 (Optuna >= 3.5), patched in here
     "logPdfOptuna31": [...]}     # Optuna 3.1's own log_pdf, which omits it

The C# tests (tests/Engine.Tests/Search/Spaces/ParzenMatchesOptunaTests.cs) compare against these files; they never
run Python. Regenerate (deterministic, ~1 s):

    apt-get install -y python3-optuna        # Debian bookworm: Optuna 3.1.0
    /usr/bin/python3 tools/optuna-reference/parzen_reference.py [OUTPUT_DIR]
"""

import json
import os
import sys
import warnings

import numpy as np
import optuna
from optuna import distributions as D
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe import parzen_estimator as pe
from optuna.samplers._tpe.sampler import default_weights

warnings.filterwarnings("ignore")

PARAMETERS = pe._ParzenEstimatorParameters(
    consider_prior=True,
    prior_weight=1.0,
    consider_magic_clip=True,
    consider_endpoints=False,
    weights=default_weights,
    multivariate=True,
)

_optuna31_logpdf = _truncnorm.logpdf


def _scaled_logpdf(x, a, b, loc=0, scale=1):
    """optuna/optuna#5110: the density of the scaled truncated normal divides by the scale."""
    return _optuna31_logpdf(x, a, b, loc=loc, scale=scale) - np.log(scale)


def describe(name, dist):
    if isinstance(dist, D.CategoricalDistribution):
        return {"name": name, "kind": "categorical", "values": list(dist.choices)}
    kind = "int" if isinstance(dist, D.IntDistribution) else "float"
    return {"name": name, "kind": kind, "min": dist.low, "max": dist.high, "log": dist.log}


def case(name, space, observations, points):
    names = list(space)
    obs = {n: np.asarray([o[i] for o in observations], dtype=float) for i, n in enumerate(names)}
    estimator = pe._ParzenEstimator(obs, space, PARAMETERS)

    def samples():
        out = {}
        for i, n in enumerate(names):
            column = np.asarray([p[i] for p in points], dtype=float)
            out[n] = column.astype(int) if isinstance(space[n], D.CategoricalDistribution) else column
        return out

    pe.truncnorm.logpdf = _optuna31_logpdf
    log_pdf_31 = estimator.log_pdf(samples())
    pe.truncnorm.logpdf = _scaled_logpdf
    log_pdf = estimator.log_pdf(samples())
    pe.truncnorm.logpdf = _optuna31_logpdf

    kernels = []
    for n in names:
        if isinstance(space[n], D.CategoricalDistribution):
            kernels.append({"categoricalWeights": estimator._categorical_weights[n].tolist()})
        else:
            kernels.append({"mus": estimator._mus[n].tolist(), "sigmas": estimator._sigmas[n].tolist()})
    return name, {
        "optuna": optuna.__version__,
        "space": [describe(n, space[n]) for n in names],
        "observations": [list(map(float, o)) for o in observations],
        "weights": estimator._weights.tolist(),
        "kernels": kernels,
        "points": [list(map(float, p)) for p in points],
        "logPdf": log_pdf.tolist(),
        "logPdfOptuna31": log_pdf_31.tolist(),
    }


def cases():
    yield case("float-1d", {"x": D.FloatDistribution(0.0, 10.0)},
               [[2.0], [3.5], [7.0]], [[0.0], [1.0], [2.5], [5.0], [9.9], [10.0]])
    yield case("log-float-1d", {"lr": D.FloatDistribution(1e-4, 1.0, log=True)},
               [[1e-3], [1e-2], [0.3]], [[1e-4], [5e-4], [1e-2], [0.05], [1.0]])
    yield case("int-1d", {"n": D.IntDistribution(0, 20)},
               [[3], [4], [15]], [[0], [3], [4], [9], [15], [20]])
    yield case("log-int-1d", {"batch": D.IntDistribution(1, 512, log=True)},
               [[8], [32], [64]], [[1], [8], [30], [100], [512]])
    yield case("categorical-1d", {"optimizer": D.CategoricalDistribution(["sgd", "adam", "rmsprop"])},
               [[1], [1], [2]], [[0], [1], [2]])
    yield case("empty-2d", {"x": D.FloatDistribution(-1.0, 1.0), "k": D.IntDistribution(1, 9)},
               [], [[0.0, 5], [-1.0, 1], [0.9, 9]])

    # The contract's example space, 40 observations (so the weights ramp), drawn uniformly with a fixed seed.
    rng = np.random.RandomState(7)
    space = {
        "learningRate": D.FloatDistribution(1e-5, 1.0, log=True),
        "optimizer.momentum": D.FloatDistribution(0.0, 0.99),
        "optimizer.weightDecay": D.FloatDistribution(1e-6, 1e-2, log=True),
        "training.batchSize": D.CategoricalDistribution([32, 64, 128, 256]),
        "schedule.warmup.steps": D.IntDistribution(0, 500),
    }

    def draw():
        return [float(np.exp(rng.uniform(np.log(1e-5), np.log(1.0)))), float(rng.uniform(0.0, 0.99)),
                float(np.exp(rng.uniform(np.log(1e-6), np.log(1e-2)))), int(rng.randint(4)), int(rng.randint(0, 501))]

    observations = [draw() for _ in range(40)]
    points = [draw() for _ in range(12)] + [observations[0], observations[-1]]
    yield case("contract-5d-40", space, observations, points)
    yield case("contract-5d-3", space, observations[:3], points)

    # A wide integer range (direct mass computation) beside a narrow one (the per-offset table).
    rng2 = np.random.RandomState(11)
    space = {"wide": D.IntDistribution(-5000, 5000), "narrow": D.IntDistribution(0, 7), "f": D.FloatDistribution(0.0, 1.0)}
    observations = [[int(rng2.randint(-5000, 5001)), int(rng2.randint(0, 8)), float(rng2.uniform())] for _ in range(30)]
    points = [[int(rng2.randint(-5000, 5001)), int(rng2.randint(0, 8)), float(rng2.uniform())] for _ in range(8)]
    points += [[-5000, 0, 0.0], [5000, 7, 1.0]]
    yield case("integers-3d-30", space, observations, points)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "tests", "Engine.Tests", "TestData", "tpe")
    os.makedirs(out, exist_ok=True)
    for name, data in cases():
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        print(name, "log_pdf", ["%.6g" % v for v in data["logPdf"][:4]])


if __name__ == "__main__":
    main()

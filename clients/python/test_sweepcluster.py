"""Tests of sweepcluster.py: python3 -m unittest discover clients/python (torch tests are skipped without torch)."""

import gzip
import io
import json
import math
import os
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweepcluster as sc  # noqa: E402

try:
    import torch
except ImportError:  # the torch helpers are optional
    torch = None

ETA = 0.1


def a_trial(optimizer=None, schedule=None, training=None, lr=ETA):
    return {
        "trialId": "s-abc/0/3", "sweepId": "s-abc", "arm": 0, "armName": "sgd", "stage": 1, "attempt": 1,
        "learningRate": lr,
        "optimizer": optimizer or {"kind": "sgd", "learningRate": 0.05, "momentum": 0.9},
        "schedule": schedule or {"kind": "constant"},
        "training": training or {"epochs": 3, "batchSize": 64, "seed": 1},
        "parameters": {"learningRate": lr}, "checkpointDir": "/tmp/ckpt/s-abc/0/3",
    }


class ReportTests(unittest.TestCase):
    def lines(self, **kwargs):
        out = io.StringIO()
        sc.report(file=out, **kwargs)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    def test_an_epoch_report_is_one_json_line_with_the_contracts_names(self):
        self.assertEqual(self.lines(epoch=1, train_loss=0.41, validation_loss=0.45, validation_accuracy=0.88),
                         [{"epoch": 1, "trainLoss": 0.41, "validationLoss": 0.45, "validationAccuracy": 0.88}])

    def test_a_step_report_carries_the_step_and_rate(self):
        self.assertEqual(self.lines(step=120, train_loss=0.52, learning_rate=0.001),
                         [{"step": 120, "trainLoss": 0.52, "learningRate": 0.001}])

    def test_a_nan_loss_is_written_bare_for_the_divergence_rule(self):
        out = io.StringIO()
        sc.report(epoch=2, train_loss=float("nan"), file=out)
        self.assertEqual(out.getvalue(), '{"epoch": 2, "trainLoss": NaN}\n')

    def test_a_report_needs_an_epoch_or_a_step(self):
        with self.assertRaises(ValueError):
            sc.report(train_loss=0.3)


class TrialTests(unittest.TestCase):
    def test_trial_reads_the_sweep_trial_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "trial.json")
            with open(path, "w") as f:
                json.dump(a_trial(lr=0.0123), f)
            old = os.environ.get("SWEEP_TRIAL")
            os.environ["SWEEP_TRIAL"] = path
            try:
                self.assertEqual(sc.trial()["learningRate"], 0.0123)
                self.assertEqual(sc.trial()["training"]["batchSize"], 64)
                self.assertEqual(sc.learning_rate(), 0.0123)
                self.assertEqual(sc.checkpoint_dir(), "/tmp/ckpt/s-abc/0/3")
            finally:
                if old is None:
                    del os.environ["SWEEP_TRIAL"]
                else:
                    os.environ["SWEEP_TRIAL"] = old

    def test_without_sweep_trial_the_error_says_so(self):
        old = os.environ.pop("SWEEP_TRIAL", None)
        try:
            with self.assertRaisesRegex(RuntimeError, "SWEEP_TRIAL is not set"):
                sc.trial()
        finally:
            if old is not None:
                os.environ["SWEEP_TRIAL"] = old


class WorkerTests(unittest.TestCase):
    def test_trials_yields_each_line_and_prints_done_after_each(self):
        stdin = io.StringIO(json.dumps(a_trial(lr=0.1)) + "\n\n" + json.dumps(a_trial(lr=0.2)) + "\n")
        stdout = io.StringIO()
        seen = []
        for t in sc.trials(stdin, stdout):
            self.assertIs(sc.trial(), t)
            sc.report(epoch=1, train_loss=t["learningRate"], file=stdout)
            seen.append(t["learningRate"])
        self.assertEqual(seen, [0.1, 0.2])
        self.assertEqual([json.loads(line) for line in stdout.getvalue().splitlines()],
                         [{"epoch": 1, "trainLoss": 0.1}, {"done": True}, {"epoch": 1, "trainLoss": 0.2}, {"done": True}])

    def test_serve_reports_a_failing_trial_and_goes_on(self):
        stdin = io.StringIO(json.dumps(a_trial(lr=0.1)) + "\n" + json.dumps(a_trial(lr=0.2)) + "\n")
        stdout = io.StringIO()

        def train(t):
            if t["learningRate"] == 0.1:
                raise MemoryError("CUDA out of memory")
            sc.report(epoch=1, train_loss=0.5, file=stdout)

        stderr, sys.stderr = sys.stderr, io.StringIO()
        try:
            sc.serve(train, stdin, stdout)
            traceback_text = sys.stderr.getvalue()
        finally:
            sys.stderr = stderr
        self.assertIn("MemoryError: CUDA out of memory", traceback_text)
        self.assertEqual([json.loads(line) for line in stdout.getvalue().splitlines()],
                         [{"done": True, "failed": "MemoryError: CUDA out of memory"},
                          {"epoch": 1, "trainLoss": 0.5}, {"done": True}])


def idx_bytes(dims, values):
    return struct.pack(">BBBB", 0, 0, 8, len(dims)) + struct.pack(">%dI" % len(dims), *dims) + bytes(values)


class ReadIdxTests(unittest.TestCase):
    def test_plain_and_gzipped_files_read_to_their_dims_and_bytes(self):
        values = [i * 7 % 256 for i in range(2 * 3 * 4)]
        with tempfile.TemporaryDirectory() as folder:
            plain = os.path.join(folder, "images-idx3-ubyte")
            zipped = os.path.join(folder, "images-idx3-ubyte.gz")
            with open(plain, "wb") as f:
                f.write(idx_bytes([2, 3, 4], values))
            with open(zipped, "wb") as f:
                f.write(gzip.compress(idx_bytes([2, 3, 4], values)))
            for path in (plain, zipped):
                dims, data = sc.read_idx(path)
                self.assertEqual(dims, [2, 3, 4])
                self.assertEqual(list(data), values)

    def test_a_truncated_or_foreign_file_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "bad")
            with open(path, "wb") as f:
                f.write(idx_bytes([5], [1, 2, 3]))
            with self.assertRaisesRegex(ValueError, "declares 5 values"):
                sc.read_idx(path)
            with open(path, "wb") as f:
                f.write(b"PK\x03\x04 not idx")
            with self.assertRaisesRegex(ValueError, "not an IDX file"):
                sc.read_idx(path)


@unittest.skipIf(torch is None, "torch is not installed")
class TorchOptimizerTests(unittest.TestCase):
    def build(self, spec):
        return sc.torch_optimizer([torch.zeros(2, requires_grad=True)], a_trial(optimizer=spec))

    def test_every_kind_maps_to_torchs_class_with_the_spec_fields_and_the_searched_rate(self):
        cases = [
            ({"kind": "sgd", "momentum": 0.9, "dampening": 0.1, "nesterov": False, "weightDecay": 1e-4},
             torch.optim.SGD, {"lr": ETA, "momentum": 0.9, "dampening": 0.1, "nesterov": False, "weight_decay": 1e-4}),
            ({"kind": "sgd", "momentum": 0.9, "nesterov": True}, torch.optim.SGD, {"nesterov": True, "dampening": 0.0}),
            ({"kind": "adagrad", "eps": 1e-9, "initialAccumulator": 0.1, "weightDecay": 0.01},
             torch.optim.Adagrad, {"lr": ETA, "eps": 1e-9, "initial_accumulator_value": 0.1, "weight_decay": 0.01}),
            ({"kind": "rmsprop", "alpha": 0.9, "eps": 1e-7, "momentum": 0.5, "centered": True},
             torch.optim.RMSprop, {"alpha": 0.9, "eps": 1e-7, "momentum": 0.5, "centered": True, "weight_decay": 0}),
            ({"kind": "adam", "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "amsgrad": True},
             torch.optim.Adam, {"betas": (0.8, 0.99), "eps": 1e-6, "amsgrad": True, "weight_decay": 0.0}),
            ({"kind": "adamw"}, torch.optim.AdamW, {"weight_decay": 0.01, "betas": (0.9, 0.999)}),
            ({"kind": "adadelta", "rho": 0.95, "eps": 1e-5}, torch.optim.Adadelta, {"lr": ETA, "rho": 0.95, "eps": 1e-5}),
        ]
        for spec, cls, expected in cases:
            with self.subTest(spec=spec):
                optimizer = self.build(spec)
                self.assertIs(type(optimizer), cls)
                group = optimizer.param_groups[0]
                self.assertEqual(group["lr"], ETA)
                for name, value in expected.items():
                    self.assertEqual(group[name], value, name)

    def test_an_unknown_kind_is_refused_naming_the_allowed_ones(self):
        with self.assertRaisesRegex(ValueError, "allowed: sgd, adagrad"):
            self.build({"kind": "lbfgs"})


@unittest.skipIf(torch is None, "torch is not installed")
class TorchSchedulerTests(unittest.TestCase):
    def rates(self, schedule, steps, steps_per_epoch=1, training=None, metrics=None):
        """The rate each optimizer step used; metrics (one per epoch) go to epoch_end for reduce-on-plateau."""
        t = a_trial(schedule=schedule, training=training or {"epochs": 100})
        optimizer = sc.torch_optimizer([torch.zeros(2, requires_grad=True)], t)
        scheduler = sc.torch_scheduler(optimizer, steps_per_epoch, t)
        seen = []
        for s in range(steps):
            seen.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
            if metrics is not None and (s + 1) % steps_per_epoch == 0:
                scheduler.epoch_end(validation_loss=metrics[(s + 1) // steps_per_epoch - 1])
        return seen

    def assertRates(self, actual, expected):
        self.assertEqual(len(actual), len(expected))
        for s, (a, e) in enumerate(zip(actual, expected)):
            self.assertTrue(math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-15), "step %d: %r != %r" % (s, a, e))

    def test_cosine_with_a_linear_warmup_rises_from_f_eta_then_anneals_on_its_own_clock(self):
        n, f, t_max = 5, 0.1, 20
        expected = [ETA * (f + (1 - f) * s / n) if s < n else ETA * (1 + math.cos(math.pi * (s - n) / t_max)) / 2
                    for s in range(25)]
        self.assertRates(self.rates({"kind": "cosine", "tMax": t_max, "warmup": {"steps": n, "startFactor": f}}, 25),
                         expected)

    def test_an_epoch_unit_changes_the_rate_only_between_epochs(self):
        rates = self.rates({"kind": "step", "stepSize": 2, "gamma": 0.5, "unit": "epoch"}, 18, steps_per_epoch=3)
        self.assertRates(rates, [ETA * 0.5 ** ((s // 3) // 2) for s in range(18)])

    def test_inverse_time_and_exponential_follow_their_closed_forms(self):
        self.assertRates(self.rates({"kind": "inverse-time", "decay": 0.5}, 10), [ETA / (1 + 0.5 * s) for s in range(10)])
        self.assertRates(self.rates({"kind": "exponential", "gamma": 0.9}, 10), [ETA * 0.9 ** s for s in range(10)])

    def test_multistep_and_cosine_restarts(self):
        self.assertRates(self.rates({"kind": "multistep", "milestones": [3, 7]}, 10),
                         [ETA * 0.1 ** ((s >= 3) + (s >= 7)) for s in range(10)])
        self.assertRates(self.rates({"kind": "cosine-restarts", "t0": 4}, 12),
                         [ETA * (1 + math.cos(math.pi * (s % 4) / 4)) / 2 for s in range(12)])

    def test_cyclic_triangular_goes_between_base_and_eta(self):
        base, up = 0.01, 4
        expected = [base + (ETA - base) * max(0.0, 1 - abs(s / up - 2 * math.floor(1 + s / (2 * up)) + 1))
                    for s in range(16)]
        self.assertRates(self.rates({"kind": "cyclic", "baseLr": base, "stepSizeUp": up}, 16), expected)

    def test_one_cycle_after_a_warmup_starts_at_max_over_div_and_peaks_at_eta(self):
        rates = self.rates({"kind": "one-cycle", "totalSteps": 20, "warmup": {"steps": 4, "startFactor": 0.5}}, 24)
        self.assertRates(rates[:4], [ETA * (0.5 + 0.5 * s / 4) for s in range(4)])  # the spec's warmup: to eta
        self.assertTrue(math.isclose(rates[4], ETA / 25))
        self.assertTrue(math.isclose(max(rates[4:]), ETA))

    def test_one_cycles_default_total_is_the_runs_steps(self):
        rates = self.rates({"kind": "one-cycle"}, 20, steps_per_epoch=5, training={"epochs": 4})
        self.assertTrue(math.isclose(rates[0], ETA / 25))
        self.assertTrue(math.isclose(rates[-1], ETA / 25 / 1e4, rel_tol=1e-6))  # the run's last step ends the cycle

    def test_reduce_on_plateau_cuts_the_rate_after_patience_epochs_without_improvement(self):
        losses = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95]
        rates = self.rates({"kind": "reduce-on-plateau", "patience": 2, "factor": 0.5}, 12, steps_per_epoch=2,
                           metrics=losses)
        # Epochs 2, 3, 4 do not improve on 0.9: after the third bad epoch (epoch 4) the rate halves for epoch 5.
        self.assertRates(rates, [ETA] * 10 + [ETA / 2] * 2)

    def test_reduce_on_plateau_with_a_warmup_scales_the_plateaus_rate(self):
        rates = self.rates({"kind": "reduce-on-plateau", "warmup": {"steps": 4, "startFactor": 0.2}}, 6,
                           metrics=[1.0] * 6)
        self.assertRates(rates, [ETA * (0.2 + 0.8 * s / 4) for s in range(4)] + [ETA, ETA])

    def test_every_contract_kind_builds_and_steps(self):
        for schedule in ({"kind": "constant"}, {"kind": "step", "stepSize": 3}, {"kind": "multistep", "milestones": [2]},
                         {"kind": "exponential", "gamma": 0.9}, {"kind": "inverse-time", "decay": 0.1},
                         {"kind": "cosine", "tMax": 10}, {"kind": "cosine-restarts", "t0": 3, "tMult": 2},
                         {"kind": "cyclic", "baseLr": 0.01, "stepSizeUp": 3, "mode": "triangular2"},
                         {"kind": "cyclic", "baseLr": 0.01, "stepSizeUp": 3, "mode": "exp_range", "gamma": 0.99},
                         {"kind": "one-cycle", "totalSteps": 12, "anneal": "linear"},
                         {"kind": "reduce-on-plateau", "metric": "validationAccuracy"},
                         {"kind": "constant", "warmup": {"steps": 3, "startFactor": 0.0}}):
            with self.subTest(schedule=schedule):
                rates = self.rates(schedule, 10, metrics=[0.5] * 10)
                self.assertTrue(all(r >= 0 and math.isfinite(r) for r in rates))

    def test_armijo_and_smoothness_are_refused_with_a_reason(self):
        for kind in ("armijo", "smoothness"):
            with self.subTest(kind=kind), self.assertRaisesRegex(ValueError, "built-in trainer"):
                self.rates({"kind": kind}, 1)


if __name__ == "__main__":
    unittest.main()

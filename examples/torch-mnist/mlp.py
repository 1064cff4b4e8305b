"""The network and training loop shared by train.py (one process a trial) and train_worker.py (worker mode).

A PyTorch MLP 784-128-10 with ReLU, the built-in "mlp" model of examples/mnist-mlp-*.json, trained with the trial's
optimizer and schedule (sweepcluster.torch_optimizer / torch_scheduler build them from the spec), mean cross-entropy,
shuffled mini-batches seeded by training.seed; one JSON report an epoch.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))

import sweepcluster as sc  # noqa: E402  (found through the path above)
import torch  # noqa: E402
from torch import nn  # noqa: E402

FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def load(folder):
    """The four IDX files of `sweep data mnist --out FOLDER` as tensors: images scaled to [0, 1], labels 0-9."""
    for name in FILES:
        if not os.path.exists(os.path.join(folder, name)):
            sys.exit("%s not found: write the digits first with `sweep data mnist --out %s --seed 1`"
                     % (os.path.abspath(os.path.join(folder, name)), os.path.abspath(folder)))

    def read(name):
        dims, data = sc.read_idx(os.path.join(folder, name))
        return torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(dims[0], -1)

    train_x, train_y, val_x, val_y = (read(name) for name in FILES)
    return train_x.float() / 255.0, train_y.reshape(-1).long(), val_x.float() / 255.0, val_y.reshape(-1).long()


def train(t, data):
    """Trains one trial t (the dict of sweepcluster.trial()) on data (from load) and reports each epoch."""
    torch.set_num_threads(1)
    training = t["training"]
    torch.manual_seed(training["seed"])
    train_x, train_y, val_x, val_y = data
    rows = train_x.shape[0]
    batch = rows if training["batchSize"] == "full" else int(training["batchSize"])
    steps_per_epoch = (rows + batch - 1) // batch

    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = sc.torch_optimizer(model.parameters(), t)
    scheduler = sc.torch_scheduler(optimizer, steps_per_epoch, t)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(training["seed"])

    for epoch in range(1, training["epochs"] + 1):
        model.train()
        total = 0.0
        for index in torch.randperm(rows, generator=order).split(batch):
            loss = loss_fn(model(train_x[index]), train_y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item()
        model.eval()
        with torch.no_grad():
            logits = model(val_x)
            val_loss = loss_fn(logits, val_y).item()
            val_acc = (logits.argmax(1) == val_y).float().mean().item()
        train_loss = total / steps_per_epoch
        scheduler.epoch_end(train_loss=train_loss, validation_loss=val_loss, validation_accuracy=val_acc)
        sc.report(epoch=epoch, train_loss=train_loss, validation_loss=val_loss, validation_accuracy=val_acc,
                  learning_rate=scheduler.get_last_lr()[0])

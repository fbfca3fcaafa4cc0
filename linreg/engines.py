"""Two engines that train the same state, behind one interface.

- FaithfulEngine: the lesson's code: float32 tensors, autograd and torch.optim. The default.
- FastEngine: float64 sufficient statistics and linreg.optim's updates; O(1) an epoch on
  the full batch whatever the number of points, for big data sets and long runs.

An engine holds W, b and the optimizer's memory; `evaluate` gives the cost and the full-batch
gradient where it stands, `epoch` trains one epoch. linreg.train.step drives both.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from torch.optim.sgd import sgd

from . import quadratic
from .dataset import Dataset
from .model import LinearRegressionModel, cost, hypothesis
from .optim import ADAM_BETAS, ADAM_EPS, Memory, update
from .settings import Settings

FAITHFUL_MAX_POINTS = 20_000  # above this, "auto" picks the fast engine


class Evaluation(NamedTuple):
    """Where an engine stands: W, b, and the training cost and gradient there."""

    W: float
    b: float
    cost: float
    dW: float
    db: float


def epoch_seed(seed: int, epoch: int) -> int:
    """The shuffle of each epoch has its own seed, so a run can resume at any epoch."""
    return (seed * 1_000_003 + epoch) % (2**63 - 1)


def shuffled(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The order of the points in an epoch of mini-batches, as DataLoader(shuffle=True)."""
    return torch.randperm(n, generator=torch.Generator().manual_seed(epoch_seed(seed, epoch)))


def is_full_batch(settings: Settings, data: Dataset) -> bool:
    return settings.full_batch or settings.batch_size >= data.n_train


def choose_engine(data: Dataset, engine: str = "auto") -> str:
    if engine == "auto":
        return "fast" if data.n_train > FAITHFUL_MAX_POINTS else "faithful"
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    return engine


def make_engine(name: str, data: Dataset, settings: Settings, model: str = "tensor"):
    return ENGINES[choose_engine(data, name)](data, settings, model)


class FaithfulEngine:
    name = "faithful"

    def __init__(self, data: Dataset, settings: Settings, model: str = "tensor"):
        if model not in ("tensor", "module"):
            raise ValueError(f"unknown model form {model!r}")
        self.data, self.settings, self.model = data, settings, model

    def load(self, W: float, b: float, memory: Memory) -> Evaluation:
        if self.model == "module":
            module = LinearRegressionModel(W, b)
            self._params = [module.linear.weight, module.linear.bias]
            self._forward = module
        else:
            self._W = torch.tensor([W], dtype=torch.float32, requires_grad=True)
            self._b = torch.tensor([b], dtype=torch.float32, requires_grad=True)
            self._params = [self._W, self._b]
            self._forward = lambda x: hypothesis(x, self._W, self._b)
        self._optimizer = make_optimizer(self._params, self.settings)
        self._steps = memory.steps
        if memory.steps:
            self._restore(memory)
        return self.evaluate()

    def evaluate(self) -> Evaluation:
        for p in self._params:  # what optimizer.zero_grad() does, without its overhead
            p.grad = None
        c = cost(self._forward(self.data.x_train), self.data.y_train)
        c.backward()
        W, b = self._params
        return Evaluation(W.item(), b.item(), c.item(), W.grad.item(), b.grad.item())

    def epoch(self, epoch: int) -> None:
        """One epoch; the gradient at the current state is already in .grad (evaluate)."""
        s, data = self.settings, self.data
        if is_full_batch(s, data):
            self._optimizer.step()
            self._steps += 1
            return
        order = shuffled(data.n_train, s.seed, epoch)
        x, y = data.x_train, data.y_train
        for start in range(0, data.n_train, s.batch_size):
            batch = order[start:start + s.batch_size]
            self._optimizer.zero_grad()
            cost(self._forward(x[batch]), y[batch]).backward()
            self._optimizer.step()
            self._steps += 1

    def memory(self) -> Memory:
        kind = self.settings.optimizer
        values = [0.0, 0.0, 0.0, 0.0]
        for i, p in enumerate(self._params):
            state = self._optimizer.state.get(p, {})
            if kind == "momentum" and state.get("momentum_buffer") is not None:
                values[i] = float(state["momentum_buffer"].reshape(-1)[0])
            elif kind == "adam" and "exp_avg" in state:
                values[i] = float(state["exp_avg"].reshape(-1)[0])
                values[2 + i] = float(state["exp_avg_sq"].reshape(-1)[0])
        return Memory(*values, self._steps)

    def _restore(self, memory: Memory) -> None:
        kind = self.settings.optimizer
        if kind == "sgd":
            return  # nothing to restore: plain SGD has no memory
        for p, m, v in zip(self._params, memory[0:2], memory[2:4]):
            state = self._optimizer.state[p]
            if kind == "momentum":
                state["momentum_buffer"] = torch.full_like(p, m).detach()
            elif kind == "adam":
                state["step"] = torch.tensor(float(memory.steps), dtype=torch.float32)
                state["exp_avg"] = torch.full_like(p, m).detach()
                state["exp_avg_sq"] = torch.full_like(p, v).detach()


class PlainSGD:
    """torch.optim.SGD without momentum, through the function its step() calls.

    The same update on the same floats (param.add_(grad, alpha=-lr)); what it leaves out is
    step()'s wrapper (hooks, a profiler record, grad-mode guards), which costs more than the
    update on the lesson's three points, and whose optimizer imports torch's compiler (about
    1 s of a `python -m linreg` run). tests/unit/test_engines.py holds the two equal, bit for
    bit, over thousands of random runs.
    """

    def __init__(self, params, lr: float):
        self.params, self.lr = list(params), lr
        self.state: dict = {}  # plain SGD remembers nothing between steps

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        with torch.no_grad():
            sgd(self.params, [p.grad for p in self.params], [None] * len(self.params),
                foreach=False, weight_decay=0.0, momentum=0.0, lr=self.lr, dampening=0.0,
                nesterov=False, maximize=False)


def make_optimizer(params, settings: Settings):
    if settings.optimizer == "sgd":
        return PlainSGD(params, lr=settings.lr)
    if settings.optimizer == "momentum":
        return torch.optim.SGD(params, lr=settings.lr, momentum=settings.momentum)
    return torch.optim.Adam(params, lr=settings.lr, betas=ADAM_BETAS, eps=ADAM_EPS)


class FastEngine:
    name = "fast"

    def __init__(self, data: Dataset, settings: Settings, model: str = "tensor"):
        self.data, self.settings = data, settings

    def load(self, W: float, b: float, memory: Memory) -> Evaluation:
        self._W, self._b = float(W), float(b)
        self._memory = Memory(*(float(v) for v in memory[:4]), int(memory.steps))
        return self.evaluate()

    def evaluate(self) -> Evaluation:
        c, self._dW, self._db = quadratic.cost_and_gradient(self.data.train_stats, self._W,
                                                             self._b)
        return Evaluation(self._W, self._b, c, self._dW, self._db)

    def memory(self) -> Memory:
        return Memory(*self._memory)

    def _update(self, dW: float, db: float) -> None:
        s = self.settings
        self._W, self._b, self._memory = update(s.optimizer, s.lr, s.momentum, self._W,
                                                self._b, dW, db, self._memory)

    def epoch(self, epoch: int) -> None:
        s, data = self.settings, self.data
        if is_full_batch(s, data):
            self._update(self._dW, self._db)
            return
        # Mini-batches: per-batch sums in one vectorised pass, then O(1) per update.
        n = data.n_train
        order = shuffled(n, s.seed, epoch).numpy()
        x = data.x[~data.is_test].astype(np.float64)[order]
        y = data.y[~data.is_test].astype(np.float64)[order]
        starts = np.arange(0, n, s.batch_size)
        count = np.diff(np.append(starts, n)).astype(np.float64)
        sums = (np.add.reduceat(x, starts), np.add.reduceat(y, starts),
                np.add.reduceat(x * x, starts), np.add.reduceat(x * y, starts))
        for m, sx, sy, sxx, sxy in zip(count.tolist(), *(v.tolist() for v in sums)):
            self._update(*quadratic.gradient_from_sums(m, sx, sy, sxx, sxy, self._W, self._b))

    def full_batch_epochs(self, epochs: int, divergence_cost: float) -> tuple[list, float | None]:
        """Up to `epochs` full-batch epochs in one loop: (rows, None), or (rows, the cost
        that passed `divergence_cost`) when the run diverged. A row is (W, b, cost, dW, db)
        + memory."""
        s, stats = self.settings, self.data.train_stats
        kind, lr, momentum = s.optimizer, s.lr, s.momentum
        W, b, dW, db, memory = self._W, self._b, self._dW, self._db, self._memory
        rows = []
        for _ in range(epochs):
            W, b, memory = update(kind, lr, momentum, W, b, dW, db, memory)
            c, dW, db = quadratic.cost_and_gradient(stats, W, b)
            if not c <= divergence_cost:  # also catches NaN
                break
            rows.append((W, b, c, dW, db) + memory)
        else:
            c = None
        if rows:  # the engine stands on the last finite row
            self._W, self._b, _, self._dW, self._db = rows[-1][:5]
            self._memory = rows[-1][5:]
        return rows, c


ENGINES = {"faithful": FaithfulEngine, "fast": FastEngine}

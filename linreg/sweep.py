"""Many learning rates at once: K copies of the run that differ only in lr.

All K copies advance together in one batched float64 array computation from the data's
statistics, so a sweep of 50 rates costs about what one run costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import quadratic
from .analysis import analyse
from .dataset import Dataset
from .optim import Memory, update
from .settings import Settings
from .train import TrainState, run


@dataclass(frozen=True)
class Sweep:
    lrs: np.ndarray  # (K,)
    W: np.ndarray  # (epochs + 1, K); a diverged copy keeps its last finite value
    b: np.ndarray
    cost: np.ndarray
    diverged_at: np.ndarray  # (K,) first epoch past the divergence cost, -1 if none

    @property
    def final_cost(self) -> np.ndarray:
        return self.cost[-1]

    def epochs_to(self, tolerance: float) -> np.ndarray:
        """The first epoch at which each copy's cost is within `tolerance`; -1 if never."""
        reached = self.cost <= tolerance
        first = reached.argmax(axis=0)
        return np.where(reached.any(axis=0) & (self.diverged_at < 0), first, -1)


def train_many(data: Dataset, settings: Settings, lrs) -> Sweep:
    """Full-batch training of K copies, one per learning rate, all from (w0, b0)."""
    stats = data.train_stats
    lr = np.asarray(lrs, dtype=np.float64).reshape(-1)
    K = lr.size
    epochs = settings.epochs
    W = np.full(K, float(settings.w0))
    b = np.full(K, float(settings.b0))
    memory = Memory(*(np.zeros(K) for _ in range(4)), 0)
    out_W, out_b, out_cost = (np.empty((epochs + 1, K)) for _ in range(3))
    alive = np.ones(K, dtype=bool)
    diverged_at = np.full(K, -1)
    c, dW, db = quadratic.cost_and_gradient(stats, W, b)
    divergence_cost = quadratic.divergence_cost(stats, float(c[0]))
    for epoch in range(epochs + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            if epoch:  # a diverged copy stands still
                W_next, b_next, memory = update(settings.optimizer, lr, settings.momentum, W, b,
                                                dW, db, memory)
                W, b = np.where(alive, W_next, W), np.where(alive, b_next, b)
                c, dW, db = quadratic.cost_and_gradient(stats, W, b)
            bad = alive & ~(c <= divergence_cost)  # also NaN
        if bad.any():
            diverged_at[bad] = epoch
            alive &= ~bad
            # a diverged copy stays where it last was finite
            W = np.where(bad, out_W[epoch - 1], W)
            b = np.where(bad, out_b[epoch - 1], b)
            c, dW, db = quadratic.cost_and_gradient(stats, W, b)
        out_W[epoch], out_b[epoch], out_cost[epoch] = W, b, c
        if not alive.any():
            out_W[epoch + 1:], out_b[epoch + 1:] = W, b
            out_cost[epoch + 1:] = c
            break
    return Sweep(lr, out_W, out_b, out_cost, diverged_at)


def log_rates(low: float, high: float, count: int) -> np.ndarray:
    return np.geomspace(low, high, count)


# ---------------------------------------------------------------- comparisons for the explorer

@dataclass(frozen=True)
class Run:
    """One run of a comparison, with what became of it."""

    label: str
    W: np.ndarray  # (epochs + 1,)
    b: np.ndarray
    cost: np.ndarray
    diverged_at: int  # -1 if it did not diverge
    reached_at: int  # first epoch within the tolerance of the best cost, -1 if never

    @property
    def status(self) -> str:
        """diverged; converged (within the tolerance); converging (cost still falling, not
        there yet); or stalled (no better than where it started)."""
        if self.diverged_at >= 0:
            return "diverged"
        if self.reached_at >= 0:
            return "converged"
        return "converging" if self.cost[-1] < self.cost[0] else "stalled"


def _reached(cost: np.ndarray, cost_best: float, tolerance: float, diverged: int) -> int:
    if diverged >= 0:
        return -1
    within = np.nonzero(cost - cost_best <= tolerance)[0]
    return int(within[0]) if within.size else -1


def compare_rates(data: Dataset, settings: Settings, lrs, tolerance: float) -> list[Run]:
    """Full-batch runs from the same start, one per learning rate, trained together."""
    best = analyse(data.train_stats).cost_best
    sweep = train_many(data, settings, lrs)
    runs = []
    for k, lr in enumerate(sweep.lrs.tolist()):
        d = int(sweep.diverged_at[k])
        cost = sweep.cost[:, k]
        runs.append(Run(f"lr = {lr:.4g}", sweep.W[:, k], sweep.b[:, k], cost, d,
                        _reached(cost, best, tolerance, d)))
    return runs


def compare_optimizers(data: Dataset, settings: Settings, tolerance: float) -> list[Run]:
    """SGD, momentum and Adam at the same learning rate, full batch."""
    runs = []
    for optimizer in ("sgd", "momentum", "adam"):
        (run,) = compare_rates(data, settings.but(optimizer=optimizer), [settings.lr], tolerance)
        runs.append(Run(optimizer, run.W, run.b, run.cost, run.diverged_at, run.reached_at))
    return runs


def compare_batches(data: Dataset, settings: Settings, sizes, tolerance: float) -> list[Run]:
    """The same optimizer and rate with different batch sizes (0 is the full batch)."""
    best = analyse(data.train_stats).cost_best
    runs = []
    for size in sizes:
        state = run(TrainState(data, settings.but(batch_size=int(size)), engine="fast"))
        h = state.history
        W, b, cost = (_padded_to(h[c], settings.epochs + 1) for c in ("W", "b", "cost"))
        d = state.divergence.epoch if state.divergence else -1
        runs.append(Run(f"batch {size}" if size else "full batch", W, b, cost, d,
                        _reached(cost, best, tolerance, d)))
    return runs


def _padded_to(values: np.ndarray, length: int) -> np.ndarray:
    """A stopped run holds its last value to the end, like a diverged copy of a sweep."""
    out = np.empty(length)
    out[: values.size] = values
    out[values.size:] = values[-1]
    return out


@dataclass(frozen=True)
class RateSweep:
    lrs: np.ndarray
    final_cost: np.ndarray  # the last finite cost of each rate
    reached_at: np.ndarray  # epochs to the tolerance, -1 if never
    diverged_at: np.ndarray
    bound: float


def sweep_rates(data: Dataset, settings: Settings, tolerance: float, count: int = 60,
                low: float = 1e-3, high: float = 2.0) -> RateSweep:
    """`count` log-spaced rates from low to high times the stability bound, SGD, full batch."""
    a = analyse(data.train_stats)
    bound = a.stability_bound if np.isfinite(a.stability_bound) else 1.0
    lrs = log_rates(bound * low, bound * high, count)
    sweep = train_many(data, settings.but(optimizer="sgd"), lrs)
    reached = np.array([_reached(sweep.cost[:, k], a.cost_best, tolerance,
                                 int(sweep.diverged_at[k])) for k in range(count)])
    return RateSweep(lrs, sweep.cost[-1].copy(), reached, sweep.diverged_at.copy(), bound)


def distance_to_optimum(W, b, W_best: float, b_best: float) -> np.ndarray:
    """Euclidean distance of (W, b) to the optimum, per epoch."""
    return np.hypot(np.asarray(W, dtype=float) - W_best, np.asarray(b, dtype=float) - b_best)


def predicted_distance(epochs: np.ndarray, rate: float, anchor_epoch: int,
                       anchor_distance: float) -> np.ndarray:
    """distance_k = anchor * rate^(k - anchor): a straight line on a log scale."""
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        return anchor_distance * np.power(rate, np.asarray(epochs, dtype=float) - anchor_epoch)

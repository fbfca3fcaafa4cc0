"""What the data says about training: the best line, the Hessian, the stable learning rates.

For full-batch gradient descent on the MSE, the cost is a quadratic in (W, b) whose
Hessian is H = (2/n) [[Sxx, Sx], [Sx, n]]. Its eigenvalues lambda_min <= lambda_max fix
everything: SGD converges for lr < 2/lambda_max and each epoch shrinks the error along
an eigenvector by |1 - lr * lambda|.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from . import quadratic
from .dataset import Stats


@dataclass(frozen=True)
class Analysis:
    W_best: float | None  # None when every x is equal: no unique best line
    b_best: float | None
    cost_best: float
    hessian: tuple[tuple[float, float], tuple[float, float]]
    lambda_min: float
    lambda_max: float

    @property
    def unique_optimum(self) -> bool:
        return self.W_best is not None

    @property
    def stability_bound(self) -> float:
        """The largest stable learning rate for plain SGD on the full batch: 2/lambda_max."""
        return 2.0 / self.lambda_max if self.lambda_max > 0 else math.inf

    @property
    def smooth_bound(self) -> float:
        """Below 1/lambda_max every direction shrinks without changing sign (no zig-zag)."""
        return 1.0 / self.lambda_max if self.lambda_max > 0 else math.inf

    @property
    def fastest_lr(self) -> float:
        """2/(lambda_min + lambda_max): both directions shrink equally fast."""
        total = self.lambda_min + self.lambda_max
        return 2.0 / total if total > 0 else math.inf

    @property
    def condition_number(self) -> float:
        return self.lambda_max / self.lambda_min if self.lambda_min > 0 else math.inf

    def momentum_bound(self, momentum: float) -> float:
        """Heavy-ball momentum is stable for lr < 2 (1 + momentum) / lambda_max."""
        return 2.0 * (1.0 + momentum) / self.lambda_max if self.lambda_max > 0 else math.inf

    def rate(self, lr: float) -> float:
        """How much the distance to the optimum is multiplied by each epoch (the slowest way)."""
        return max(abs(1.0 - lr * self.lambda_min), abs(1.0 - lr * self.lambda_max))

    def slow_rate(self, lr: float) -> float:
        """The factor along the flattest direction, 1 - lr * lambda_min: the long tail."""
        return abs(1.0 - lr * self.lambda_min)

    def zone(self, lr: float) -> str:
        """'smooth', 'oscillating' or 'diverging' for plain SGD at this learning rate."""
        if lr <= self.smooth_bound:
            return "smooth"
        if lr < self.stability_bound:
            return "oscillating"
        return "diverging"


@functools.lru_cache(maxsize=256)
def analyse(stats: Stats) -> Analysis:
    """What a data set's statistics say about training; computed once per data set (the page
    asks for it many times a rerun)."""
    lambda_min, lambda_max = quadratic.eigenvalues(stats)
    best = quadratic.optimum(stats)
    if best is None:  # any line through the mean of y at that x
        return Analysis(None, None, stats.var_y, quadratic.hessian(stats), lambda_min,
                        lambda_max)
    return Analysis(*best, quadratic.hessian(stats), lambda_min, lambda_max)


def r_squared(stats: Stats, W: float, b: float) -> float:
    """1 - cost / variance of y: the share of y's spread the line explains."""
    if stats.var_y == 0:
        return math.nan
    return 1.0 - quadratic.cost(stats, W, b) / stats.var_y


def rmse(stats: Stats, W: float, b: float) -> float:
    return math.sqrt(quadratic.cost(stats, W, b))

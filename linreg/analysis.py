"""What the data says about training: the best line, the Hessian, the stable learning rates.

For full-batch gradient descent on the MSE, the cost is a quadratic in (W, b) whose
Hessian is H = (2/n) [[Sxx, Sx], [Sx, n]]. Its eigenvalues lambda_min <= lambda_max fix
everything: SGD converges for lr < 2/lambda_max and each epoch shrinks the error along
an eigenvector by |1 - lr * lambda|.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .data import Stats


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


def analyse(st: Stats) -> Analysis:
    mean_xx = st.var_x + st.mean_x**2
    hessian = ((2.0 * mean_xx, 2.0 * st.mean_x), (2.0 * st.mean_x, 2.0))
    half_trace = mean_xx + 1.0
    det = 4.0 * st.var_x  # = 4 (E[x^2] - E[x]^2), exact from the centred statistics
    lambda_max = half_trace + math.sqrt(max(half_trace**2 - det, 0.0))
    lambda_min = det / lambda_max if lambda_max > 0 else 0.0  # stable for a tiny lambda_min
    if st.var_x > 0:
        W_best = st.cov_xy / st.var_x
        b_best = st.mean_y - W_best * st.mean_x
        cost_best = max(st.var_y - st.cov_xy**2 / st.var_x, 0.0)
    else:
        W_best = b_best = None
        cost_best = st.var_y  # any line through the mean of y at that x
    return Analysis(W_best, b_best, cost_best, hessian, lambda_min, lambda_max)


def r_squared(st: Stats, W: float, b: float) -> float:
    """1 - cost / variance of y: the share of y's spread the line explains."""
    if st.var_y == 0:
        return math.nan
    return 1.0 - mse(st, W, b) / st.var_y


def mse(st: Stats, W: float, b: float) -> float:
    e = W * st.mean_x + b - st.mean_y
    return e * e + max(W * W * st.var_x - 2.0 * W * st.cov_xy + st.var_y, 0.0)


def rmse(st: Stats, W: float, b: float) -> float:
    return math.sqrt(mse(st, W, b))

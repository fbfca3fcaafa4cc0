"""The cost of H(x) = Wx + b as a quadratic in (W, b): the one home of its maths.

Everything here reads the data's centred statistics (linreg.dataset.Stats), so it costs the
same for three points or a million. The functions take floats, numpy arrays or torch
tensors alike (a grid of W against b, K copies of a run), so every caller uses the same
formula:

    Cost(W, b) = (W mean_x + b - mean_y)^2 + W^2 var_x - 2 W cov_xy + var_y
    Hessian    = (2/n) [[Sxx, Sx], [Sx, n]] = 2 [[E[x^2], E[x]], [E[x], 1]]
"""

from __future__ import annotations

import math

DIVERGENCE_FACTOR = 1e8  # a cost this many times the starting scale counts as diverged


def mean_error(stats, W, b):
    """mean(H(x) - y) = W mean_x + b - mean_y."""
    return W * stats.mean_x + b - stats.mean_y


def _spread(stats, W):
    """mean((Wx - y - mean(Wx - y))^2): a variance, which rounding can put a hair below 0."""
    value = W * W * stats.var_x - 2.0 * W * stats.cov_xy + stats.var_y
    if isinstance(value, float):
        return value if value > 0.0 else 0.0
    if hasattr(value, "clamp"):  # a torch tensor
        return value.clamp(min=0.0)
    import numpy as np

    return np.maximum(value, 0.0)


def cost(stats, W, b):
    """Cost(W, b) = mean((Wx + b - y)^2)."""
    error = mean_error(stats, W, b)
    return error * error + _spread(stats, W)


def cost_and_gradient(stats, W, b):
    """The cost and (dCost/dW, dCost/db) = (2 mean((H - y) x), 2 mean(H - y))."""
    error = W * stats.mean_x + b - stats.mean_y  # mean_error, inline: once an epoch
    return (error * error + _spread(stats, W),
            2.0 * (error * stats.mean_x + W * stats.var_x - stats.cov_xy), 2.0 * error)


def gradient(stats, W, b):
    return cost_and_gradient(stats, W, b)[1:]


def gradient_from_sums(count, sum_x, sum_y, sum_xx, sum_xy, W, b):
    """The gradient on a mini-batch from its raw sums (a batch is too small to centre)."""
    return (2.0 * (W * sum_xx + b * sum_x - sum_xy) / count,
            2.0 * (W * sum_x + b * count - sum_y) / count)


def hessian(stats) -> tuple[tuple[float, float], tuple[float, float]]:
    mean_xx = stats.var_x + stats.mean_x**2
    return (2.0 * mean_xx, 2.0 * stats.mean_x), (2.0 * stats.mean_x, 2.0)


def eigenvalues(stats) -> tuple[float, float]:
    """(lambda_min, lambda_max) of the Hessian, stable when lambda_min is tiny."""
    half_trace = stats.var_x + stats.mean_x**2 + 1.0
    det = 4.0 * stats.var_x  # = 4 (E[x^2] - E[x]^2), exact from the centred statistics
    lambda_max = half_trace + math.sqrt(max(half_trace**2 - det, 0.0))
    lambda_min = det / lambda_max if lambda_max > 0 else 0.0
    return lambda_min, lambda_max


def optimum(stats) -> tuple[float, float, float] | None:
    """(W*, b*, cost*), or None when every x is equal: then no line is the single best."""
    if stats.var_x <= 0:
        return None
    W = stats.cov_xy / stats.var_x
    return W, stats.mean_y - W * stats.mean_x, max(stats.var_y - stats.cov_xy**2 / stats.var_x,
                                                   0.0)


def divergence_cost(stats, start_cost: float) -> float:
    """The cost past which a run counts as diverged: far above where it started and above
    the cost of the line y = 0, so no converging run can reach it."""
    scale = max(start_cost, stats.mean_y**2 + stats.var_y, 1e-12)
    if not math.isfinite(scale):
        scale = 1e-12
    return DIVERGENCE_FACTOR * scale

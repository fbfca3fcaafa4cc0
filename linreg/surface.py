"""The cost over a (W, b) grid, from the data's centred statistics (linreg.quadratic), so
a grid costs the same for three points or a million; and axis ranges that show a run."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import quadratic
from .analysis import analyse
from .dataset import Stats


@dataclass(frozen=True)
class Grid:
    W: np.ndarray  # (nW,)
    b: np.ndarray  # (nb,)
    cost: np.ndarray  # (nb, nW): rows are b, columns W, as a contour plot wants them


def cost_grid(stats: Stats, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cost at every (W, b) of the grid, shape (nb, nW)."""
    W = np.asarray(W, dtype=np.float64)[None, :]
    b = np.asarray(b, dtype=np.float64)[:, None]
    return quadratic.cost(stats, W, b)


def surface(stats: Stats, W_range: tuple[float, float], b_range: tuple[float, float],
            size: int = 60) -> Grid:
    W = np.linspace(*W_range, size)
    b = np.linspace(*b_range, size)
    return Grid(W, b, cost_grid(stats, W, b))


def view_ranges(stats: Stats, W_path=(), b_path=(), margin: float = 0.15,
                limit: float = 1e4) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis ranges covering the optimum and the path (finite parts within ±limit)."""
    a = analyse(stats)
    Ws = [v for v in np.asarray(W_path, dtype=float).tolist() if abs(v) <= limit]
    bs = [v for v in np.asarray(b_path, dtype=float).tolist() if abs(v) <= limit]
    if a.unique_optimum:
        Ws.append(a.W_best)
        bs.append(a.b_best)
    if not Ws:
        Ws = [0.0]
    if not bs:
        bs = [stats.mean_y]
    return _padded(min(Ws), max(Ws), margin), _padded(min(bs), max(bs), margin)


def readable_limit(analysis, start: tuple[float, float]) -> float:
    """How far from 0 a path may go and still set the axes: a diverging path beyond this runs
    off the chart instead of zooming the chart out to 1e18."""
    scale = max(abs(start[0]), abs(start[1]), 1.0)
    if analysis.unique_optimum:
        scale = max(scale, abs(analysis.W_best), abs(analysis.b_best))
    return 4 * scale


def _padded(low: float, high: float, margin: float) -> tuple[float, float]:
    span = high - low
    pad = max(span * margin, 0.5 * max(abs(low), abs(high)) * margin, 0.5)
    if not math.isfinite(pad):
        pad = 1.0
    return low - pad, high + pad

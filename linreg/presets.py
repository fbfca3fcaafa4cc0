"""The preset data sets, and a generator of noisy points on a line."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .dataset import MAX_ABS_VALUE, MAX_POINTS, Dataset, points
from .errors import InputError


@dataclass(frozen=True)
class Generator:
    """Points on a line y = slope*x + intercept plus Gaussian noise, reproducible by seed."""

    n: int = 20
    slope: float = 2.0
    intercept: float = 1.0
    noise: float = 1.0
    seed: int = 1
    x_low: float = 0.0
    x_high: float = 5.0
    test_fraction: float = 0.2

    LIMITS = {
        "n": (2, MAX_POINTS), "slope": (-1e4, 1e4), "intercept": (-1e5, 1e5),
        "noise": (0.0, 1e5), "seed": (0, 2**31 - 1), "x_low": (-1e5, 1e5),
        "x_high": (-1e5, 1e5), "test_fraction": (0.0, 0.9),
    }

    def validate(self) -> None:
        for name, (low, high) in self.LIMITS.items():
            value = getattr(self, name)
            # an int is compared as it is: math.isfinite(10**400) would overflow
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)
            ) or not (low <= value <= high):
                raise InputError("generator_bad", name=name, low=low, high=high)
        if self.x_high <= self.x_low:
            raise InputError("generator_bad", name="x_high", low=self.x_low, high=1e5)

    def make(self) -> Dataset:
        self.validate()
        rng = np.random.default_rng(int(self.seed))
        n = int(self.n)
        x = rng.uniform(self.x_low, self.x_high, n)
        y = self.slope * x + self.intercept + self.noise * rng.standard_normal(n)
        n_test = min(int(round(n * self.test_fraction)), n - 2)
        is_test = np.zeros(n, dtype=bool)
        is_test[rng.choice(n, size=n_test, replace=False)] = True
        order = np.argsort(x, kind="stable")
        y = np.clip(y, -MAX_ABS_VALUE, MAX_ABS_VALUE)
        return Dataset(x[order], y[order], is_test[order])


def _lesson() -> Dataset:
    # The lesson's training data; its test idea (4 hours -> ?) as one test point.
    return points([1, 2, 3], [2, 4, 6], [4], [8])


def _lesson_first() -> Dataset:
    return points([1, 2, 3], [4, 5, 6], [4], [7])


def _noisy() -> Dataset:
    return Generator(n=30, slope=1.5, intercept=2.0, noise=1.0, seed=7, x_low=0, x_high=6).make()


def _outlier() -> Dataset:
    x = np.arange(1, 11, dtype=np.float64)
    y = 2 * x + 1
    y[7] = 3.0  # one point far below the line pulls it down
    is_test = np.zeros(10, dtype=bool)
    is_test[[2, 5]] = True
    return Dataset(x, y, is_test)


def _unscaled() -> Dataset:
    rng = np.random.default_rng(3)
    x = np.linspace(995, 1005, 12)
    y = 0.5 * x - 400 + rng.normal(0, 0.3, x.size)
    is_test = np.zeros(x.size, dtype=bool)
    is_test[[3, 8]] = True
    return Dataset(x, y, is_test)


PRESETS = {
    "lesson": _lesson,
    "lesson_first": _lesson_first,
    "noisy": _noisy,
    "outlier": _outlier,
    "unscaled": _unscaled,
}


@functools.cache
def preset(name: str) -> Dataset:
    """A preset data set (cached: data sets are immutable)."""
    try:
        return PRESETS[name]()
    except KeyError:
        raise InputError("setting_bad_choice", name="preset", choices=", ".join(PRESETS),
                         value=name) from None

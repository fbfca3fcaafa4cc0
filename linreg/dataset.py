"""The data set: train and test points in table order, and their centred statistics."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import torch

from .errors import InputError

if TYPE_CHECKING:  # imported in to_frame only (why: linreg.parsing)
    import pandas as pd

MAX_ABS_VALUE = 1e6  # keeps W*x and the squared errors far inside float32
MAX_POINTS = 2_000_000  # a million points fit, with room
TRAIN, TEST = "train", "test"


@dataclass(frozen=True)
class Stats:
    """Centred float64 sufficient statistics: all that full-batch MSE needs of the data.

    var_x, cov_xy and var_y are divided by n. Centring keeps them exact for x around 1000,
    where the uncentred sums in float32 lose every digit that matters.
    """

    n: int
    mean_x: float
    mean_y: float
    var_x: float
    cov_xy: float
    var_y: float

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray) -> Stats:
        n = int(x.size)
        if n == 0:
            return cls(0, 0.0, 0.0, 0.0, 0.0, 0.0)
        x64 = np.asarray(x, dtype=np.float64)
        y64 = np.asarray(y, dtype=np.float64)
        mean_x = float(x64.mean())
        mean_y = float(y64.mean())
        dx = x64 - mean_x
        dy = y64 - mean_y
        return cls(
            n, mean_x, mean_y, float(dx @ dx) / n, float(dx @ dy) / n, float(dy @ dy) / n
        )


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points in table order; `is_test` marks the test set (the lesson's two data sets)."""

    x: np.ndarray  # (N,) float32
    y: np.ndarray  # (N,) float32
    is_test: np.ndarray = field(default=None)  # (N,) bool

    def __post_init__(self):
        x = np.ascontiguousarray(self.x, dtype=np.float32).reshape(-1)
        y = np.ascontiguousarray(self.y, dtype=np.float32).reshape(-1)
        is_test = (
            np.zeros(x.shape, dtype=bool)
            if self.is_test is None
            else np.ascontiguousarray(self.is_test, dtype=bool).reshape(-1)
        )
        if not (x.shape == y.shape == is_test.shape):
            raise ValueError("x, y and is_test must have the same length")
        if x.size and not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise InputError("data_not_finite")
        if x.size and max(np.abs(x).max(), np.abs(y).max()) > MAX_ABS_VALUE:
            raise InputError("data_out_of_range", limit=MAX_ABS_VALUE)
        n_train = int((~is_test).sum())
        if n_train < 2:
            if x.size >= 2 and n_train == 0:
                raise InputError("no_train_points")
            raise InputError("too_few_points", found=n_train)
        for name, value in (("x", x), ("y", y), ("is_test", is_test)):
            value.flags.writeable = False
            object.__setattr__(self, name, value)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Dataset)
            and np.array_equal(self.x, other.x)
            and np.array_equal(self.y, other.y)
            and np.array_equal(self.is_test, other.is_test)
        )

    __hash__ = None

    @property
    def size(self) -> int:
        return int(self.x.size)

    @cached_property
    def n_train(self) -> int:
        return int((~self.is_test).sum())

    @cached_property
    def n_test(self) -> int:
        return int(self.is_test.sum())

    # The lesson's tensors: x_train = torch.FloatTensor([[1], [2], [3]]), shape (n, 1).
    @cached_property
    def x_train(self) -> torch.Tensor:
        return torch.from_numpy(self.x[~self.is_test].copy()).reshape(-1, 1)

    @cached_property
    def y_train(self) -> torch.Tensor:
        return torch.from_numpy(self.y[~self.is_test].copy()).reshape(-1, 1)

    @cached_property
    def x_test(self) -> torch.Tensor:
        return torch.from_numpy(self.x[self.is_test].copy()).reshape(-1, 1)

    @cached_property
    def y_test(self) -> torch.Tensor:
        return torch.from_numpy(self.y[self.is_test].copy()).reshape(-1, 1)

    @cached_property
    def fingerprint(self) -> str:
        """Equal points give equal fingerprints: caches shared between sessions use it."""
        import hashlib

        digest = hashlib.sha1(self.x.tobytes())
        digest.update(self.y.tobytes())
        digest.update(self.is_test.tobytes())
        return digest.hexdigest()[:20]

    @cached_property
    def train_stats(self) -> Stats:
        mask = ~self.is_test
        return Stats.of(self.x[mask], self.y[mask])

    @cached_property
    def test_stats(self) -> Stats:
        return Stats.of(self.x[self.is_test], self.y[self.is_test])

    def sets(self) -> list[str]:
        return [TEST if t else TRAIN for t in self.is_test]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            {"x": self.x.astype(np.float64), "y": self.y.astype(np.float64),
             "set": np.where(self.is_test, TEST, TRAIN)}
        )

    def to_csv(self) -> str:
        """x,y,set rows; floats written with repr so they read back to the same float32."""
        out = io.StringIO()
        out.write("x,y,set\n")
        for xv, yv, t in zip(self.x.tolist(), self.y.tolist(), self.is_test.tolist()):
            out.write(f"{shortest_decimal(xv)},{shortest_decimal(yv)},{TEST if t else TRAIN}\n")
        return out.getvalue()


def shortest_decimal(value: float) -> str:
    """The shortest decimal that reads back to the same float32."""
    f32 = np.float32(value)
    return np.format_float_positional(f32, trim="-") if abs(f32) < 1e16 else repr(float(f32))


def points(x, y, test_x=(), test_y=()) -> Dataset:
    """A data set from train lists and optional test lists."""
    xs = list(x) + list(test_x)
    ys = list(y) + list(test_y)
    is_test = [False] * len(list(x)) + [True] * len(list(test_x))
    return Dataset(np.array(xs, dtype=np.float32), np.array(ys, dtype=np.float32),
                   np.array(is_test, dtype=bool))

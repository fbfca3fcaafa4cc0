"""Edits made by hand on the plots: add, move or delete a point, or move the start (W, b).

An edit arrives from the browser as a small mapping. Whatever it holds, only a valid edit
comes out: a new Dataset, or a new start; anything else is an InputError with a message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .dataset import MAX_ABS_VALUE, TEST, TRAIN, Dataset
from .errors import InputError

MAX_HAND_POINTS = 400  # beyond this, points are edited in the table or a CSV
POINT_OPS = ("add", "move", "delete")


def _number(edit: Mapping, name: str) -> float:
    value = edit.get(name)
    # bool is an int in Python; a browser never means True as a coordinate
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("edit_malformed")
    value = float(value)
    if not math.isfinite(value):
        raise InputError("edit_malformed")
    if abs(value) > MAX_ABS_VALUE:
        raise InputError("data_out_of_range", limit=MAX_ABS_VALUE)
    return value


def _index(edit: Mapping, data: Dataset) -> int:
    value = edit.get("index")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < data.size:
        raise InputError("edit_malformed")
    return value


def edit_points(data: Dataset, edit: Mapping) -> Dataset:
    """The points after one edit; the Dataset's own checks apply (bounds, two train points)."""
    if not isinstance(edit, Mapping) or edit.get("op") not in POINT_OPS:
        raise InputError("edit_malformed")
    op = edit["op"]
    if data.size > MAX_HAND_POINTS or (op == "add" and data.size >= MAX_HAND_POINTS):
        raise InputError("edit_too_many", limit=MAX_HAND_POINTS)
    x, y, is_test = data.x.copy(), data.y.copy(), data.is_test.copy()
    if op == "add":
        new_x, new_y = _number(edit, "x"), _number(edit, "y")
        part = edit.get("set", TRAIN)
        if part not in (TRAIN, TEST):
            raise InputError("edit_malformed")
        x, y = np.append(x, np.float32(new_x)), np.append(y, np.float32(new_y))
        is_test = np.append(is_test, part == TEST)
    elif op == "move":
        i = _index(edit, data)
        x[i], y[i] = np.float32(_number(edit, "x")), np.float32(_number(edit, "y"))
    else:
        i = _index(edit, data)
        keep = np.arange(data.size) != i
        x, y, is_test = x[keep], y[keep], is_test[keep]
    return Dataset(x, y, is_test)


def edit_start(edit: Mapping) -> tuple[float, float]:
    """The new initial (W, b); the settings check their range."""
    if not isinstance(edit, Mapping) or edit.get("op") != "start":
        raise InputError("edit_malformed")
    return _number(edit, "W"), _number(edit, "b")

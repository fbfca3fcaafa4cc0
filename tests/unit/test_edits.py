"""Edits by hand: only valid edits change the points, whatever the browser sends."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linreg.dataset import Dataset
from linreg.edits import MAX_HAND_POINTS, edit_points, edit_start
from linreg.errors import InputError
from linreg.presets import preset

LESSON = preset("lesson")


def test_add_move_delete():
    added = edit_points(LESSON, {"op": "add", "x": 2.5, "y": 1.0, "set": "train"})
    assert added.size == LESSON.size + 1
    assert (added.x[-1], added.y[-1], added.is_test[-1]) == (2.5, 1.0, False)
    test_point = edit_points(LESSON, {"op": "add", "x": 5, "y": 10, "set": "test"})
    assert test_point.n_test == LESSON.n_test + 1
    moved = edit_points(LESSON, {"op": "move", "index": 0, "x": 1.0, "y": 3.0})
    assert moved.y[0] == 3.0 and np.array_equal(moved.y[1:], LESSON.y[1:])
    deleted = edit_points(LESSON, {"op": "delete", "index": 3})
    assert deleted.size == LESSON.size - 1 and deleted.n_test == 0


def test_delete_below_two_training_points_is_refused():
    data = Dataset([1.0, 2.0], [2.0, 4.0])
    with pytest.raises(InputError) as error:
        edit_points(data, {"op": "delete", "index": 0})
    assert error.value.code == "too_few_points"


@pytest.mark.parametrize("edit", [
    None, [], "add", {}, {"op": "teleport"}, {"op": "add", "x": "1", "y": 2},
    {"op": "add", "x": True, "y": 2}, {"op": "add", "x": math.nan, "y": 2},
    {"op": "add", "x": 1, "y": math.inf}, {"op": "add", "x": 1, "y": 2, "set": "validation"},
    {"op": "add", "x": 1, "y": 2, "set": None},
    {"op": "move", "index": 99, "x": 1, "y": 2}, {"op": "move", "index": -1, "x": 1, "y": 2},
    {"op": "move", "index": 1.0, "x": 1, "y": 2}, {"op": "move", "index": "0", "x": 1, "y": 2},
    {"op": "delete"}, {"op": "delete", "index": [0]}, {"op": "delete", "index": {"$gt": 0}},
    {"op": "move", "index": 0, "x": {"nested": [1, 2]}, "y": 2},
])
def test_malformed_edits_are_refused(edit):
    with pytest.raises(InputError) as error:
        edit_points(LESSON, edit)
    assert error.value.code == "edit_malformed"


def test_out_of_range_values_are_refused():
    with pytest.raises(InputError) as error:
        edit_points(LESSON, {"op": "add", "x": 1e300, "y": 0})
    assert error.value.code == "data_out_of_range"


def test_big_data_sets_are_edited_in_the_table():
    n = MAX_HAND_POINTS + 1
    data = Dataset(np.arange(n, dtype=np.float32), np.arange(n, dtype=np.float32))
    with pytest.raises(InputError) as error:
        edit_points(data, {"op": "move", "index": 0, "x": 1, "y": 1})
    assert error.value.code == "edit_too_many"
    full = Dataset(np.arange(MAX_HAND_POINTS, dtype=np.float32),
                   np.arange(MAX_HAND_POINTS, dtype=np.float32))
    with pytest.raises(InputError):
        edit_points(full, {"op": "add", "x": 1, "y": 1})
    assert edit_points(full, {"op": "delete", "index": 0}).size == MAX_HAND_POINTS - 1


def test_start():
    assert edit_start({"op": "start", "W": 1.5, "b": -0.5}) == (1.5, -0.5)
    for bad in ({"op": "start", "W": "1", "b": 0}, {"op": "start", "W": 1}, {"op": "add"}, 7):
        with pytest.raises(InputError):
            edit_start(bad)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                          children, max_size=3),
    max_leaves=10)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")), deadline=None)
@given(st.dictionaries(st.sampled_from(["op", "x", "y", "index", "set", "W", "b", "extra"]),
                       json_values | st.sampled_from(["add", "move", "delete", "start",
                                                      "train", "test"]), max_size=6))
def test_any_message_gives_valid_points_or_a_clear_error(edit):
    for apply in (lambda e: edit_points(LESSON, e), edit_start):
        try:
            result = apply(edit)
        except InputError as error:
            assert str(error)
            continue
        if isinstance(result, Dataset):
            assert np.isfinite(result.x).all() and np.isfinite(result.y).all()
            assert result.n_train >= 2
        else:
            assert all(math.isfinite(v) for v in result)

"""Numbers at the edges, on the page: each handled, none a traceback."""

from __future__ import annotations

import math

import pytest
from lesson_log import lessons_loop


def warnings(page) -> str:
    return " ".join(w.value for w in page.at.warning)


def test_all_x_equal_says_there_is_no_unique_optimum(open_link):
    page = open_link({"x": "2,2,2", "y": "1,2,3"})
    assert "no single best line" in warnings(page)
    page.act("run_end")
    assert not page.at.exception
    shown = page.shown
    assert math.isfinite(shown["W"]) and math.isfinite(shown["cost"])
    # the surface and the fit still draw, without an optimum to mark
    assert page.player["figs"]["contour"]["data"]
    page.open_tab("Learning rate")
    assert "no single best line" in warnings(page)


def test_one_point_is_refused_with_a_message_and_the_link_loads_the_rest(open_link):
    page = open_link({"x": "1", "y": "2", "lr": "0.02"})
    assert "two" in warnings(page).lower()
    assert page.lab.settings.lr == 0.02
    assert page.player["points"]["x"] == [1, 2, 3, 4]


def test_zero_epochs(open_link):
    page = open_link({"epochs": "0"})
    page.act("run_end")
    assert page.player["at"] == 0 and page.player["end"] == 0
    # the lesson's loop runs range(0 + 1): one update, one log line
    assert page.log() == ["Epoch    0/0 W: 0.187, b: 0.080 Cost: 18.666666"]
    page.act("step")
    page.act("play")
    assert page.player["at"] == 0 and not page.player["more"] and not page.at.exception
    page.act("finished")
    assert page.log() == ["Epoch    0/0 W: 0.187, b: 0.080 Cost: 18.666666"]


def test_the_most_epochs(open_link):
    page = open_link({"epochs": "100000"})
    page.act("run_end")
    assert page.player["at"] == 100_000
    assert len(page.player["rows"]["epoch"]) <= 4001  # drawn decimated
    W, b, cost = page.readouts()  # the readouts show 2.000, 0.000 and a cost under 1e-6
    assert abs(W - 2) < 5e-4 and abs(b) < 5e-4 and 0 <= cost < 1e-6
    assert not page.at.exception


def test_a_learning_rate_of_zero_stands_still(open_link):
    page = open_link({"lr": "0"})
    page.act("step10")
    assert page.readouts() == lessons_loop(epochs=0)[0]  # where it started: 0, 0, 56/3


@pytest.mark.parametrize("lr", ["0.5", "1000"])
def test_a_huge_learning_rate_diverges_safely(open_link, lr):
    page = open_link({"lr": lr})
    page.act("run_end")
    data = page.player
    assert data["diverged"] and "diverged at epoch" in data["diverged"].lower()
    shown = page.shown
    assert all(math.isfinite(shown[k]) for k in ("W", "b", "cost"))
    assert data["at"] < 1000 and not page.at.exception
    page.act("play")  # nothing to play: it stays on the last finite epoch
    assert page.player["at"] == data["at"]


@pytest.mark.parametrize("query", [
    {"lr": "nan"}, {"lr": "-1"}, {"lr": "1e999"}, {"epochs": "1e9"}, {"epochs": "-3"},
    {"w0": "inf"}, {"batch_size": "-1"}, {"x": "1e300,2,3", "y": "1,2,3"},
    {"x": "1,2," * 3000, "y": "1"}, {"lock": "everything"}, {"lang": "xx"},
    {"optimizer": "rmsprop"}, {"x": "%00", "y": "<b>"},
])
def test_hostile_links_load_with_a_notice(open_link, query):
    page = open_link(query)
    assert page.at.warning, query
    assert not page.at.exception
    assert page.player["at"] == 0

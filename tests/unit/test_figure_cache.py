"""The figures' cache, shared by every session of a server: one drawing a key, bounded."""

from collections import OrderedDict

import pytest

from linreg import figures


@pytest.fixture
def empty_cache(monkeypatch):
    monkeypatch.setattr(figures, "_shared", OrderedDict())


def drawer(drawn: list, name: str):
    def draw():
        drawn.append(name)
        return {"data": [], "layout": {"title": {"text": name}}}
    return draw


def test_sessions_asking_for_one_key_share_one_drawing(empty_cache):
    drawn = []
    first = figures.shared("contour-a", drawer(drawn, "a"))
    again = figures.shared("contour-a", drawer(drawn, "a"))
    assert again is first and drawn == ["a"]
    figures.shared("contour-b", drawer(drawn, "b"))
    assert drawn == ["a", "b"]


def test_the_least_recently_used_figure_is_dropped_first(empty_cache, monkeypatch):
    monkeypatch.setattr(figures, "SHARED_FIGURES", 2)
    drawn = []
    for key in ("a", "b", "a", "c"):  # "a" is used again, so "b" is the oldest when "c" comes
        figures.shared(key, drawer(drawn, key))
    assert list(figures._shared) == ["a", "c"]
    figures.shared("b", drawer(drawn, "b"))
    assert drawn == ["a", "b", "c", "b"]

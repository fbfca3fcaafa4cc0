"""The page's first run sends the player alone (with the top); the sidebar and the tabs
follow once the player says its first plots are drawn (app.py)."""

from __future__ import annotations

import json

from conftest import APP
from streamlit.testing.v1 import AppTest


def awaits_plots(at: AppTest) -> bool:
    (element,) = at.get("bidi_component")
    return json.loads(element.proto.bytes)["await_plots"]


def test_the_sidebar_and_the_tabs_follow_the_players_first_plots():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert len(at.number_input) == 0 and len(at.tabs) == 0  # the sidebar's room alone
    assert awaits_plots(at)
    at.session_state["page"].player.action = {"name": "drawn"}
    at.run()
    assert not at.exception, at.exception
    assert at.number_input(key="set_lr") and len(at.tabs) == 5
    assert not awaits_plots(at)
    at.run()  # and they stay
    assert at.number_input(key="set_lr") and len(at.tabs) == 5

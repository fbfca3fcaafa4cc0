"""Page flows through Streamlit's AppTest: the script runs in-process, no browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


class Page:
    """The page under test, with the player's actions sent the way the player sends them."""

    def __init__(self, query: dict | None = None):
        self.at = AppTest.from_file(APP, default_timeout=120)
        self.figures = (None, None)  # the figures the player holds, and their key
        if query:
            self.at.query_params.update(query)
        self.at.run()
        if not self.at.exception:  # the player's first plots drawn: the rest of the page
            self.send({"name": "drawn"})
            self.at.run()

    def run(self):
        self.at.run()
        return self

    @property
    def state(self):
        """The page's own state (ui/state.PageState)."""
        return self.at.session_state["page"]

    @property
    def lab(self):
        return self.at.session_state["lab"]

    def send(self, action) -> None:
        """An action as the player sends it, applied by the next run."""
        self.state.player.action = action

    @property
    def player(self) -> dict:
        """What the live player was given: its rows, the epoch it shows, its log."""
        (element,) = self.at.get("bidi_component")
        data = json.loads(element.proto.bytes)  # ui/player.py sends JSON as bytes
        # as the player does: figures come once, and are kept by their key
        if data["figs"] is not None:
            self.figures = (data["figs_key"], data["figs"])
        elif self.figures[0] == data["figs_key"]:
            data["figs"] = self.figures[1]
        else:  # figures sent in a run this test did not read: ask again, as the player does
            self.send({"name": "figures"})
            self.at.run()
            return self.player
        return data

    @property
    def shown(self) -> dict:
        """The row on screen: the numbers behind the Epoch, W, b and Cost readouts."""
        data = self.player
        rows = data["rows"]
        i = rows["epoch"].index(data["at"])
        return {name: values[i] for name, values in rows.items()}

    def open_tab(self, label: str):
        """Only the open tab runs; a person clicks it, a test sets it."""
        self.at.session_state["tab"] = label
        return self.run()

    def act(self, name: str, **extra):
        action = {"name": name, "epoch": self.player["at"], "token": self.player["token"]}
        action.update(extra)
        self.send(action)
        return self.run()

    def readouts(self) -> tuple[float, float, float]:
        """W, b and the cost behind the readouts, as the frame sends them for the epoch on
        screen. The player writes them (player/js/format.js); what it writes is checked in
        Chromium (tests/browser/test_browser_page.py, test_browser_readouts.py)."""
        row = self.shown
        return row["W"], row["b"], row["cost"]

    def log(self) -> list[str]:
        epoch = self.player["at"]
        return [line for at, line in self.player["log"] if at <= epoch]

    def errors(self) -> list[str]:
        return [e.value for e in self.at.error]


@pytest.fixture
def page() -> Page:
    p = Page()
    assert not p.at.exception, p.at.exception
    return p


@pytest.fixture
def open_link():
    def opener(query: dict) -> Page:
        p = Page(query)
        assert not p.at.exception, p.at.exception
        return p

    return opener

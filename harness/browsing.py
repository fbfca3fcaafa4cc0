"""Helpers to drive the real page: a Streamlit server on 127.0.0.1 and headless Chromium."""

from __future__ import annotations

from .server import ROOT, Server, free_port

__all__ = ["ARTIFACTS", "CHROMIUM", "FLAGS", "IDLE", "PLAYER", "Server", "free_port",
           "no_traceback", "player_state", "wait_idle", "wait_player"]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit says the script is not running."""
    page.wait_for_selector(IDLE, timeout=timeout)


def no_traceback(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, "a traceback on the page"


PLAYER = '[data-testid="linreg-player"]'


def wait_player(page, condition: str, timeout: float = 30_000) -> None:
    """Wait until `condition` (JavaScript) holds for the player. It reads what the player
    states on its root (`d`, the root's dataset: d.epoch, d.playing, d.serverEpoch, ... as
    strings; see ui/assets/player/main.js) and what it shows (`metric("W")`, a readout)."""
    page.wait_for_function(
        f"""() => {{
            const root = document.querySelector('{PLAYER}');
            if (!root) return false;
            const d = root.dataset;
            const metric = (name) => root.querySelector(
                `[data-testid="linreg-metric-${{name}}"]`).textContent;
            return ({condition});
        }}""", timeout=timeout)


def player_state(page) -> dict:
    """The player root's data attributes, as strings."""
    return page.evaluate(f"() => ({{...document.querySelector('{PLAYER}').dataset}})")

"""Helpers to drive the real page: a Streamlit server on 127.0.0.1 and headless Chromium."""

from __future__ import annotations

from .server import ROOT, Server, free_port

__all__ = ["ARTIFACTS", "CHROMIUM", "FLAGS", "IDLE", "Server", "free_port", "no_traceback",
           "wait_idle"]

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

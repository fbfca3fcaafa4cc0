"""Helpers to drive the real page: a Streamlit server on 127.0.0.1 and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, extra_env: dict | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, **(extra_env or {}))
        logs = ROOT / "test-artifacts"
        logs.mkdir(exist_ok=True)  # a fresh clone has no artifacts folder yet
        self.log = open(logs / f"server-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the server did not answer its health check in 90 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


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

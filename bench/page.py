"""The page in headless Chromium: first paint, a setting's answer, playback, a big upload."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _wait(page, condition: str, timeout: float = 60_000) -> None:
    """A condition on what the player states on its root (`d`, see harness.browsing)."""
    from harness.browsing import wait_player

    wait_player(page, condition, timeout=timeout)


def rows() -> list[dict]:
    from playwright.sync_api import sync_playwright

    from harness.browsing import CHROMIUM, FLAGS, Server, player_state, wait_idle

    from .big import million_point_csv

    out = []
    server = Server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1400})
            warm = context.new_page()  # the first visit warms the server's caches
            warm.goto(server.url)
            _wait(warm, "d.figuresDrawn")
            warm.close()

            page = context.new_page()
            start = time.perf_counter()
            page.goto(server.url)
            _wait(page, "d.figuresDrawn && root.querySelector('svg[data-chart=\"fit\"]')"
                        ".dataset.plotArea")
            first = time.perf_counter() - start
            out.append(dict(name="first paint of the page (warm server)", value=first, unit="s",
                            goal="< 3", note="until the four plots are drawn"))
            wait_idle(page)

            times = []
            field = page.locator('[data-testid="stSidebar"] input[type="number"]'
                                 '[aria-label="Learning rate"]')
            for k in range(20):
                lr = round(0.011 + 0.001 * k, 3)
                field.fill(str(lr))
                start = time.perf_counter()
                field.press("Enter")
                _wait(page, f"+d.lr === {lr} && d.figuresDrawn === d.figures")
                times.append(time.perf_counter() - start)
                wait_idle(page)
            p95 = statistics.quantiles(times, n=20)[-1]
            out.append(dict(name="a changed setting shows its new plots, p95 of 20", value=p95,
                            unit="s", goal="< 0.3",
                            note=f"median {statistics.median(times) * 1e3:.0f} ms"))

            page.click('button[data-action="play"]')
            _wait(page, "d.playing === 'true'")
            before = int(player_state(page).get("updates", 0))
            page.wait_for_timeout(3000)
            updates = int(player_state(page)["updates"]) - before
            page.click('button[data-action="play"]')
            out.append(dict(name="playback, updated frames a second", value=updates / 3,
                            unit="fps", goal=">= 30", note="4 plots and 7 readouts together"))
            wait_idle(page)

            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "million.csv"
                path.write_bytes(million_point_csv())
                start = time.perf_counter()
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    str(path))
                _wait(page, "+d.points >= 2000 && d.figuresDrawn === d.figures",
                      timeout=120_000)
                upload = time.perf_counter() - start
            out.append(dict(name="CSV of 1,000,000 points: upload to first plots", value=upload,
                            unit="s", goal="< 3", note="in Chromium, through the uploader"))
            browser.close()
    finally:
        server.stop()
    return out

"""Helpers to drive the real page: a Streamlit server on 127.0.0.1 and headless Chromium."""

from __future__ import annotations

import math

from .server import ROOT, Server, free_port

__all__ = ["ARTIFACTS", "CHROMIUM", "FLAGS", "IDLE", "PLAYER", "Server", "free_port",
           "accessibility_faults", "at", "axes", "no_traceback", "player_state", "wait_idle",
           "wait_page", "wait_player"]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit says the script is not running."""
    page.wait_for_selector(IDLE, timeout=timeout)


def wait_page(page, timeout: float = 60_000) -> None:
    """Wait until the whole page is drawn: the sidebar follows the player's first plots (app.py),
    in a run of its own."""
    page.wait_for_selector('[data-testid="stSidebar"] input', state="attached", timeout=timeout)
    wait_idle(page, timeout)


def no_traceback(page) -> None:
    shown = page.locator('[data-testid="stException"]')
    assert shown.count() == 0, "a traceback on the page: " + shown.first.inner_text()[-1500:]


PLAYER = '[data-testid="linreg-player"]'


def wait_player(page, condition: str, timeout: float = 30_000) -> None:
    """Wait until `condition` (JavaScript) holds for the player. It reads what the player
    states on its root (`d`, the root's dataset: d.epoch, d.playing, d.serverEpoch, ... as
    strings; see player/js/main.js) and what it shows (`metric("W")`, a readout)."""
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


def axes(page, chart: str) -> dict:
    """Where a plot's axes sit on the screen, as its overlay states them."""
    a = page.evaluate(
        """(name) => { const s = document.querySelector(
                 `[data-testid="linreg-player"] svg[data-chart="${name}"]`);
             const r = s.getBoundingClientRect();
             return {left: r.left, top: r.top, ...s.dataset}; }""", chart)
    l, t, w, h = (float(v) for v in a["plotArea"].split())
    xtype, x0, x1 = a["xAxis"].split()
    ytype, y0, y1 = a["yAxis"].split()
    return dict(left=a["left"] + l, top=a["top"] + t, w=w, h=h, xlog=xtype == "log",
                ylog=ytype == "log", x0=float(x0), x1=float(x1), y0=float(y0), y1=float(y1))


def at(page, chart: str, x: float, y: float) -> tuple[float, float]:
    """Where (x, y) in a plot's data coordinates is on the screen."""
    a = axes(page, chart)
    xv = math.log10(x) if a["xlog"] else x
    yv = math.log10(y) if a["ylog"] else y
    return (a["left"] + (xv - a["x0"]) / (a["x1"] - a["x0"]) * a["w"],
            a["top"] + (1 - (yv - a["y0"]) / (a["y1"] - a["y0"])) * a["h"])


# The WCAG 2.1 A and AA rules; serious and critical are the impacts that shut someone out.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def accessibility_faults(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, one
    line per element: the rule, its impact, the element's selector, what is wrong and the
    start of its HTML. The package carries axe-core, so nothing is fetched."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    faults = []
    for rule in results.response["violations"]:
        for node in rule["nodes"]:
            if node["impact"] in BLOCKING:
                # the summary's first line says "Fix any/all of the following:"
                why = node["failureSummary"].splitlines()[1].strip()
                target = " ".join(map(str, node["target"]))
                faults.append(f"{rule['id']} ({node['impact']}) at {target}: {why}; "
                              f"{' '.join(node['html'].split())[:120]}")
    return faults


def data_uploader(page):
    """The sidebar's data file input (the lesson has an uploader of its own)."""
    from linreg.texts.en import WORDS

    return (page.locator('[data-testid="stFileUploader"]').filter(has_text=WORDS["upload"])
            .locator('[data-testid="stFileUploaderDropzoneInput"]'))

"""The player as tests see it: its readouts, buttons and log, what it states on its root
(data-* attributes), and its plots: the axes its overlays state, and the points Plotly drew."""

from __future__ import annotations

import time

from harness.browsing import PLAYER, at, axes, player_state, wait_idle, wait_player
from player import MODULES
from player.bundle import join

wait_for = wait_player
state = player_state


def module(browser, entry: str):
    """A bare page with one player module (and what it imports) loaded as `window.m`."""
    page = browser.new_page()
    page.evaluate("""async (source) => {
        const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
        window.m = await import(url);
    }""", join(MODULES, entry))
    return page


def metric(page, name: str) -> str:
    """A readout's text, once the player has drawn its first message (an empty box before)."""
    wait_player(page, f"metric({name!r}) !== ''")
    return page.locator(f'[data-testid="linreg-metric-{name}"]').inner_text()


def shown_epoch(page) -> int:
    return int(metric(page, "epoch"))


def press(page, action: str) -> None:
    page.click(f'button[data-action="{action}"]')


def settled(page) -> None:
    """The server has answered: it does not play, nor does the player; Streamlit is idle."""
    wait_for(page, "d.serverPlaying === 'false' && d.playing === 'false'")
    wait_idle(page)


def ready(page) -> None:
    """The figures of the latest answer are drawn and the data plot's axes are measured."""
    wait_for(page, "d.figuresDrawn && d.figuresDrawn === d.figures && "
                   "root.querySelector('svg[data-chart=\"fit\"]').dataset.plotArea")
    wait_idle(page)


def wait_points(page, n: int, timeout: float = 30_000) -> None:
    """The data plot shows n points, drawn for the latest answer."""
    wait_for(page, f"d.points === '{n}' && d.figuresDrawn === d.figures", timeout=timeout)


def pixel(page, chart: str) -> tuple[float, float]:
    """How much data one pixel is worth on a (linear) plot, along x and y."""
    a = axes(page, chart)
    return abs(a["x1"] - a["x0"]) / a["w"], abs(a["y1"] - a["y0"]) / a["h"]


def plotted_points(page) -> dict[str, list[tuple[float, float]]]:
    """The points drawn on the data plot, in data coordinates, by legend entry (the set a
    reader tells by the marker's colour): {"train": [(x, y), ...], "test": [...]}."""
    drawn = page.evaluate(
        """() => { const box = document.querySelector(
                 '[data-testid="linreg-player"] svg[data-chart="fit"]').parentElement;
             const legend = {};
             for (const item of box.querySelectorAll('.legend .traces')) {
               const mark = item.querySelector('.legendpoints path');
               if (mark) legend[mark.style.fill] = item.querySelector('.legendtext').textContent;
             }
             return [...box.querySelectorAll('.scatterlayer path.point')].map((n) => {
               const r = n.getBoundingClientRect();
               return [legend[n.style.fill] || n.style.fill, r.left + r.width / 2,
                       r.top + r.height / 2]; }); }""")
    a = axes(page, "fit")
    out: dict[str, list[tuple[float, float]]] = {}
    for name, X, Y in drawn:
        x = a["x0"] + (X - a["left"]) / a["w"] * (a["x1"] - a["x0"])
        y = a["y0"] + (1 - (Y - a["top"]) / a["h"]) * (a["y1"] - a["y0"])
        out.setdefault(name, []).append((x, y))
    return out


def wait_plotted(page, check, timeout: float = 30.0) -> dict:
    """Poll the points drawn on the data plot until check(points) holds; returns them."""
    deadline = time.monotonic() + timeout
    while True:
        ready(page)
        points = plotted_points(page)
        if check(points):
            return points
        if time.monotonic() > deadline:
            raise AssertionError(f"the data plot never showed what was expected: {points}")
        page.wait_for_timeout(100)


def close(points, expected, tolerance: tuple[float, float]) -> bool:
    """The same points, each within a tolerance (one or two pixels) along x and y."""
    return len(points) == len(expected) and all(
        abs(x - ex) <= tolerance[0] and abs(y - ey) <= tolerance[1]
        for (x, y), (ex, ey) in zip(points, expected))


SCRUB = '[data-testid="linreg-scrubber-input"]'

# Set the scrubber to the position whose rate (three digits) is `lr`, as a drag would.
SCRUB_TO = """(lr) => {
  const input = document.querySelector('[data-testid="linreg-scrubber-input"]');
  const value = document.querySelector('[data-testid="linreg-scrub-value"]');
  const rateAt = (position) => {
    input.value = String(position);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return Number(value.textContent);
  };
  let lo = 0, hi = Number(input.max);
  while (lo < hi) { const mid = (lo + hi) >> 1; if (rateAt(mid) < lr) lo = mid + 1; else hi = mid; }
  return rateAt(lo);
}"""


def release(page) -> None:
    page.evaluate(f"document.querySelector('{SCRUB}').dispatchEvent(new Event('change'))")


__all__ = ["PLAYER", "SCRUB", "SCRUB_TO", "at", "axes", "close", "metric", "module", "pixel",
           "plotted_points", "press", "release",
           "ready", "settled", "shown_epoch", "state", "wait_for", "wait_plotted", "wait_points"]


"""Points and the start moved by hand on the plots, in Chromium."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from harness.browsing import wait_idle

PLAYER = "window.__linregPlayer"


def wait_for(page, condition: str, timeout: float = 30_000) -> None:
    page.wait_for_function(f"() => {{ const p = {PLAYER}; return p && p.data && ({condition}); }}",
                           timeout=timeout)


def at(page, chart: str, x: float, y: float) -> tuple[float, float]:
    """Where (x, y) in a plot's data coordinates is on the screen."""
    return tuple(page.evaluate(
        """([name, x, y]) => { const p = window.__linregPlayer, c = p.charts[name];
             const [X, Y] = p.px(c, x, y), r = c.plot.getBoundingClientRect();
             return [r.left + X, r.top + Y]; }""", [chart, x, y]))


def pixel(page, chart: str) -> tuple[float, float]:
    """How much data one pixel is worth on a plot, along x and y."""
    return tuple(page.evaluate(
        """(name) => { const g = window.__linregPlayer.charts[name].geo;
             return [Math.abs(g.x1 - g.x0) / g.w, Math.abs(g.y1 - g.y0) / g.h]; }""", chart))


def points(page) -> dict:
    return page.evaluate(f"{PLAYER}.data.points")


def wait_link(page, name: str, present: bool = True) -> None:
    """The whole page (and so the URL) follows an edit just after the player does."""
    test = "" if present else "!"
    page.wait_for_function(f"() => {test}new URLSearchParams(location.search).has('{name}')")


def link(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def ready(page) -> None:
    wait_for(page, "p.figsKey !== null && p.charts.fit.geo")
    wait_idle(page)


def drag(page, start, end, steps: int = 12) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def test_add_drag_delete_points_and_undo(page, artifacts):
    ready(page)
    px, py = pixel(page, "fit")
    # click empty space: a point is added where the click was
    page.mouse.click(*at(page, "fit", 2.5, 1.0))
    wait_for(page, "p.data.points.x.length === 5")
    added = points(page)
    assert abs(added["x"][4] - 2.5) <= 2 * px and abs(added["y"][4] - 1.0) <= 2 * py
    wait_link(page, "x")
    assert link(page)["x"].split(",")[:4] == ["1", "2", "3", "4"]
    assert len(link(page)["x"].split(",")) == 5
    page.get_by_text("4 training points, 1 test points").wait_for()  # the table follows

    # drag the first point from (1, 2) up to (1, 5)
    drag(page, at(page, "fit", 1, 2), at(page, "fit", 1, 5))
    wait_for(page, "p.data.points.y[0] > 4")
    moved = points(page)
    assert abs(moved["y"][0] - 5) <= 2 * py and abs(moved["x"][0] - 1) <= 2 * px
    wait_idle(page)
    assert page.locator('[data-testid="linreg-metric-cost"]').inner_text() != "18.666666"
    first_y = f"{moved['y'][0]:g}"
    page.wait_for_function("(y) => (new URLSearchParams(location.search).get('y') || '')"
                           ".split(',')[0] === y", arg=first_y)
    assert link(page)["y"].split(",")[0] == first_y
    page.screenshot(path=str(artifacts / "edit-dragged.png"))

    # Shift+click deletes the point at (2, 4)
    page.keyboard.down("Shift")
    page.mouse.click(*at(page, "fit", 2, 4))
    page.keyboard.up("Shift")
    wait_for(page, "p.data.points.x.length === 4")
    assert 2 not in points(page)["x"]
    wait_idle(page)

    # a long press deletes too (touch screens have no Shift key)
    page.mouse.move(*at(page, "fit", 3, 6))
    page.mouse.down()
    page.wait_for_timeout(900)
    page.mouse.up()
    wait_for(page, "p.data.points.x.length === 3")
    wait_idle(page)

    # Undo takes the edits back one by one
    for expected in (4, 5):
        page.click('button[data-action="undo"]')
        wait_for(page, f"p.data.points.x.length === {expected}")
        wait_idle(page)
    page.click('button[data-action="undo"]')  # the drag
    wait_for(page, "p.data.points.y[0] === 2")
    page.click('button[data-action="undo"]')  # the added point
    wait_for(page, "p.data.points.x.length === 4 && p.data.edit.undo === 0")
    wait_link(page, "x", present=False)
    assert "x" not in link(page)  # the lesson's points again: a bare link


def test_a_new_point_in_the_test_set(page):
    ready(page)
    page.select_option('[data-testid="linreg-new-set"]', "test")
    page.mouse.click(*at(page, "fit", 1.5, 7))
    wait_for(page, "p.data.points.x.length === 5")
    assert page.evaluate(f"{PLAYER}.data.edit.test") == [False, False, False, True, True]


def test_the_start_set_on_the_contour(page, artifacts):
    ready(page)
    page.click('button[data-action="step10"]')
    wait_for(page, "p.data.at === 10")
    pw, pb = pixel(page, "contour")
    page.mouse.click(*at(page, "contour", 1.0, 0.4))
    wait_for(page, "p.data.at === 0 && Math.abs(p.data.rows.W[0] - 1) < 0.05")
    wait_link(page, "w0")
    W0, b0 = page.evaluate(f"[{PLAYER}.data.rows.W[0], {PLAYER}.data.rows.b[0]]")
    assert abs(W0 - 1.0) <= 2 * pw and abs(b0 - 0.4) <= 2 * pb
    assert float(link(page)["w0"]) == W0
    assert page.locator('[data-testid="linreg-metric-epoch"]').inner_text() == "0"
    # dragging the start moves it to where the drag ends
    drag(page, at(page, "contour", W0, b0), at(page, "contour", 0.5, -0.2))
    wait_for(page, "Math.abs(p.data.rows.b[0] + 0.2) < 0.05")
    wait_idle(page)
    page.screenshot(path=str(artifacts / "edit-start.png"))


def test_a_point_moved_while_playing_keeps_the_playback(open_page):
    page = open_page("epochs=100000")
    ready(page)
    page.click('button[data-action="play"]')
    wait_for(page, "p.playing && p.rows.epoch[p.idx] > 20")
    token = page.evaluate(f"{PLAYER}.token")
    drag(page, at(page, "fit", 3, 6), at(page, "fit", 3, 3), steps=6)
    wait_for(page, f"p.token !== {token} && p.data.points.y[2] < 4")
    assert page.evaluate(f"{PLAYER}.playing")
    epoch = page.evaluate(f"{PLAYER}.rows.epoch[{PLAYER}.idx]")
    wait_for(page, f"p.rows.epoch[p.idx] > {epoch + 20}")  # still playing on the new data
    page.click('button[data-action="play"]')
    wait_for(page, "!p.data.playing")
    wait_idle(page)


def test_edit_answer_time_while_paused(page):
    """A benchmark figure, printed: from the drop to the plots redrawn for the new data."""
    ready(page)
    times = []
    for k in range(5):
        y = 2 + 0.5 * (k + 1)
        start = time.perf_counter()
        drag(page, at(page, "fit", 1, page.evaluate(f"{PLAYER}.data.points.y[0]")),
             at(page, "fit", 1, y), steps=3)
        wait_for(page, f"p.data.points.y[0] > {y - 0.3} && p.figsKey === p.data.figs_key")
        times.append((time.perf_counter() - start) * 1000)
        wait_idle(page)
    times.sort()
    print(f"\nedit answered (drop to redrawn plots), ms: median {times[2]:.0f}, "
          f"max {times[-1]:.0f}")
    assert all(t > 0 for t in times)

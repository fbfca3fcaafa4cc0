"""Points and the start moved by hand on the plots, in Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playerview import (
    at,
    close,
    metric,
    pixel,
    plotted_points,
    press,
    ready,
    state,
    wait_for,
    wait_plotted,
    wait_points,
)

from harness.browsing import wait_idle

LESSON_TRAIN = [(1, 2), (2, 4), (3, 6)]
LESSON_TEST = [(4, 8)]


def wait_link(page, name: str, present: bool = True) -> None:
    """The whole page (and so the URL) follows an edit just after the player does."""
    test = "" if present else "!"
    page.wait_for_function(f"() => {test}new URLSearchParams(location.search).has('{name}')")


def link(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def drag(page, start, end, steps: int = 12) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def test_add_drag_delete_points_and_undo(page, artifacts):
    ready(page)
    px, py = pixel(page, "fit")
    two_pixels = (2 * px, 2 * py)
    # click empty space: a point is added where the click was
    page.mouse.click(*at(page, "fit", 2.5, 1.0))
    wait_points(page, 5)
    added = plotted_points(page)
    assert close(added["train"], [*LESSON_TRAIN, (2.5, 1.0)], two_pixels), added
    wait_link(page, "x")
    assert link(page)["x"].split(",")[:4] == ["1", "2", "3", "4"]
    assert len(link(page)["x"].split(",")) == 5
    x_added, y_added = float(link(page)["x"].split(",")[4]), float(link(page)["y"].split(",")[4])
    assert abs(x_added - 2.5) <= 2 * px and abs(y_added - 1.0) <= 2 * py
    page.get_by_text("4 training points, 1 test points").wait_for()  # the table follows

    # drag the first point from (1, 2) up to (1, 5)
    drag(page, at(page, "fit", 1, 2), at(page, "fit", 1, 5))
    moved = wait_plotted(page, lambda p: p["train"][0][1] > 4)["train"][0]
    assert abs(moved[1] - 5) <= 2 * py and abs(moved[0] - 1) <= 2 * px
    wait_idle(page)
    assert metric(page, "cost") != "18.666666"
    page.wait_for_function("() => (new URLSearchParams(location.search).get('y') || '')"
                           ".split(',')[0] !== '2'")
    first_y = float(link(page)["y"].split(",")[0])
    assert abs(first_y - moved[1]) <= py / 2  # the link holds the point the plot shows
    page.screenshot(path=str(artifacts / "edit-dragged.png"))

    # Shift+click deletes the point at (2, 4)
    page.keyboard.down("Shift")
    page.mouse.click(*at(page, "fit", 2, 4))
    page.keyboard.up("Shift")
    wait_points(page, 4)
    assert not any(abs(x - 2) <= 2 * px for x, _ in plotted_points(page)["train"])
    wait_idle(page)

    # a long press deletes too (touch screens have no Shift key): held until it has
    page.mouse.move(*at(page, "fit", 3, 6))
    page.mouse.down()
    wait_points(page, 3)
    page.mouse.up()
    wait_idle(page)

    # Undo takes the edits back one by one
    for expected in (4, 5):
        press(page, "undo")
        wait_points(page, expected)
        wait_idle(page)
    press(page, "undo")  # the drag
    wait_plotted(page, lambda p: abs(p["train"][0][1] - 2) <= py)
    wait_idle(page)
    press(page, "undo")  # the added point
    wait_for(page, "d.points === '4' && root.querySelector('button[data-action=\"undo\"]')"
                   ".disabled")
    wait_link(page, "x", present=False)
    assert "x" not in link(page)  # the lesson's points again: a bare link
    back = wait_plotted(page, lambda p: len(p["train"]) == 3)
    assert close(back["train"], LESSON_TRAIN, two_pixels) and close(back["test"], LESSON_TEST,
                                                                      two_pixels)


def test_a_new_point_in_the_test_set(page):
    ready(page)
    page.select_option('[data-testid="linreg-new-set"]', "test")
    page.mouse.click(*at(page, "fit", 1.5, 7))
    wait_points(page, 5)
    two_pixels = [2 * v for v in pixel(page, "fit")]
    drawn = plotted_points(page)
    assert close(drawn["train"], LESSON_TRAIN, two_pixels)
    assert close(drawn["test"], [*LESSON_TEST, (1.5, 7)], two_pixels), drawn
    wait_link(page, "test")
    assert link(page)["test"] == "3,4"


def test_the_start_set_on_the_contour(page, artifacts):
    ready(page)
    press(page, "step10")
    wait_for(page, "d.serverEpoch === '10'")
    pw, pb = pixel(page, "contour")
    page.mouse.click(*at(page, "contour", 1.0, 0.4))
    wait_for(page, "d.serverEpoch === '0' && Math.abs(+metric('W') - 1) < 0.05")
    wait_link(page, "w0")
    W0, b0 = float(link(page)["w0"]), float(link(page).get("b0", 0))
    assert abs(W0 - 1.0) <= 2 * pw and abs(b0 - 0.4) <= 2 * pb
    # the run starts where the link says (the readouts round to 3 decimals)
    assert abs(float(metric(page, "W")) - W0) <= 5e-4 + 1e-9
    assert abs(float(metric(page, "b")) - b0) <= 5e-4 + 1e-9
    assert metric(page, "epoch") == "0"
    # dragging the start moves it to where the drag ends
    drag(page, at(page, "contour", W0, b0), at(page, "contour", 0.5, -0.2))
    wait_for(page, "d.serverEpoch === '0' && Math.abs(+metric('b') + 0.2) < 0.05 "
                   "&& Math.abs(+metric('W') - 0.5) < 0.05")
    wait_idle(page)
    page.screenshot(path=str(artifacts / "edit-start.png"))


def test_a_point_moved_while_playing_keeps_the_playback(open_page):
    page = open_page("epochs=100000")
    ready(page)
    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.epoch > 20")
    drag(page, at(page, "fit", 3, 6), at(page, "fit", 3, 3), steps=6)
    wait_plotted(page, lambda p: p["train"][2][1] < 4)  # the new data is drawn ...
    assert state(page)["playing"] == "true"  # ... and playback goes on, on the new data
    epoch = int(state(page)["epoch"])
    wait_for(page, f"d.playing === 'true' && +d.epoch > {epoch + 20}")
    press(page, "play")
    wait_for(page, "d.serverPlaying === 'false'")
    wait_idle(page)


def test_each_drop_while_paused_redraws_the_plots_for_the_new_data(page):
    ready(page)
    for k in range(5):
        y = 2 + 0.5 * (k + 1)
        before = state(page)["figures"]
        start_y = plotted_points(page)["train"][0][1]
        drag(page, at(page, "fit", 1, start_y), at(page, "fit", 1, y), steps=3)
        try:
            wait_for(page, f"d.figures !== '{before}' && d.figuresDrawn === d.figures")
        except Exception:
            raise AssertionError(f"drag {k} from y={start_y} to {y} was not answered: "
                                 f"{state(page)}, {plotted_points(page)}") from None
        assert plotted_points(page)["train"][0][1] > y - 0.3
        wait_idle(page)

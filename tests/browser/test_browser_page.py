"""The page in headless Chromium, used as a person would use it."""

from lesson_log import LESSON_LOG
from playerview import (
    PLAYER,
    close,
    metric,
    pixel,
    plotted_points,
    press,
    ready,
    settled,
    shown_epoch,
    state,
    wait_for,
    wait_points,
)

from harness.browsing import data_uploader, no_traceback, wait_idle


def test_step_play_pause_run_to_end_and_reset(page, artifacts):
    wait_for(page, "d.figuresDrawn")
    assert metric(page, "epoch") == "0" and metric(page, "cost") == "18.666666"
    press(page, "step")
    wait_for(page, "d.serverEpoch === '1'")
    assert (metric(page, "W"), metric(page, "b")) == ("0.187", "0.080")
    page.screenshot(path=str(artifacts / "page-step.png"))

    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.epoch > 30")
    page.screenshot(path=str(artifacts / "page-playing.png"))
    press(page, "play")  # the same button now pauses
    paused = shown_epoch(page)
    settled(page)
    assert state(page)["serverEpoch"] == str(paused)  # the server stopped where we saw
    assert metric(page, "epoch") == str(paused)
    press(page, "step")
    wait_for(page, f"d.serverEpoch === '{paused + 1}'")

    press(page, "run_end")
    wait_for(page, "d.serverEpoch === '1000'")
    assert (metric(page, "W"), metric(page, "b"), metric(page, "cost")) == (
        "1.971", "0.066", "0.000633")
    log = page.locator('[data-testid="linreg-log"]').inner_text().splitlines()
    assert log == LESSON_LOG
    page.screenshot(path=str(artifacts / "page-run-to-end.png"))

    press(page, "reset")
    wait_for(page, "d.serverEpoch === '0' && d.computed === '0'")
    assert metric(page, "W") == "0.000"
    no_traceback(page)


def test_playing_to_the_end_stops_there(page):
    page.select_option('[data-testid="linreg-speed"]', "10000")
    press(page, "play")
    wait_for(page, "d.serverEpoch === '1000' && d.serverPlaying === 'false'", timeout=60_000)
    assert metric(page, "epoch") == "1000" and metric(page, "cost") == "0.000633"


def upload(page, name: str, content: bytes) -> None:
    data_uploader(page).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})


def test_uploading_a_csv_replaces_the_points(page, artifacts):
    upload(page, "points.csv", b"\xef\xbb\xbfX;Y\r\n1,5;3\r\n2,5;5\r\n3,5;7,5\r\nabc;1\r\n")
    wait_points(page, 3)
    wait_idle(page)
    loaded, two_pixels = [(1.5, 3), (2.5, 5), (3.5, 7.5)], [2 * v for v in pixel(page, "fit")]
    assert close(plotted_points(page)["train"], loaded, two_pixels)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Loaded 3 points" in text and "1 of 4 rows were skipped" in text
    page.screenshot(path=str(artifacts / "page-upload.png"))

    upload(page, "bad.csv", b"name,comment,grade\nfoo,bar,1\n")
    page.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=30_000)
    wait_idle(page)
    alerts = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert any("No x and y columns" in a for a in alerts), alerts
    assert close(plotted_points(page)["train"], loaded, two_pixels)  # last good data kept
    no_traceback(page)


def test_playback_moves_on_and_pause_stops_the_picture_at_once(open_page):
    """Frames a second and Pause's latency are measured in bench/page.py; here playback
    moves on, and after Pause the picture stays on its epoch, frame after frame."""
    page = open_page("epochs=100000")  # far from the end, however slowly the frames come
    ready(page)
    page.select_option('[data-testid="linreg-speed"]', "300")
    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.epoch > 10")
    updates = int(state(page)["updates"])
    wait_for(page, f"+d.updates >= {updates + 10}")  # ten frames, each with a new epoch
    paused = page.evaluate(f"""async () => {{
        const root = document.querySelector('{PLAYER}');
        const epoch = () => root.querySelector('[data-testid="linreg-metric-epoch"]').textContent;
        root.querySelector('button[data-action="play"]').click();
        const shown = epoch(), frames = [];
        for (let k = 0; k < 10; k++) {{
          await new Promise((r) => requestAnimationFrame(r));
          frames.push(epoch());
        }}
        return [shown, frames, root.dataset.playing];
    }}""")
    shown, frames, playing = paused
    assert playing == "false"
    assert frames == [shown] * 10, "the picture moved after Pause"
    settled(page)
    assert state(page)["serverEpoch"] == shown  # the server stopped where the picture did
    assert metric(page, "epoch") == shown


def test_the_overlay_follows_the_plots_when_the_window_is_resized(page):
    """Plotly lays a plot out anew a moment after it is told of a new size: the overlay (the
    line, the residuals, where a click lands) is measured again then, not only at once, when
    it kept the old size and drew the line past the plot's edge."""
    ready(page)
    same = """() => {
        const svg = document.querySelector('[data-testid="linreg-player"] svg[data-chart="fit"]');
        const s = svg.previousElementSibling._fullLayout._size;
        return svg.dataset.plotArea === [s.l, s.t, s.w, s.h].join(" ") && s.w;
    }"""
    before = page.wait_for_function(same).json_value()
    for width in (900, 1400, 1100):
        page.set_viewport_size({"width": width, "height": 1800})
        page.wait_for_function(f"() => ({same})() && ({same})() !== {before}")
        before = page.evaluate(same)


def test_a_run_longer_than_its_first_rows_asks_for_more_before_they_run_out(open_page):
    """The server trains a playing run in stretches; the player asks for the next one while
    rows remain to be shown (player/js/clock.js), so the picture need not stand while the
    server answers (a rerun: a second or more on a server busy with a class). Before, it
    asked at its last row."""
    page = open_page("epochs=5000")  # the lesson's engine: about 100 us an epoch
    ready(page)
    page.select_option('[data-testid="linreg-speed"]', "300")
    press(page, "play")
    wait_for(page, "d.playing === 'true'")
    first = int(state(page)["computed"])
    assert first < 5000, f"the first stretch held the whole run ({first} epochs)"
    wait_for(page, "d.moreAhead !== undefined", timeout=60_000)
    assert int(state(page)["moreAhead"]) > 0, "more rows were asked for at the last row"
    wait_for(page, "d.serverEpoch === '5000' && d.playing === 'false'", timeout=90_000)
    assert metric(page, "epoch") == "5000"

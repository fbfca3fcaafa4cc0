"""The page in headless Chromium, used as a person would use it."""

import time

from lesson_log import LESSON_LOG
from playerview import (
    PLAYER,
    close,
    metric,
    pixel,
    plotted_points,
    press,
    settled,
    shown_epoch,
    state,
    wait_for,
    wait_points,
)

from harness.browsing import no_traceback, wait_idle


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
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
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


def test_playback_frame_rate_and_pause_latency(page):
    """A benchmark figure, printed: frames a second while playing, and how fast Pause stops."""
    page.select_option('[data-testid="linreg-speed"]', "300")
    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.epoch > 10")
    counters = f"""() => {{ const d = document.querySelector('{PLAYER}').dataset;
                          return [+d.frames, +d.updates, performance.now()]; }}"""
    before = page.evaluate(counters)
    time.sleep(2.0)
    after = page.evaluate(counters)
    seconds = (after[2] - before[2]) / 1000
    fps = (after[1] - before[1]) / seconds
    # Pause, and check the picture is still on the same epoch 100 ms later.
    latency = page.evaluate(f"""async () => {{
        const root = document.querySelector('{PLAYER}');
        const epoch = () => root.querySelector('[data-testid="linreg-metric-epoch"]').textContent;
        const t0 = performance.now();
        root.querySelector('button[data-action="play"]').click();
        const stopped = performance.now() - t0;
        const shown = epoch();
        await new Promise(r => setTimeout(r, 100));
        return [stopped, +shown, +epoch(), root.dataset.playing];
    }}""")
    settled(page)
    assert latency[3] == "false"
    assert latency[1] == latency[2], "the picture moved after Pause"
    assert state(page)["serverEpoch"] == str(latency[1])
    assert metric(page, "epoch") == str(latency[1])
    print(f"\nplayback: {fps:.1f} updated frames/s ({(after[0] - before[0]) / seconds:.1f} "
          f"animation frames/s); pause stopped in {latency[0]:.2f} ms on epoch {latency[1]}")
    # the speed is measured in bench/; here playback must move on (300 epochs/s for 2 s)
    assert after[1] - before[1] >= 10, "playback did not move on"

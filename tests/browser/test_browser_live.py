"""Answers during the gesture, in Chromium: the rate scrubber, the dragged start and point,
and Step from the rows ahead."""

from __future__ import annotations

import pytest
from playerview import SCRUB, SCRUB_TO, at, metric, press, ready, release, settled, state, wait_for

from harness.browsing import wait_idle
from linreg.texts import texts

EN = texts("en")


@pytest.mark.parametrize("lr", [0.01, 0.037, 0.1, 0.123, 0.17, 0.19])
def test_the_scrubbers_preview_is_the_run_made_on_release(page, lr):
    ready(page)
    assert page.evaluate(SCRUB_TO, lr) == lr
    preview = state(page)
    assert int(preview["previews"]) > 5  # drawn while the hand moved
    said = page.locator('[data-testid="linreg-scrub-verdict"]').inner_text()
    release(page)
    wait_for(page, f"d.lr === '{lr}' && d.serverPlaying === 'false'")
    settled(page)
    press(page, "run_end")
    wait_for(page, "d.serverEpoch !== '0'")
    settled(page)
    diverged = int(preview["previewDiverged"])
    if lr == 0.19:  # both diverge, at the same epoch
        assert diverged > 0
        alert = page.locator(".lr-alert").inner_text()
        assert f"epoch {diverged}:" in alert, alert
    else:
        assert diverged == -1
        # what the scrubber said is what the page prints
        assert said == EN["preview_ends"].format(cost=metric(page, "cost"), epoch=1000)
        assert preview["previewEnd"] == f"{metric(page, 'W')} {metric(page, 'b')}"


def test_keys_move_the_scrubber_and_set_the_rate(page):
    ready(page)
    page.focus(SCRUB)
    page.keyboard.press("ArrowRight")
    # the preview is read while the key is down: its release sends the rate, and the
    # server's answer ends the preview
    page.keyboard.down("ArrowRight")
    moved = float(state(page)["previewLr"])
    page.keyboard.up("ArrowRight")
    assert moved > 0.01
    wait_for(page, f"d.lr === '{moved}'")
    wait_idle(page)
    field = page.locator('[data-testid="stSidebar"] input[type="number"]'
                         '[aria-label="Learning rate"]')
    assert float(field.input_value()) == moved  # the sidebar agrees
    page.keyboard.down("PageDown")
    lower = float(state(page)["previewLr"])
    page.keyboard.up("PageDown")
    assert lower < moved
    wait_for(page, f"d.lr === '{lower}'")


def test_a_step_shows_before_the_server_answers(page):
    ready(page)
    page.evaluate("""() => {
      const root = document.querySelector('[data-testid="linreg-player"]');
      window.__seen = [];
      new MutationObserver(() => window.__seen.push([root.dataset.epoch, root.dataset.serverEpoch]))
        .observe(root, { attributes: true });
    }""")
    press(page, "step10")
    wait_for(page, "d.serverEpoch === '10'")
    seen = page.evaluate("window.__seen")
    assert ["10", "0"] in seen, seen  # the rows ahead were on screen first
    assert metric(page, "epoch") == "10"
    press(page, "step")
    wait_for(page, "d.serverEpoch === '11'")
    assert metric(page, "epoch") == "11"


def test_the_dragged_start_draws_its_path_during_the_drag(page):
    ready(page)
    page.mouse.move(*at(page, "contour", 0.5, 0.5))
    page.mouse.down()
    before = int(state(page).get("previews", "0"))
    page.mouse.move(*at(page, "contour", 1.0, -0.2), steps=10)
    during = state(page)
    assert int(during["previews"]) >= before + 8
    assert during["previewEnd"] and during["previewDiverged"] == "-1"
    page.mouse.up()
    wait_for(page, "!('previewEnd' in d)")  # the server's run replaced the preview
    settled(page)


def test_a_dragged_point_moves_the_best_line_during_the_drag(page):
    ready(page)
    page.mouse.move(*at(page, "fit", 1, 2))
    page.mouse.down()
    page.mouse.move(*at(page, "fit", 1, 5), steps=10)
    assert page.locator(".lr-preview-best").is_visible()
    assert page.locator(".lr-preview-optimum").is_visible()
    assert int(state(page)["previews"]) >= 8
    page.mouse.up()
    wait_for(page, "!('previewEnd' in d)")
    settled(page)
    assert not page.locator(".lr-preview-best").is_visible()


def test_a_rate_typed_in_the_sidebar_is_previewed_before_the_server_answers(page):
    ready(page)
    page.evaluate("""() => {
      const root = document.querySelector('[data-testid="linreg-player"]');
      window.__seen = [];
      new MutationObserver(
        () => window.__seen.push([root.dataset.previewLr || "", root.dataset.lr]))
        .observe(root, { attributes: true });
    }""")
    field = page.locator('[data-testid="stSidebar"] input[type="number"]'
                         '[aria-label="Learning rate"]')
    field.fill("0.05")
    field.press("Enter")
    wait_for(page, "d.lr === '0.05' && !('previewLr' in d)")
    seen = page.evaluate("window.__seen")
    assert ["0.05", "0.01"] in seen, seen  # the preview came first

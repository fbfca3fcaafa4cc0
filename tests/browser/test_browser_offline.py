"""The offline player in Chromium, opened from a file with every network request refused;
and the embed mode of the live page inside an iframe."""

from __future__ import annotations

import pytest
from lesson_log import LESSON_LOG
from playerview import SCRUB_TO, metric, press, release, state, wait_for

from harness.browsing import accessibility_faults
from linreg import Settings, preset
from linreg.texts import texts
from player.offline import offline_html


def open_offline(browser, path, viewport=(1400, 1600)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    refused, errors = [], []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    wait_for(page, "d.figuresDrawn && d.figuresDrawn === d.figures")
    return page, refused, errors


def test_the_offline_file_plays_the_lesson_and_scrubs_the_rate(browser, tmp_path, artifacts):
    path = tmp_path / "lesson.html"
    path.write_text(offline_html(preset("lesson"), Settings(), texts("en"), "en",
                                 "http://127.0.0.1:8501/"), encoding="utf-8")
    page, refused, errors = open_offline(browser, path)
    page.select_option('[data-testid="linreg-speed"]', "1000")
    press(page, "play")
    wait_for(page, "d.playing === 'true'")
    wait_for(page, "d.epoch === '1000' && d.playing === 'false'", timeout=30_000)
    assert int(state(page)["updates"]) > 10  # frames advanced on the way
    assert (metric(page, "W"), metric(page, "b"), metric(page, "cost")) == \
        ("1.971", "0.066", "0.000633")
    log = page.locator('[data-testid="linreg-log"]').inner_text().splitlines()
    assert log == LESSON_LOG
    page.screenshot(path=str(artifacts / "offline-end.png"))
    page.locator('[data-testid="linreg-offline-epochs"]').fill("500")  # scrub the epochs
    wait_for(page, "d.epoch === '500'")
    assert (metric(page, "W"), metric(page, "b")) == ("1.903", "0.221")  # as at epoch 500

    assert page.evaluate(SCRUB_TO, 0.19) == 0.19
    release(page)
    wait_for(page, "d.lr === '0.19'")
    press(page, "run_end")
    wait_for(page, "d.epoch === '90'")
    alert = page.locator(".lr-alert").inner_text()
    assert alert.startswith("Diverged at epoch 91"), alert  # the page says the same
    press(page, "step")  # no server: every button is answered from the file
    assert metric(page, "epoch") == "90"
    assert not refused and not errors, (refused, errors)


def test_the_offline_file_at_phone_width_in_korean(browser, tmp_path, artifacts):
    path = tmp_path / "lesson-ko.html"
    path.write_text(offline_html(preset("lesson"), Settings(), texts("ko"), "ko"),
                    encoding="utf-8")
    page, refused, errors = open_offline(browser, path, viewport=(390, 1800))
    press(page, "step10")
    wait_for(page, "d.epoch === '10'")
    assert page.locator("h1").inner_text() == texts("ko")["offline_title"]
    page.screenshot(path=str(artifacts / "offline-phone-ko.png"))
    assert not refused and not errors, (refused, errors)


@pytest.mark.parametrize("lang, width", [("en", 1400), ("ko", 390)])
def test_the_offline_file_has_no_serious_accessibility_fault(browser, tmp_path, lang, width):
    path = tmp_path / f"lesson-{lang}.html"
    path.write_text(offline_html(preset("lesson"), Settings(), texts(lang), lang),
                    encoding="utf-8")
    page, refused, errors = open_offline(browser, path, viewport=(width, 1600))
    faults = [f"as opened: {f}" for f in accessibility_faults(page)]
    press(page, "run_end")
    wait_for(page, "d.epoch === '1000'")
    faults += [f"after Run to end: {f}" for f in accessibility_faults(page)]
    assert not faults, "\n".join(faults)
    assert not refused and not errors, (refused, errors)


def test_the_embedded_page_shows_the_player_alone_and_plays(browser, server, tmp_path,
                                                              artifacts):
    host = tmp_path / "slides.html"
    host.write_text(f'<!DOCTYPE html><title>slides</title><h1>A slide</h1><iframe id="demo" '
                    f'src="{server.url}/?embed=1&lr=0.05&lock=lr" width="1000" height="900">'
                    "</iframe>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1100})
    page.goto(host.as_uri())
    frame = page.frame_locator("#demo")
    frame.locator('[data-testid="linreg-player"]').wait_for()
    inner = next(f for f in page.frames if "embed=1" in f.url)
    wait_for(inner, "d.figuresDrawn && d.figuresDrawn === d.figures")
    assert state(inner)["lr"] == "0.05"
    shown = inner.evaluate("""() => ['stSidebar', 'stTabs', 'stHeader'].map((id) => {
        const n = document.querySelector(`[data-testid="${id}"]`);
        return !!n && n.checkVisibility(); })""")
    assert shown == [False, False, False]
    assert not inner.locator("h1").count()
    assert not inner.locator('[data-testid="linreg-scrubber"]').is_visible()  # locked rate
    press(inner, "play")
    wait_for(inner, "+d.epoch > 5")
    page.screenshot(path=str(artifacts / "embed.png"))

"""The offline lesson in Chromium, opened from a file with every network request refused:
screen by screen with Next and Back, a question answered with the verdict the core
computed, the lesson's log on its screen, and axe-core on the way."""

from __future__ import annotations

import json
import re

import pytest
from lesson_log import LESSON_LOG
from playerview import press, wait_for
from test_browser_offline import open_offline

from harness.browsing import accessibility_faults
from linreg import lesson
from linreg.lesson_lab02 import LESSON as LAB02
from linreg.texts import texts
from player.offline import lesson_html


def text(page, testid: str) -> str:
    return page.locator(f'[data-testid="{testid}"]').inner_text()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_offline_lesson_goes_screen_by_screen_with_its_questions(browser, tmp_path,
                                                                      artifacts, lang):
    mine = lesson.from_dict(dict(LAB02, screens=LAB02["screens"][:4]))
    words = texts(lang)
    html = lesson_html(mine, words, lang)
    doc = json.loads(re.search(r'id="linreg-run">(.*?)</script>', html, re.S).group(1))
    path = tmp_path / "lesson.html"
    path.write_text(html, encoding="utf-8")
    page, refused, errors = open_offline(browser, path)
    assert text(page, "linreg-offline-progress") == words["lesson_progress"].format(n=1, total=4)
    assert page.locator("h2").inner_text() == mine.screens[0].title[lang]
    faults = [f"screen 1: {f}" for f in accessibility_faults(page)]

    page.get_by_test_id("linreg-offline-next").click()
    assert text(page, "linreg-offline-progress") == words["lesson_progress"].format(n=2, total=4)
    asked = doc["screens"][1]["question"]
    assert page.locator("legend").inner_text() == asked["prompt"]
    assert not page.get_by_test_id("linreg-offline-noticed").is_visible()
    right = next(i for i, c in enumerate(asked["choices"]) if c["right"])
    page.get_by_test_id(f"linreg-offline-choice-{right}").click()
    assert text(page, "linreg-offline-verdict") == asked["choices"][right]["says"]
    assert text(page, "linreg-offline-verdict").startswith(words["verdict_right"])
    assert text(page, "linreg-offline-noticed") == words["lesson_notice"].format(
        notice=mine.screens[1].notice[lang])
    page.get_by_test_id(f"linreg-offline-choice-{(right + 1) % 4}").click()
    assert text(page, "linreg-offline-verdict").startswith(words["verdict_wrong"])
    page.screenshot(path=str(artifacts / f"offline-lesson-question-{lang}.png"))
    faults += [f"screen 2, answered: {f}" for f in accessibility_faults(page)]

    page.get_by_test_id("linreg-offline-next").click()
    page.get_by_test_id("linreg-offline-next").click()
    assert text(page, "linreg-offline-progress") == words["lesson_progress"].format(n=4, total=4)
    assert page.get_by_test_id("linreg-offline-next").is_disabled()
    wait_for(page, "d.figuresDrawn && d.figuresDrawn === d.figures")
    press(page, "run_end")
    wait_for(page, "d.epoch === '1000'")
    assert page.locator('[data-testid="linreg-log"]').inner_text().splitlines() == LESSON_LOG
    faults += [f"screen 4, run to end: {f}" for f in accessibility_faults(page)]

    page.get_by_test_id("linreg-offline-back").click()
    assert page.locator("h2").inner_text() == mine.screens[2].title[lang]
    assert not faults, "\n".join(faults)
    assert not refused and not errors, (refused, errors)

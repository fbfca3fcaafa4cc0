"""axe-core's WCAG 2.1 A and AA rules on the page as a newcomer opens it, in English and in
Korean, at a desktop's width and a phone's, before and after Run to end: no serious or
critical violation. And the keyboard reaches a box that scrolls, and scrolls it."""

from __future__ import annotations

import pytest
from playerview import press, state, wait_for

from harness.browsing import accessibility_faults, wait_idle

# a newcomer's browser says which language it reads; the page follows it without a link
NEWCOMERS = {"en": {"locale": "en-US"}, "ko": {"locale": "ko-KR"}}


def assert_accessible(page, when: str) -> None:
    faults = accessibility_faults(page)
    assert not faults, f"{when}:\n" + "\n".join(faults)


def check_opened_and_run_to_end(page) -> None:
    wait_for(page, "d.figuresDrawn && d.figuresDrawn === d.figures")
    wait_idle(page)
    assert_accessible(page, "as opened")
    press(page, "run_end")
    wait_for(page, "d.serverEpoch === '1000' && d.epoch === '1000'")
    wait_idle(page)
    assert_accessible(page, "after Run to end")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_has_no_serious_accessibility_fault(open_page, lang):
    page = open_page(**NEWCOMERS[lang])
    check_opened_and_run_to_end(page)
    # a screen reader reads the page in the language its document states
    assert page.evaluate("document.documentElement.lang") == lang


def test_the_page_at_phone_width_has_no_serious_accessibility_fault(open_page, artifacts):
    page = open_page(viewport=(390, 1800), **NEWCOMERS["ko"])
    check_opened_and_run_to_end(page)
    page.screenshot(path=str(artifacts / "accessible-phone-ko.png"))


def test_the_keyboard_reaches_and_scrolls_the_step_in_numbers(open_page):
    page = open_page(viewport=(390, 1800))  # the step's lines are wider than a phone
    wait_for(page, "d.figuresDrawn && d.figuresDrawn === d.figures")
    page.focus('button[data-action="run_end"]')
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "linreg-step":
            break
    else:
        pytest.fail("Tab never reached the step in numbers")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")
    assert state(page)["epoch"] == "0"  # the arrow scrolled; it did not step

"""The built-in lesson played alone in Chromium, in English and in Korean, screen by screen:
each question answered in the player's panel, each mission solved in the sidebar, what to
notice shown after, and axe-core's WCAG 2.1 A/AA rules on every screen."""

from __future__ import annotations

import pytest
from playerview import at, press, ready, settled, wait_for
from test_browser_accessibility import assert_accessible
from test_browser_predict import wait_link, wait_mission_verdict

from harness.browsing import wait_idle
from linreg.lesson import builtin
from linreg.missions import lesson_line
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

PANEL = '[data-testid="linreg-predict"]'
SCREEN = ".st-key-lesson_screen"
SIDEBAR = '[data-testid="stSidebar"]'


def wait_screen_text(page, text: str, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "([sel, text]) => { const box = document.querySelector(sel);"
        " return !!box && box.innerText.replace(/\\s+/g, ' ').includes(text); }",
        arg=[SCREEN, " ".join(text.split())], timeout=timeout)


def on_screen(page, words: dict, n: int, title: str) -> None:
    """Screen n is drawn with its title, and the player shows its setup."""
    wait_screen_text(page, words["lesson_progress"].format(n=n, total=9))
    wait_screen_text(page, title)
    wait_idle(page)
    ready(page)


def sidebar_field(page, label: str):
    return page.locator(f'{SIDEBAR} input[type="number"][aria-label="{label}"]')


def answer_where(page) -> None:
    """Screen 2: (W, b) after 1000 steps, clicked on the cost plot at the valley's floor."""
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    assert page.locator(f"{PANEL} .lr-next").is_hidden()  # the screen asks one question
    assert page.locator('[data-testid="linreg-predict-steps"]').input_value() == "1000"
    page.click(f"{PANEL} .lr-place")
    page.locator('svg[data-chart="contour"]').scroll_into_view_if_needed()
    page.mouse.click(*at(page, "contour", 2.0, 0.0))
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'right'")
    press(page, "run_end")
    wait_for(page, "d.verdict === 'right'", timeout=60_000)


def answer_next_W(page) -> None:
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    page.fill('[data-testid="linreg-predict-W"]', "0.187")
    page.click(f"{PANEL} .lr-next")
    wait_for(page, "d.verdict === 'right' && d.epoch === '1'")


def run_the_lessons_log(page) -> None:
    press(page, "run_end")
    wait_for(page, "d.serverEpoch === '1000' && d.epoch === '1000'", timeout=60_000)
    log = page.locator('[data-testid="linreg-log"]').inner_text().splitlines()
    assert log[-1] == "Epoch 1000/1000 W: 1.971, b: 0.066 Cost: 0.000633"


def run_to_end(page) -> None:
    press(page, "run_end")
    wait_for(page, "d.serverEpoch === '1000' && d.epoch === '1000'", timeout=60_000)


def solve_edge(page, words: dict) -> None:
    field = sidebar_field(page, words["lr"])
    field.fill("0.175")
    field.press("Enter")
    wait_for(page, "d.lr === '0.175'")
    settled(page)
    press(page, "run_end")
    wait_mission_verdict(page, words, "edge", solved=True, timeout=60_000)


def answer_diverging(page) -> None:
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    page.click(f'{PANEL} button[data-zone="diverging"]')
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'right'")
    press(page, "run_end")
    wait_for(page, "d.verdict === 'right'", timeout=60_000)


def solve_momentum(page, words: dict) -> None:
    """The optimizer chosen in the sidebar (again if a rerun closed its list first)."""
    momentum = sidebar_field(page, words["momentum"])
    for _ in range(3):
        wait_idle(page)
        page.locator(SIDEBAR).get_by_label(words["optimizer"]).click()
        try:
            page.get_by_role("option", name=words["opt_momentum"]).click(timeout=5000)
            momentum.wait_for(timeout=10_000)
            break
        except Exception:  # the list closed under the click: the page ran again
            page.keyboard.press("Escape")
    else:
        raise AssertionError("the optimizer could not be chosen")
    settled(page)
    press(page, "run_end")
    wait_mission_verdict(page, words, "momentum", solved=True, timeout=90_000)


def solve_module_form(page, words: dict) -> None:
    box = page.get_by_label(words["mission_answer_log_line"])
    box.fill(lesson_line(500))
    box.press("Enter")
    wait_mission_verdict(page, words, "lesson_500", solved=True)


def play_lesson(page, lang: str, words: dict, answers: dict, after) -> None:
    """Screen by screen through the built-in lesson: each drawn with its title, its question
    answered or mission solved by `answers[n](page)`, what to notice shown; then `after(n)`
    (its checks, and on to the next screen). The link then keeps what was done."""
    notice = words["lesson_notice"].split("{")[0].strip()
    for n, screen in enumerate(builtin().screens, start=1):
        title, _, _ = screen.words(lang)
        on_screen(page, words, n, title)
        wait_link(page, "screen", str(n))
        if n in answers:
            answers[n](page)
        wait_screen_text(page, notice)  # what to notice, once answered or solved
        wait_idle(page)
        after(n)
    wait_link(page, "solved", "edge,lesson_500,momentum")
    wait_link(page, "done", "2,3,7")


@pytest.mark.parametrize("lang, words", [("en", EN), ("ko", KO)])
def test_the_built_in_lesson_played_alone_screen_by_screen(open_page, artifacts, lang, words):
    page = open_page(f"lang={lang}")
    ready(page)
    page.locator(".st-key-lesson_open button").click()
    answers = {2: answer_where, 3: answer_next_W, 4: run_the_lessons_log, 5: run_to_end,
               6: lambda p: solve_edge(p, words), 7: answer_diverging,
               8: lambda p: solve_momentum(p, words), 9: lambda p: solve_module_form(p, words)}

    def after(n: int) -> None:
        assert_accessible(page, f"screen {n} ({lang})")
        if n in (3, 6):
            page.screenshot(path=str(artifacts / f"lesson-screen{n}-{lang}.png"))
        if n < 9:
            page.locator(".st-key-lesson_next button").click()

    play_lesson(page, lang, words, answers, after)

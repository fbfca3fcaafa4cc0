"""A class with the built-in lesson in Chromium: a teacher and three students (one at phone
width) go through three screens with pacing (Follow me, go ahead, bring them back), answer
on the third's own question, asked in one click, see what to notice after the reveal, and
the board's grid shows what each did; axe-core on the board and on the phone's page."""

from __future__ import annotations

import re

from test_browser_accessibility import assert_accessible
from test_browser_class import FOLLOW_SECONDS, join, sidebar, wait_text

from harness.browsing import wait_idle
from linreg.lesson import builtin
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

WAIT = FOLLOW_SECONDS * 1000


def title(n: int, lang: str = "en") -> str:
    return builtin().screens[n - 1].title[lang]


def grid_rows(teacher) -> list[list[str]]:
    """The board's grid as its table shows it: a row a student."""
    rows = teacher.locator('[data-testid="class-grid"] tbody tr')
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()]
            for i in range(rows.count())]


def wait_grid(teacher, expected: list[list[str]]) -> None:
    for _ in range(int(WAIT / 500)):
        if [r[1:] for r in grid_rows(teacher)] == expected:
            return
        teacher.wait_for_timeout(500)  # the board reads the class again as it moves
    assert [r[1:] for r in grid_rows(teacher)] == expected


def test_a_class_goes_through_three_screens_with_pacing(open_page, artifacts):
    teacher = open_page("lesson=lab02")
    wait_text(teacher, title(1))
    sidebar(teacher).get_by_role("button", name=EN["class_lesson_start"]).click()
    wait_text(teacher, "students open this link", '[data-testid="stSidebar"]')
    code = re.search(r"Class code ([A-Z0-9]{6})", sidebar(teacher).inner_text()).group(1)
    mina, jiwoo = join(open_page, code, "Mina"), join(open_page, code, "지우", "ko")
    phone = join(open_page, code, "Ana", viewport=(390, 1600))
    students = ((mina, "en"), (jiwoo, "ko"), (phone, "en"))
    for s, lang in students:  # Follow me: the teacher's first screen
        wait_text(s, title(1, lang))

    # let them go ahead up to screen 2: the phone goes, the others stay
    sidebar(teacher).get_by_label(EN["class_ahead"]).fill("2")
    sidebar(teacher).get_by_label(EN["class_ahead"]).press("Enter")
    wait_idle(teacher)
    sidebar(teacher).get_by_role("button", name=EN["class_ahead_button"], exact=True).click()
    wait_text(teacher, EN["class_paced_ahead"].format(n=2), '[data-testid="stSidebar"]')
    next_button = phone.locator(".st-key-class_screen_next button")
    next_button.wait_for(timeout=WAIT)
    wait_idle(phone)
    next_button.click()
    wait_text(phone, title(2))
    phone.locator(".st-key-class_screen_next button[disabled]").wait_for(timeout=WAIT)
    assert title(1) in mina.inner_text("body")
    wait_grid(teacher, [["1"] + ["not yet"] * 9, ["1"] + ["not yet"] * 9,
                        ["2"] + ["not yet"] * 9])
    # brought back: everyone on the teacher's screen again, following
    sidebar(teacher).get_by_role("button", name=EN["class_bring_them_back"]).click()
    wait_text(phone, title(1))
    phone.locator(".st-key-class_screen_next").wait_for(state="detached", timeout=WAIT)

    # the teacher's Next, twice: the class follows to screen 3
    for n in (2, 3):
        wait_idle(teacher)
        teacher.locator(".st-key-lesson_next button").click()
        for s, lang in students:
            wait_text(s, title(n, lang))
    # screen 3's own question, asked in one click: two answer, one right
    wait_idle(teacher)
    sidebar(teacher).locator(".st-key-class_ask_screen button").click()
    for s, W, words in ((mina, "0.187", EN), (jiwoo, "3", KO)):
        field = s.locator(".st-key-class_next_W input")
        field.wait_for(timeout=WAIT)
        wait_idle(s)
        field.fill(W)
        field.press("Enter")  # the page runs again: Send carries the number
        wait_idle(s)
        s.locator(".st-key-class_send_W button").click()
        wait_text(s, words["class_your_answer"].split("{")[0])
    wait_text(teacher, "2 of 3 answered")
    sidebar(teacher).get_by_role("button", name=EN["class_reveal"]).click()
    wait_text(teacher, "Right: 1 · not right: 1")
    # then each who answered sees what to notice, in their page's language
    for s, lang in ((mina, "en"), (jiwoo, "ko")):
        wait_text(s, builtin().screens[2].notice[lang])
    cells = [["not yet"] * 2 + [state] + ["not yet"] * 6
             for state in ("right", "answered", "not yet")]
    wait_grid(teacher, [["3", *c] for c in cells])
    assert [r[0] for r in grid_rows(teacher)] == ["#1", "#2", "#3"]  # no names on the board
    teacher.screenshot(path=str(artifacts / "class-lesson-grid.png"))

    for page, when in ((teacher, "the board with its grid"), (phone, "a student's page")):
        page.set_viewport_size({"width": 390, "height": 1600})
        wait_idle(page)
        assert_accessible(page, f"{when} at 390 px")
    phone.screenshot(path=str(artifacts / "class-lesson-phone.png"))

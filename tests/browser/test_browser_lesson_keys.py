"""The built-in lesson played with the keyboard alone in Chromium, as test_browser_lesson.py
plays it with the mouse: every control reached by Tab (or Shift+Tab) as a keyboard user
reaches it, each question answered and each mission solved by keys, and not one mouse or
pointer event seen by the page or any of its frames. Then a point of the editable table
edited by keys."""

from __future__ import annotations

import pytest
from playerview import axes, close, metric, plotted_points, ready, settled, wait_for, wait_plotted
from test_browser_accessibility import assert_accessible
from test_browser_keyboard import COUNT_POINTER_EVENTS, FOCUSED, focus_is_visible
from test_browser_lesson import on_screen, play_lesson
from test_browser_predict import wait_link, wait_mission_verdict

from harness.browsing import wait_page
from linreg.lesson import builtin
from linreg.missions import lesson_line
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

PANEL = '[data-testid="linreg-predict"]'
SIDEBAR = '[data-testid="stSidebar"]'
# the page has some sixty stops: a whole turn of Tab reaches any of them
MOST_PRESSES = 90
# Streamlit's buttons draw their focus as a shadow (its fields, as their frame's border)
FOCUS_SHADOW = "getComputedStyle(document.activeElement).boxShadow"


def reach(page, condition: str, what: str, key: str = "Tab", ring: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element `e` meets the condition, at most
    MOST_PRESSES times; the player's own controls must show their focus ring."""
    for _ in range(MOST_PRESSES):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const e = {FOCUSED}; return !!({condition}); }}"):
            if ring:
                focus_is_visible(page, what)
            return
    focused = page.evaluate(f"() => {FOCUSED}.outerHTML.slice(0, 200)")
    pytest.fail(f"{MOST_PRESSES} presses of {key} never reached {what}; focus is on {focused}")


def in_key(name: str) -> str:
    """The focused element is inside Streamlit's element of this key."""
    return f"e.closest('.st-key-{name}')"


def action(name: str) -> str:
    return f"e.dataset.action === {name!r}"


def press_button(page, name: str, key: str = "Tab") -> None:
    """One of the player's buttons, reached and pressed by keys."""
    reach(page, action(name), f"the {name} button", key=key, ring=True)
    page.keyboard.press("Enter")


def run_to_end(page, key: str = "Tab") -> None:
    press_button(page, "run_end", key)
    wait_for(page, "d.serverEpoch === '1000' && d.epoch === '1000'", timeout=60_000)


def type_into(page, text: str) -> None:
    """The focused field's value replaced by `text` and sent, as a user types it."""
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


NEXT = in_key("lesson_next") + " && e.tagName === 'BUTTON'"


def next_screen(page, key: str = "Shift+Tab") -> None:
    """Next, from wherever the focus is: the lesson's box sits above the player."""
    reach(page, NEXT, "the lesson's Next", key=key)
    assert page.evaluate(FOCUS_SHADOW) != "none", "Next shows no focus"
    page.keyboard.press("Enter")


def answer_where(page) -> None:
    """Screen 2: the guess put at the valley's floor (W, b) = (2, 0) with the arrow keys on
    the cost plot, from the run's start (b = 0 there); an arrow moves it by 1/50 of an axis."""
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    reach(page, "e.classList.contains('lr-place')", "the place button", ring=True)
    page.keyboard.press("Enter")
    reach(page, "e.classList.contains('lr-chart-contour')", "the cost plot", ring=True)
    a, W = axes(page, "contour"), float(metric(page, "W"))
    assert float(metric(page, "b")) == 0.0
    right = round((2.0 - W) / ((a["x1"] - a["x0"]) / 50))
    for _ in range(right):
        page.keyboard.press("ArrowRight")
    wait_for(page, "d.keyEdit")
    page.keyboard.press("Enter")
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'right'")
    run_to_end(page, key="Shift+Tab")  # back from the plot to the player's buttons
    wait_for(page, "d.verdict === 'right'", timeout=60_000)


def answer_next_W(page) -> None:
    """Screen 3: W after one step, typed in its field; Enter steps and shows."""
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    reach(page, "e.dataset.testid === 'linreg-predict-W'", "the field of W", ring=True)
    page.keyboard.type("0.187")
    page.keyboard.press("Enter")
    wait_for(page, "d.verdict === 'right' && d.epoch === '1'")


def run_the_lessons_log(page) -> None:
    run_to_end(page)
    log = page.locator('[data-testid="linreg-log"]').inner_text().splitlines()
    assert log[-1] == "Epoch 1000/1000 W: 1.971, b: 0.066 Cost: 0.000633"


def solve_edge(page, words: dict) -> None:
    """Screen 6: the rate typed in the sidebar's field (before the main part: Shift+Tab)."""
    reach(page, f"e.matches('{SIDEBAR} input[type=number]') && "
                f"e.getAttribute('aria-label') === {words['lr']!r}", "the sidebar's rate",
          key="Shift+Tab")
    type_into(page, "0.175")
    wait_for(page, "d.lr === '0.175'")
    settled(page)
    run_to_end(page)
    wait_mission_verdict(page, words, "edge", solved=True, timeout=60_000)


def answer_diverging(page) -> None:
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")
    reach(page, "e.dataset.zone === 'diverging'", "the diverging button", ring=True)
    page.keyboard.press("Enter")
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'right'")
    press_button(page, "run_end", key="Shift+Tab")  # it diverges before the end
    wait_for(page, "d.verdict === 'right'", timeout=60_000)


def solve_momentum(page, lang: str, words: dict) -> None:
    """Screen 8: the optimizer's list opened by keys, the option typed and chosen by Enter."""
    reach(page, in_key(f"set_optimizer__{lang}") + " && e.tagName === 'INPUT'",
          "the optimizer", key="Shift+Tab")
    page.keyboard.type(words["opt_momentum"])
    page.keyboard.press("Enter")
    page.locator(f'{SIDEBAR} input[type="number"][aria-label="{words["momentum"]}"]').wait_for()
    settled(page)
    press_button(page, "run_end")  # momentum's run has more epochs
    wait_mission_verdict(page, words, "momentum", solved=True, timeout=90_000)


def solve_module_form(page, words: dict) -> None:
    """Screen 9: the log's line at epoch 500 typed as the answer."""
    reach(page, f"e.getAttribute('aria-label') === {words['mission_answer_log_line']!r}",
          "the answer's field", key="Shift+Tab")
    type_into(page, lesson_line(500))
    wait_mission_verdict(page, words, "lesson_500", solved=True)


def open_counted(open_page, query: str):
    """The page with every mouse and pointer event counted in it and in each of its frames,
    from before any of their scripts run."""
    page = open_page(query)
    page.add_init_script(f"({COUNT_POINTER_EVENTS})()")
    page.reload()
    wait_page(page)  # the sidebar comes after the first plots: Tab starts once it is there
    ready(page)
    return page


def no_pointer_event(page) -> None:
    for frame in page.frames:
        assert frame.evaluate("window.pointerEvents") == [], frame.url


@pytest.mark.parametrize("lang, words", [("en", EN), ("ko", KO)])
def test_the_built_in_lesson_by_keyboard_alone(open_page, lang, words):
    page = open_counted(open_page, f"lang={lang}")
    reach(page, in_key("lesson_open") + " && e.tagName === 'BUTTON'", "Open the lesson")
    assert page.evaluate(FOCUS_SHADOW) != "none", "Open the lesson shows no focus"
    page.keyboard.press("Enter")
    answers = {2: answer_where, 3: answer_next_W, 4: run_the_lessons_log, 5: run_to_end,
               6: lambda p: solve_edge(p, words), 7: answer_diverging,
               8: lambda p: solve_momentum(p, lang, words),
               9: lambda p: solve_module_form(p, words)}

    def after(n: int) -> None:
        if n in (1, 9):
            assert_accessible(page, f"screen {n} ({lang}, by keys)")
        if n < 9:
            # the first time from the sidebar, where Open the lesson was: the focus fell to
            # the page as the button went, and Tab goes on from where it was
            next_screen(page, key="Tab" if n == 1 else "Shift+Tab")
            if n < 8:  # the next screen is drawn and the focus is still on Next
                on_screen(page, words, n + 1, builtin().screens[n].words(lang)[0])
                assert page.evaluate(f"() => {{ const e = {FOCUSED}; return !!({NEXT}); }}"), \
                    f"the focus left Next on screen {n + 1}"

    play_lesson(page, lang, words, answers, after)
    no_pointer_event(page)


# Streamlit's grid draws its cells on a canvas and keeps a hidden table of them for assistive
# technology: its cells say which one is chosen (glide-cell-<column>-<row>: the rows' markers,
# the index, then x)
CHOSEN_CELL = """() => { const cell = document.querySelector(
    '[data-testid="stDataFrame"] td[aria-selected="true"]'); return cell ? cell.id : ''; }"""


def test_a_point_edited_in_the_table_by_keyboard_alone(open_page):
    """The first point's x set to 5 in the editable table: Tab into the grid, the arrows to the
    cell, a number typed and Enter; the data plot shows the point moved."""
    page = open_counted(open_page, "lang=en")
    first = plotted_points(page)["train"][0]
    reach(page, in_key("table_edit") + " && e.getAttribute('role') === 'switch'",
          "Edit in the table")
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement"
                         ".closest('label')); return [s.outlineStyle, s.outlineWidth]; }")
    assert ring == ["solid", "3px"], f"the focused toggle shows no ring: {ring}"
    page.keyboard.press("Space")
    reach(page, "e.tagName === 'CANVAS' && e.closest('[data-testid=\"stDataFrame\"]')",
          "the table's cells")
    for key in ("ArrowRight", "ArrowDown", "ArrowUp"):  # to the first row's x
        page.keyboard.press(key)
    page.wait_for_function(f"({CHOSEN_CELL})() === 'glide-cell-2-0'")
    page.keyboard.type("5")
    page.wait_for_selector('input.gdg-input')  # the cell's editor, opened by typing
    assert page.input_value("input.gdg-input") == "5"
    page.keyboard.press("Enter")
    wait_plotted(page, lambda p: close(p["train"][:1], [(5.0, first[1])], (0.01, 0.01)))
    wait_for(page, "d.points === '4'")
    wait_link(page, "x", "5,2,3,4")
    no_pointer_event(page)

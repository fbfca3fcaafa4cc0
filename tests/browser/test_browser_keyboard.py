"""The page by keyboard alone and by ear, in Chromium: the skip link, the buttons, the start
and the points moved with keys on the plots, a question answered, each focus visible, and no
mouse or pointer event at all; the polite live region saying the state after a Step in both
languages, and quiet while the run plays."""

from __future__ import annotations

import pytest
from playerview import metric, plotted_points, press, ready, settled, state, wait_for, wait_plotted

from harness.browsing import accessibility_faults, wait_idle
from linreg.texts import texts

# Every mouse and pointer event that reaches the page, counted before anyone sees it. A click
# made by a key (Enter on a button or a link) has detail 0; a mouse's has 1 or more.
COUNT_POINTER_EVENTS = """() => {
  window.pointerEvents = [];
  for (const type of ["mousedown", "mouseup", "mousemove", "mouseover", "pointerdown",
      "pointerup", "pointermove", "pointerover", "wheel", "contextmenu", "touchstart"]) {
    window.addEventListener(type, (e) => window.pointerEvents.push(type), true);
  }
  window.addEventListener("click", (e) => {
    if (e.detail > 0) window.pointerEvents.push("click");
  }, true);
}"""

FOCUSED = "document.activeElement"

# How the focused element is drawn: its outline and where it is on the screen.
FOCUS_LOOK = """() => { const e = document.activeElement, s = getComputedStyle(e),
  r = e.getBoundingClientRect();
  return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), top: r.top,
           bottom: r.bottom, height: r.height, visible: e.matches(':focus-visible') }; }"""

ANNOUNCE = '[data-testid="linreg-announce"]'


def focus_is_visible(page, what: str) -> None:
    look = page.evaluate(FOCUS_LOOK)
    assert look["visible"] and look["style"] != "none" and look["width"] >= 2, (what, look)
    assert look["height"] > 0 and look["bottom"] > 0, (what, look)  # on the screen


def assert_accessible(page, when: str) -> None:
    faults = accessibility_faults(page)
    assert not faults, f"{when}:\n" + "\n".join(faults)


def tab_to(page, condition: str, what: str, key: str = "Tab", most: int = 60,
           ring: bool = True) -> None:
    """Press Tab (or Shift+Tab) until the focused element `e` meets the condition; the
    player's own elements show an outline (Streamlit's widgets draw their focus their way)."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const e = {FOCUSED}; return !!({condition}); }}"):
            if ring:
                focus_is_visible(page, what)
            return
    pytest.fail(f"{key} never reached {what}")


def key_edit(page) -> tuple[float, float]:
    """The move the keys have on its way (stated on the root as data-key-edit "x y")."""
    wait_for(page, "d.keyEdit")
    x, y = state(page)["keyEdit"].split()
    return float(x), float(y)


def chosen_ring(page) -> bool:
    return page.evaluate("""() => { const ring = document.querySelector(
        '[data-testid="linreg-player"] svg[data-chart="fit"] .lr-chosen');
        return !!ring && ring.style.display !== 'none'; }""")


def test_everything_by_keyboard_with_no_mouse_event(page, artifacts):
    ready(page)
    page.evaluate(COUNT_POINTER_EVENTS)

    # the first Tab of the page reaches the skip link, shown on the screen
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.dataset.testid") == "linreg-skip"
    assert page.evaluate(f"{FOCUSED}.textContent") == texts("en")["skip_to_player"]
    focus_is_visible(page, "the skip link")
    page.screenshot(path=str(artifacts / "keyboard-skip-link.png"))
    page.keyboard.press("Enter")
    assert page.evaluate(f"!!{FOCUSED}.closest('.lr-bar')"), "the skip link went elsewhere"
    focus_is_visible(page, "the player's first button")

    # Step, by Enter on its button
    tab_to(page, "e.dataset.action === 'step'", "the Step button")
    page.keyboard.press("Enter")
    wait_for(page, "d.serverEpoch === '1' && d.epoch === '1'")
    settled(page)

    # the start moved on the cost plot: Escape takes a move back ...
    tab_to(page, "e.classList.contains('lr-chart-contour')", "the cost plot")
    start = (float(metric(page, "W")), float(metric(page, "b")))
    page.keyboard.press("ArrowRight")
    wait_for(page, "d.keyEdit && d.previewEnd")  # previewed as a drag is
    page.keyboard.press("Escape")
    wait_for(page, "!d.keyEdit && !d.previewEnd")
    # ... arrows move it, Enter sets it: the server runs from there
    for key in ("ArrowRight", "ArrowRight", "Shift+ArrowUp", "ArrowDown"):
        page.keyboard.press(key)
    W, b = key_edit(page)
    assert W > 0 and b > 0, (W, b, start)
    page.keyboard.press("Enter")
    wait_for(page, f"d.serverEpoch === '0' && Math.abs(+metric('W') - {W}) < 6e-4 && "
                   f"Math.abs(+metric('b') - {b}) < 6e-4")
    settled(page)

    # a point chosen, moved and set, then deleted, then one added in the middle
    tab_to(page, "e.classList.contains('lr-chart-fit')", "the data plot", key="Shift+Tab")
    # the hint under the plots says the focused plot's keys
    assert page.locator(".lr-hint").inner_text() == texts("en")["fit_plot_keys"]
    page.keyboard.press("n")
    assert chosen_ring(page)
    first = plotted_points(page)["train"][0]
    for _ in range(5):
        page.keyboard.press("ArrowUp")
    x, y = key_edit(page)
    assert abs(x - first[0]) < 0.01 and y > first[1] + 0.3, (x, y, first)  # drawn: to a pixel
    page.screenshot(path=str(artifacts / "keyboard-point-moved.png"))
    page.keyboard.press("Enter")
    wait_plotted(page, lambda p: abs(p["train"][0][1] - y) < 0.05)
    wait_idle(page)
    page.keyboard.press("Delete")
    wait_for(page, "d.points === '3' && d.figuresDrawn === d.figures")
    wait_idle(page)
    page.keyboard.press("a")
    wait_for(page, "d.points === '4' && d.figuresDrawn === d.figures")
    wait_idle(page)
    assert chosen_ring(page)  # the point added is the one chosen
    assert_accessible(page, "a point chosen on the focused data plot")

    assert page.evaluate("window.pointerEvents") == []


def test_a_question_answered_by_keyboard_is_said(page):
    """"Where will (W, b) be after 10 steps?": the guess moved on the cost plot with keys."""
    ready(page)
    page.evaluate(COUNT_POINTER_EVENTS)
    page.focus('button[data-action="reset"]')  # as the skip link leaves it
    tab_to(page, "e.classList.contains('lr-predict-toggle')", "the questions")
    page.keyboard.press("Enter")
    tab_to(page, "e.classList.contains('lr-place')", "the place button")
    page.keyboard.press("Enter")
    tab_to(page, "e.classList.contains('lr-chart-contour')", "the cost plot")
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    wait_for(page, "d.verdict === 'wrong' || d.verdict === 'right'", timeout=60_000)
    verdict = page.locator('[data-testid="linreg-verdict"]').inner_text()
    page.wait_for_function(f"document.querySelector('{ANNOUNCE}').textContent.includes("
                           f"{verdict!r})")
    assert page.evaluate("window.pointerEvents") == []


def said(page) -> str:
    return page.locator(ANNOUNCE).text_content().strip()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_live_region_says_the_state_after_a_step(open_page, lang):
    page = open_page(f"lang={lang}")
    ready(page)
    assert page.locator('[aria-live="polite"]').count() == 1  # one for the page
    press(page, "step")
    wait_for(page, "d.serverEpoch === '1' && d.epoch === '1'")
    expected = texts(lang)["say_state"].format(epoch=1, W=metric(page, "W"), b=metric(page, "b"),
                                               cost=metric(page, "cost"))
    page.wait_for_function(f"document.querySelector('{ANNOUNCE}').textContent.trim() === "
                           f"{expected!r}")
    assert said(page) == expected
    press(page, "reset")  # Reset (at epoch 1) is said too
    wait_for(page, "d.serverEpoch === '0' && d.epoch === '0'")
    start = texts(lang)["say_state"].format(epoch=0, W="0.000", b="0.000", cost="18.666666")
    page.wait_for_function(f"document.querySelector('{ANNOUNCE}').textContent.trim() === "
                           f"{start!r}")


def test_the_live_region_is_quiet_while_playing_and_says_where_it_paused(open_page):
    page = open_page("epochs=100000")
    ready(page)
    page.evaluate(f"""() => {{
        window.announced = 0;
        new MutationObserver((changes) => {{ window.announced += changes.length; }})
            .observe(document.querySelector('{ANNOUNCE}'),
                     {{ childList: true, characterData: true, subtree: true }});
    }}""")
    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.updates > 100")
    assert page.evaluate("window.announced") == 0
    press(page, "play")  # Pause
    settled(page)
    page.wait_for_function(f"document.querySelector('{ANNOUNCE}').textContent.startsWith("
                           f"'Epoch ' + {int(state(page)['epoch'])} + ':')")
    assert page.evaluate("window.announced") <= 2  # once (a text node replaced)


def test_a_divergence_and_a_verdict_are_said(open_page):
    """"Smooth" guessed at a rate that diverges: the run plays, diverges, and the verdict
    shown during the playback is said with the divergence once it stops."""
    page = open_page("lr=0.19")
    ready(page)
    page.click('[data-testid="linreg-predict"] .lr-predict-toggle')
    page.click('[data-testid="linreg-predict"] button[data-zone="smooth"]')
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'wrong'")
    press(page, "run_end")
    wait_for(page, "d.verdict === 'wrong' && d.serverEpoch !== '0'")
    settled(page)
    alert = page.locator(".lr-alert").inner_text()
    verdict = page.locator('[data-testid="linreg-verdict"]').inner_text()
    assert alert and verdict
    for text in (alert, verdict):
        page.wait_for_function(f"document.querySelector('{ANNOUNCE}').textContent.includes("
                               f"{text!r})")

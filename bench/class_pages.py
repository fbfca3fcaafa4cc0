"""A live class in Chromium: a teacher's page and three students' pages on one server. How
long a teacher's Step takes to show on each student's page, measured inside the pages: the
teacher's page notes when its Step button is clicked, each student's page when its epoch
readout changes (one clock: the pages run in one browser on one machine). Then the teacher
types new numbers of epochs (a new setup each, a run the server has not built yet): how long
until each student's player shows the new run, drawn, from the teacher's Enter. Then the
teacher plays for 5 s: how far each student's epoch readout is from the teacher's at that
moment. The runs of the students' scripts are counted through each phase.

    .venv/bin/python -m bench.class_pages [--students 3] [--steps 20] [--setups 8]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bench.stats import percentile
from harness.browsing import CHROMIUM, FLAGS, IDLE, PLAYER, Server, wait_player
from linreg.texts.en import WORDS

# In a student's page: every change of the epoch readout, with the time it was made.
WATCH_EPOCH = """() => {
  const readout = document.querySelector('[data-testid="linreg-metric-epoch"]');
  window.__epochs = [];
  new MutationObserver(() => window.__epochs.push(
    [readout.textContent, performance.timeOrigin + performance.now()]))
    .observe(readout, { childList: true, characterData: true, subtree: true });
  // Streamlit's runs of this page's script (whole or a fragment), counted as they start
  const app = document.querySelector('[data-testid="stApp"]');
  window.__reruns = 0;
  new MutationObserver(() => {
    if (app.dataset.testScriptState === "running") window.__reruns++;
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}"""

# In the teacher's page: when the Step button was clicked.
WATCH_CLICKS = """() => {
  window.__clicks = [];
  document.addEventListener("click", (event) => {
    if (event.target.closest('button[data-action="step"]')) {
      window.__clicks.push(performance.timeOrigin + performance.now());
    }
  }, true);
}"""

# In the teacher's page: when Enter was pressed in a field of the sidebar (a setting typed).
WATCH_ENTER = """() => {
  window.__entered = [];
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.closest('[data-testid="stSidebar"]')) {
      window.__entered.push(performance.timeOrigin + performance.now());
    }
  }, true);
}"""

# In a student's page: the run's length its player showed with its figures drawn, and when.
WATCH_SETUP = """() => {
  window.__setups = [];
  new MutationObserver(() => {
    const root = document.querySelector('[data-testid="linreg-player"]'), d = root.dataset;
    const label = root.querySelector('[data-testid="linreg-metric-epoch"]').parentElement;
    const end = (label.innerText.match(/\\(\\/ (\\d+)\\)/) || [])[1];
    if (d.figuresDrawn === d.figures) {
      window.__setups.push([end, performance.timeOrigin + performance.now()]);
    }
  }).observe(document.body, { attributes: true, subtree: true, childList: true,
    characterData: true, attributeFilter: ["data-figures-drawn"] });
}"""


def start_class(open_page):
    teacher = open_page("")
    wait_player(teacher, "d.figuresDrawn && d.figuresDrawn === d.figures")
    sidebar = teacher.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Start a class").click()
    teacher.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').innerText"
        ".includes('students open this link')", timeout=60_000)
    code = re.search(r"Class code ([A-Z0-9]{6})", sidebar.inner_text()).group(1)
    return teacher, code


def join(open_page, code: str, number: int):
    page = open_page(f"join={code}&name=s{number}")
    wait_player(page, "d.ledByTeacher === 'true' && d.figuresDrawn === d.figures", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


PLAY_SECONDS = 5.0


def shown_at(page, moment: float) -> int:
    """The epoch a page's readout showed at `moment` (its clock)."""
    return int([text for text, t in page.evaluate("window.__epochs") if t <= moment][-1])

FIELD = f'[data-testid="stSidebar"] input[type="number"][aria-label="{WORDS["epochs"]}"]'


def new_setups(teacher, pages, setups: int) -> tuple[list[float], list[float], list[int]]:
    """The teacher types `setups` new numbers of epochs (301, 302, ...: each a run the
    server has not built yet): the time from its Enter to each student's player drawing the
    new run, the time from the teacher's own player drawing it, and each student's runs of
    its script meanwhile."""
    teacher.evaluate(WATCH_ENTER)
    before = [page.evaluate("window.__reruns") for page in pages]
    for page in [teacher, *pages]:
        page.evaluate(WATCH_SETUP)
    field = teacher.locator(FIELD)
    latencies: list[float] = []
    after_teacher: list[float] = []  # from the teacher's own player showing it
    for k in range(setups):
        epochs = str(301 + k)
        shown = f"root.innerText.includes('(/ {epochs})') && d.figuresDrawn === d.figures"
        field.fill(epochs)
        field.press("Enter")
        wait_player(teacher, shown, timeout=60_000)
        for page in pages:
            wait_player(page, shown, timeout=60_000)
        entered = teacher.evaluate("window.__entered")[-1]
        [own, *drawn] = [next(t for end, t in page.evaluate("window.__setups") if end == epochs)
                         for page in [teacher, *pages]]
        latencies += [t - entered for t in drawn]
        after_teacher += [t - own for t in drawn]
        # the teacher's page settles (its field shows the number) before the next is typed
        teacher.wait_for_function("([f, n]) => document.querySelector(f).value === n",
                                  arg=[FIELD, epochs], timeout=60_000)
        teacher.wait_for_selector(IDLE, timeout=60_000)
        time.sleep(0.3)
    reruns = [page.evaluate("window.__reruns") - b for page, b in zip(pages, before,
                                                                        strict=True)]
    return latencies, after_teacher, reruns


def measure(students: int = 3, steps: int = 20, setups: int = 8) -> dict:
    from playwright.sync_api import sync_playwright

    server = Server()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)

            def open_page(query: str):
                context = browser.new_context(viewport={"width": 1400, "height": 1800})
                page = context.new_page()
                page.goto(server.url + ("/?" + query if query else ""))
                page.wait_for_selector(IDLE, timeout=90_000)
                return page

            teacher, code = start_class(open_page)
            pages = [join(open_page, code, k + 1) for k in range(students)]
            teacher.evaluate(WATCH_CLICKS)
            for page in [teacher, *pages]:
                page.evaluate(WATCH_EPOCH)
            latencies: list[float] = []
            for k in range(steps):
                epoch = k + 1
                teacher.click(f'{PLAYER} button[data-action="step"]')
                for page in pages:
                    wait_player(page, f"metric('epoch') === '{epoch}'", timeout=30_000)
                clicked = teacher.evaluate("window.__clicks")[-1]
                for page in pages:
                    shown = next(t for text, t in page.evaluate("window.__epochs")
                                 if text == str(epoch))
                    latencies.append(shown - clicked)
                time.sleep(0.3)
            reruns = [page.evaluate("window.__reruns") for page in pages]
            teacher_runs = teacher.evaluate("window.__reruns")
            setup_latencies, after_teacher, setup_reruns = new_setups(teacher, pages, setups)
            teacher.click(f'{PLAYER} button[data-action="play"]')
            wait_player(teacher, "d.playing === 'true'")
            time.sleep(PLAY_SECONDS)
            moment = teacher.evaluate("performance.timeOrigin + performance.now()")
            time.sleep(0.5)
            played = shown_at(teacher, moment)
            behind = [abs(shown_at(page, moment) - played) for page in pages]
            browser.close()
    finally:
        server.stop()
    return {"students": students, "steps": steps, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "max": max(latencies), "reruns": reruns,
            "played": played, "behind": behind, "teacher_runs": teacher_runs,
            "setups": setups, "setup_p50": percentile(setup_latencies, 50),
            "setup_p95": percentile(setup_latencies, 95), "setup_max": max(setup_latencies),
            "setup_reruns": setup_reruns, "after_teacher_p50": percentile(after_teacher, 50),
            "after_teacher_p95": percentile(after_teacher, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.class_pages")
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--setups", type=int, default=8)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"a class in Chromium: skipped, Chromium not found at {CHROMIUM}")
        return
    result = measure(args.students, args.steps, args.setups)
    print(f"a teacher's Step on {result['students']} students' pages in Chromium "
          f"({result['steps']} Steps): p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
          f"max {result['max']:.0f} ms; the students' pages ran their script "
          f"{'/'.join(map(str, result['reruns']))} times (the teacher's "
          f"{result['teacher_runs']}, its player's Steps); the teacher's new setup "
          f"({result['setups']} numbers of epochs typed) drawn on their pages: p50 "
          f"{result['setup_p50']:.0f} ms, p95 {result['setup_p95']:.0f} ms, max "
          f"{result['setup_max']:.0f} ms (from the teacher's own page showing it: p50 "
          f"{result['after_teacher_p50']:.0f} ms, p95 {result['after_teacher_p95']:.0f} ms), "
          f"with {'/'.join(map(str, result['setup_reruns']))} runs of their script; after "
          f"{PLAY_SECONDS:g} s of the teacher playing (epoch {result['played']}), the pages were "
          f"{'/'.join(map(str, result['behind']))} epochs from it")


if __name__ == "__main__":
    main()

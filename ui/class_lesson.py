"""A class with a lesson (linreg/classroom/pacing.py): the teacher starts it from the lesson
open on the page, and goes screen by screen with the lesson's own Back and Next (each screen
reaches the class as its setup does, class_teacher.publish); Follow me is the class's mode,
or the students go ahead up to a screen and are brought back. The board shows the grid of
students by screens. A student's page shows their screen and, when free, its Back and Next.
The teacher's page (class_teacher.py) and a student's (class_student.py) call this module; it
calls neither, and makes the teacher's calls through class_room.py.
"""

from __future__ import annotations

import functools
import json
from html import escape

from linreg import lesson as lessons
from linreg.classroom import pacing

from . import lesson
from .class_room import (
    class_page,
    client,
    role,
    room,
    setup_params,
    started,
    teacher_call,
    with_room,
)
from .panels import as_text
from .state import page, ss, word

# ---------------------------------------------------------------- the teacher

def start() -> None:
    """A class with the lesson open on the page, on the screen the teacher is on."""
    ls = page().lesson
    if ls.lesson is None:
        return
    code_key = with_room(lambda r: r.start(setup_params(), ss.lang, client(),
                                           lesson=ls.lesson))
    if code_key is not None:
        started(code_key)
        class_page().screen = 0


def reopened(board: dict) -> None:
    """A reopened class with a lesson: the lesson back on the teacher's page, on the
    class's screen (its setup is the class's already)."""
    if board.get("lesson"):
        ls = page().lesson
        ls.lesson, ls.screen = lessons.from_dict(board["lesson"]), board["pacing"]["screen"]
        class_page().screen = ls.screen


def revealed(question: dict) -> None:
    """The class's question revealed: on the teacher's page the screen it was asked on is
    done, when it was that screen's own, so the lesson's box shows what to notice there
    (ui/lesson.done)."""
    ls, index = page().lesson, question.get("screen")
    if ls.lesson is None or index not in range(len(ls.lesson.screens)):
        return
    if its_own(ls.lesson.screens[index], question):
        ls.done.add(index + 1)


def publish_screen(setup: dict) -> bool:
    """The teacher's screen, written with the page's setup for it when the teacher moved to
    another (the lesson's Back and Next); True when written."""
    cp, ls = class_page(), page().lesson
    if role() != "teacher" or cp.screen is None or ls.lesson is None or ls.screen == cp.screen:
        return False
    if not teacher_call("set_screen", ls.screen, setup):
        return False
    cp.screen = ls.screen
    return True


def _set_pacing(follow: bool, ahead: int | None) -> None:
    page().notices.clear()
    teacher_call("set_pacing", follow, ahead)


def go_ahead() -> None:
    _set_pacing(False, int(ss.get("class_ahead", 1)) - 1)


def bring_them_back() -> None:
    _set_pacing(True, class_page().screen or 0)


def teacher_ui(sb, board: dict | None) -> None:
    """The sidebar's pacing controls, in a class with a lesson (or the way to start one)."""
    cp = class_page()
    if role() is None:
        if page().lesson.lesson is not None:
            sb.button(word("class_lesson_start"), on_click=start, width="stretch",
                      key="class_lesson_start")
        return
    if role() != "teacher" or not board or not board.get("grid"):
        return
    paced, total = board["pacing"], len(board["grid"]["screens"])
    sb.caption(word("class_paced_follow") if paced["follow"]
               else word("class_paced_ahead").format(n=paced["ahead"] + 1))
    sb.number_input(word("class_ahead"), 1, total, min(total, (cp.screen or 0) + 2),
                    key="class_ahead")
    sb.button(word("class_ahead_button"), on_click=go_ahead, key="class_ahead_button",
              width="stretch")
    sb.button(word("class_bring_them_back"), on_click=bring_them_back,
              key="class_bring_them_back", width="stretch")
    r = room()
    if r is not None:
        code, key, names = cp.code, cp.key, bool(ss.get("class_names"))
        sb.download_button(word("class_grid_csv"), lambda: r.export_grid(code, key, names),
                           "linreg-class-grid.csv", "text/csv", on_click="ignore",
                           key="class_grid_csv")


def grid_ui(box, board: dict) -> None:
    """The grid on the board: a row a student, a column a screen (numbered; the titles in
    the header's tooltip would be lost on a projector), the teacher's screen marked."""
    grid = board.get("grid")
    if not grid:
        return
    lang = board["lang"] if board["lang"] in ("en", "ko") else "en"
    here = board["pacing"]["screen"]
    heads = [f"{i + 1}{' ◀' if i == here else ''}" for i in range(len(grid["screens"]))]
    box.markdown("**" + word("class_grid") + "**")
    box.caption(word("class_grid_help") + " " + " · ".join(
        f"{i + 1}. {as_text(t.get(lang, ''))}" for i, t in enumerate(grid["screens"])))
    if not grid["rows"]:
        return
    head = [word("class_student").format(n=""), word("class_grid_here"), *heads]
    rows = [[r["who"], str(r["at"] + 1), *(word(f"class_grid_{c}") for c in r["cells"])]
            for r in grid["rows"]]
    # a table of its own: on a phone it scrolls sideways, so its region takes the focus
    # (keys scroll it) and has a name
    cells = "".join("<tr>" + f"<th scope='row'>{escape(r[0])}</th>" + "".join(
        f"<td>{escape(c)}</td>" for c in r[1:]) + "</tr>" for r in rows)
    box.html(f"<div class='lr-grid' role='region' tabindex='0' "
             f"aria-label='{escape(word('class_grid'))}' style='overflow-x:auto'>"
             "<table data-testid='class-grid' style='white-space:nowrap'><thead><tr>"
             + "".join(f"<th scope='col'>{escape(h)}</th>" for h in head)
             + f"</tr></thead><tbody>{cells}</tbody></table></div>")


# ---------------------------------------------------------------- a student

@functools.lru_cache(maxsize=4)
def _lesson(text: str) -> lessons.Lesson:
    return lessons.from_json(text)


def _screen(view: dict) -> lessons.Screen:
    """The student's screen, read from the class's lesson (checked once per lesson: each
    run of the page asks for it several times)."""
    return _lesson(json.dumps(view["lesson"])).screens[view["my_screen"]]


def follow_screen(view: dict) -> bool:
    """A free student's own screen on their page (its setup and locks), put when it moved;
    True in a class with a lesson (the screen's locks are the page's then)."""
    cp = class_page()
    if not view.get("lesson"):
        return False
    if cp.screen != view["my_screen"]:
        cp.screen = view["my_screen"]
        lesson.put(_screen(view))
    return True


def go(step: int) -> None:
    cp = class_page()
    view = cp.view or {}
    with_room(lambda r: r.go_screen(cp.code, cp.token, view.get("my_screen", 0) + step))


def its_own(screen: lessons.Screen, question: dict) -> bool:
    """Whether a class's question is the screen's own: its kind of question, or its
    mission."""
    if screen.mission:
        return question.get("kind") == "mission" and question.get("mission") == screen.mission
    return screen.question is not None and question.get("kind") == screen.question.kind


def _own_verdict(screen: lessons.Screen):
    """The verdict on a free student's page for their screen's question, or None."""
    verdict = ss.lab.verdict
    if screen.question and verdict is not None and verdict.answer.kind == screen.question.kind:
        return verdict
    return None


def notice_due(view: dict, follows: bool) -> bool:
    """Whether a student's screen shows what to notice: once its question is answered and
    revealed (the class's question asked on it, or on a free student's own page its verdict
    reached on screen), once its mission is solved; at once on a screen that asks nothing.
    All of it is in the class's view or on the page: no read and no rerun of its own."""
    screen = _screen(view)
    if screen.mission:
        return screen.mission in page().mission.solved
    if screen.question is None:
        return True
    asked, reveal = view.get("question") or {}, view.get("reveal") or {}
    if (asked.get("screen") == view["my_screen"] and its_own(screen, asked)
            and reveal.get("question") == asked.get("id") and view.get("my_answer")):
        return True
    verdict, lab = None if follows else _own_verdict(screen), ss.lab
    return verdict is not None and not lab.playing and lab.shown_epoch >= verdict.reveal_at


def _own_state(view: dict, follows: bool) -> str | None:
    """What a free student has done on their own screen, for the grid, not yet told: its
    question answered (right or not, as the core judged it on their page) or its mission
    solved; None when nothing new."""
    if follows or not view.get("lesson") or "my_screen" not in view:
        return None
    screen = _screen(view)
    state, verdict = None, _own_verdict(screen)
    if screen.mission and screen.mission in page().mission.solved:
        state = pacing.SOLVED
    elif verdict is not None:
        state = pacing.RIGHT if verdict.right else pacing.ANSWERED
    if state is None or class_page().screen_told == (view["my_screen"], state):
        return None
    return state


def own_screen_moved(follows: bool) -> bool:
    """Whether the player's run just did something on a free student's screen that the
    grid and the panel's notice have not shown yet: the whole page then runs once."""
    view = class_page().view
    return role() == "student" and bool(view) and _own_state(view, follows) is not None


def tell_grid(view: dict, follows: bool) -> None:
    """What a free student did on their own screen, told to the grid (once per state)."""
    state, cp = _own_state(view, follows), class_page()
    if state is None:
        return
    r = room()
    if r is None:
        return
    try:  # no clearing of the page's messages: this runs as the page is drawn
        r.record_screen(cp.code, cp.token, state)
    except Exception:  # noqa: BLE001  the grid misses one cell; the page goes on
        return
    cp.screen_told = (view["my_screen"], state)


def student_ui(box, view: dict, follows: bool) -> None:
    """The student's screen: its title, text and what it asks; Back and Next when free."""
    if not view.get("lesson") or "my_screen" not in view:
        return
    tell_grid(view, follows)
    screen, total, n = _screen(view), len(view["lesson"]["screens"]), view["my_screen"]
    title, text, _ = screen.words(ss.lang)
    box.caption(word("lesson_progress").format(n=n + 1, total=total))
    box.subheader(as_text(title))
    box.markdown(as_text(text))
    if screen.mission:
        box.caption(word("lesson_mission").format(
            mission=word(f"mission_{screen.mission}_title")))
    if follows:
        return
    last = view["pacing"]["ahead"]
    back, forward = box.columns(2)
    back.button("← " + word("lesson_back"), key="class_screen_back", on_click=go, args=(-1,),
                disabled=n == 0, width="stretch")
    forward.button(word("lesson_next") + " →", key="class_screen_next", on_click=go,
                   args=(1,), disabled=n >= last, type="primary", width="stretch")


def notice_ui(box, view: dict, follows: bool) -> None:
    """What to notice on a student's screen, in their page's language, under the class's
    question and its verdict (notice_due says when)."""
    if not view.get("lesson") or "my_screen" not in view:
        return
    notice = _screen(view).words(ss.lang)[2]
    if notice and notice_due(view, follows):
        box.info(as_text(word("lesson_notice").format(notice=notice)))

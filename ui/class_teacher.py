"""The teacher's page in a live class: start or reopen it, the controls in the sidebar, and
the board above the player."""

from __future__ import annotations

import math

import streamlit as st

from linreg import figures, missions
from linreg.classroom import signals
from linreg.classroom.room import (
    JOINS,
    MODES,
    QUESTION_KINDS,
    Classroom,
    clean_code,
    play_secret,
    run_key,
)
from linreg.errors import InputError
from linreg.lab import Lab
from linreg.questions import Answer, agrees

from . import class_lesson, class_student, lesson
from .class_room import (
    class_page,
    class_signal,
    client,
    fail,
    join_link,
    leave,
    poll_seconds,
    role,
    room,
    setup_params,
    solved_count,
    started,
    teacher_call,
    with_room,
)
from .state import page, ss, word

CHART = {"displayModeBar": False}


def start_class() -> None:
    code_key = with_room(lambda r: r.start(setup_params(), ss.lang, client()))
    if code_key is not None:
        started(code_key)


def reopen_class() -> None:
    def teachers_board(r: Classroom) -> dict:
        code = clean_code(ss.get("class_reopen_code"))
        return r.board(code, ss.get("class_reopen_key") or "")

    board = with_room(teachers_board)
    if board is None:
        return
    cp = class_page()
    cp.code, cp.key, cp.role = board["code"], ss.class_reopen_key, "teacher"
    cp.signals = None
    cp.published = None
    ss.class_mode, ss.class_joins = board["mode"], board["joins"]
    class_lesson.reopened(board)


def on_mode() -> None:
    page().notices.clear()
    teacher_call("set_mode", ss.class_mode)


def on_joins() -> None:
    page().notices.clear()
    teacher_call("set_joins", ss.class_joins)


def _picked() -> list[int]:
    return [int(n) for n in ss.get("class_roster_picked", [])]


def let_in(numbers: list[int] | None = None) -> None:
    """Let in the students picked in the roster (or these)."""
    page().notices.clear()
    if teacher_call("admit", list(numbers or _picked())):
        ss.pop("class_roster_picked", None)


def remove_picked() -> None:
    page().notices.clear()
    if teacher_call("remove", _picked()):
        ss.pop("class_roster_picked", None)


def bring_back() -> None:
    page().notices.clear()
    ss.class_mode = "follow"
    if teacher_call("set_setup", setup_params()):
        teacher_call("set_mode", "follow")
    class_page().published = None


def ask() -> None:
    page().notices.clear()
    lab = ss.lab
    if ss.class_ask_kind == "mission":  # the students solve it on their own pages
        teacher_call("ask", "mission", {"mission": ss.get("class_ask_mission")})
        return
    lab.pause(lab.shown_epoch)
    params = {"lr": lab.settings.lr, "epoch": lab.shown_epoch,
              "optimizer": lab.settings.optimizer, "steps": int(ss.get("class_steps", 10))}
    teacher_call("ask", ss.class_ask_kind, params)


def ask_screen() -> None:
    """The teacher's screen's own question or mission, asked in one click: put in the
    question's fields (its kind and N steps, or the mission), then asked as by hand."""
    screen = lesson.current()
    if screen is None:
        return
    if screen.mission:
        ss.class_ask_kind, ss.class_ask_mission = "mission", screen.mission
    elif screen.question:
        ss.class_ask_kind = screen.question.kind
        if screen.question.steps:
            ss.class_steps = screen.question.steps
    else:
        return
    ask()


def _ask_screen_ui(sb) -> None:
    """In a class with a lesson, on a screen with a question or a mission: the button that
    asks it (at rest while the class answers it)."""
    screen, cp = lesson.current(), class_page()
    if cp.screen is None or screen is None or not (screen.question or screen.mission):
        return
    if screen.mission:
        label = word("class_ask_screen_mission").format(
            mission=word(f"mission_{screen.mission}_title"))
    else:
        kind, steps = screen.question.kind, screen.question.steps
        label = word("class_ask_screen").format(
            question=word("offline_ask_place").format(steps=steps) if kind == "where_after"
            else word(f"class_ask_{kind}"))
    board = cp.board or {}
    asked = board.get("question") or {}
    open_here = (asked.get("screen") == cp.screen and class_lesson.its_own(screen, asked)
                 and not board.get("reveal"))
    sb.button(label, on_click=ask_screen, key="class_ask_screen", type="primary",
              width="stretch", disabled=open_here)


def reveal() -> None:
    """The core's truth from where the question was asked; the teacher's run plays it, and
    every following page with it."""
    page().notices.clear()
    board = class_page().board or {}
    question = board.get("question")
    if not question:
        return
    if question["kind"] == "mission":  # the truth is the class's own: who solved it
        if teacher_call("reveal", {"mission": question["mission"],
                                   "answered": board["answered"],
                                   "solved": solved_count(board["answers"])}):
            class_lesson.revealed(question)
        return
    lab: Lab = ss.lab
    lab.go_to(question.get("epoch", 0))
    template = {"rate_zone": Answer("rate_zone", zone="smooth"),
                "where_after": Answer("where_after", W=0.0, b=0.0,
                                      steps=max(1, int(question.get("steps", 10)))),
                "next_W": Answer("next_W", W=0.0)}[question["kind"]]
    verdict = lab.predict(template)
    if teacher_call("reveal", {k: (None if isinstance(v, float) and not math.isfinite(v)
                                   else v) for k, v in verdict.truth.items()}):
        class_lesson.revealed(question)


def end_class() -> None:
    """End the class: first the page offers the results (with names), and asks again."""
    class_page().ending = True


def keep_class() -> None:
    class_page().ending = False


def confirm_end() -> None:
    teacher_call("end")
    leave()


def publish() -> None:
    """The teacher's setup, written when it changed (Follow me); and the teacher's player,
    unless the player tells its play state itself (served with the class route: play_to)."""
    if role() != "teacher":
        return
    lab, cp = ss.lab, class_page()
    setup = setup_params()
    moved = class_lesson.publish_screen(setup)  # a lesson's screen, written with its setup
    now = (setup,) if signals.SERVED else (setup, lab.shown_epoch, lab.playing, lab.play_token)
    if now == cp.published:
        return
    before = cp.published
    if not moved and (before is None or before[0] != setup) and not teacher_call(
            "set_setup", setup):
        return
    if not signals.SERVED:
        teacher_call("set_player", lab.shown_epoch, lab.playing, lab.play_token)
    cp.published = now


def play_to() -> dict | None:
    """Where the teacher's player tells the class its play state as the teacher acts
    (server.py's POST route), with the class's play secret and the run it is about."""
    cp = class_page()
    if role() != "teacher" or not signals.SERVED:
        return None
    signal = class_signal("class")
    if signal is None:
        return None
    return {"url": f"/class/{signals.SIGNALS.register(signal, cp.code)}/play",
            "secret": play_secret(cp.key, cp.code), "run": run_key(setup_params())}


# ---------------------------------------------------------------- what the page shows

def sidebar_ui() -> None:
    """The sidebar's class box: the way into a class, or the teacher's controls (a
    student's box is class_student.sidebar_ui)."""
    sb = st.sidebar
    sb.header(word("class"))
    if role() is None:
        sb.button(word("class_start"), on_click=start_class, width="stretch",
                  key="class_start")
        class_lesson.teacher_ui(sb, None)
        class_student.join_ui(sb)
        with sb.expander(word("class_reopen")):
            st.text_input(word("class_code"), key="class_reopen_code", max_chars=12)
            st.text_input(word("class_key"), key="class_reopen_key", type="password")
            st.button(word("class_reopen_button"), on_click=reopen_class, key="class_reopen_b")
        return
    if role() != "teacher":
        return
    cp = class_page()
    link = join_link()
    sb.markdown(word("class_code_is").format(code=cp.code))
    sb.markdown(f"[{link}]({link})")  # as `code` it would load a font of its own
    if sb.toggle(word("qr"), key="class_qr"):
        from .controls import qr_svg

        sb.image(qr_svg(link))
    modes = {m: word(f"class_mode_{m}") for m in MODES}
    if ss.get("class_mode") not in modes:
        ss.class_mode = "follow"
    sb.radio(word("class_mode"), list(modes), format_func=modes.get, key="class_mode",
             on_change=on_mode)
    joins = {j: word(f"class_joins_{j}") for j in JOINS}
    if ss.get("class_joins") not in joins:
        ss.class_joins = "open"
    sb.radio(word("class_joins"), list(joins), format_func=joins.get, key="class_joins",
             on_change=on_joins)
    sb.button(word("class_bring_back"), on_click=bring_back, key="class_bring_back")
    class_lesson.teacher_ui(sb, cp.board)
    _ask_screen_ui(sb)
    kinds = {k: word(f"class_ask_{k}") for k in QUESTION_KINDS}
    sb.selectbox(word("class_ask"), list(kinds), format_func=kinds.get, key="class_ask_kind")
    if ss.get("class_ask_kind") == "where_after":
        sb.number_input(word("ask_place_after"), 1, 1000, 10, key="class_steps")
    if ss.get("class_ask_kind") == "mission":
        titles = {m.id: word(f"mission_{m.id}_title") for m in missions.MISSIONS}
        sb.selectbox(word("class_ask_which"), list(titles), key="class_ask_mission",
                     format_func=titles.get)
    sb.button(word("class_ask_button"), on_click=ask, key="class_ask_button")
    sb.button(word("class_reveal"), on_click=reveal, key="class_reveal")
    sb.toggle(word("class_names"), key="class_names")
    r = room()
    if r is not None:
        names = bool(ss.get("class_names"))
        code, key = cp.code, cp.key
        sb.download_button(word("class_csv"), lambda: r.export_csv(code, key, names),
                           "linreg-class.csv", "text/csv", on_click="ignore", key="class_csv")
    with sb.expander(word("class_key")):
        st.caption(word("class_key_help"))
        st.code(cp.key, language=None)
    if not cp.ending:
        sb.button(word("class_end"), on_click=end_class, key="class_end")
        return
    sb.warning(word("class_end_help"))
    if r is not None:
        sb.download_button(word("class_csv"), lambda: r.export_csv(code, key, True),
                           "linreg-class.csv", "text/csv", on_click="ignore",
                           key="class_end_csv")
    sb.button(word("class_end_confirm"), on_click=confirm_end, key="class_end_confirm",
              type="primary")
    sb.button(word("class_end_cancel"), on_click=keep_class, key="class_end_cancel")


def board_ui(words: dict, dark: bool) -> None:
    """The teacher's board above the player, read anew when the class moves."""
    if role() != "teacher":
        return

    @st.fragment(run_every=poll_seconds())
    def board() -> None:
        r = room()
        if r is None:
            return
        cp = class_page()
        seen = r.board_version(cp.code)  # before reading: a join meanwhile is not lost
        try:
            b = r.board(cp.code, cp.key, names=bool(ss.get("class_names")))
        except InputError as error:
            fail(error)
            leave()
            st.rerun()
            return
        cp.board = b
        cp.seen = seen
        _show_board(b, words, dark)
        _roster_ui(r, b)

    board()


def _asked_at(question: dict) -> tuple[float, float]:
    """The teacher's (W, b) at the question's epoch (the run may have moved on since)."""
    state = ss.lab.state
    epoch = question.get("epoch")
    if isinstance(epoch, int) and 0 <= epoch < len(state.history):
        row = state.history.row(epoch)
        return row["W"], row["b"]
    return state.W, state.b


def _show_board(b: dict, words: dict, dark: bool) -> None:
    box = st.container(border=True)
    box.markdown(word("class_board").format(code=b["code"], joined=b["joined"],
                                            mode=word(f"class_mode_{b['mode']}")))
    class_lesson.grid_ui(box, b)
    q = b["question"]
    stats = ss.lab.data.train_stats
    if q and q["kind"] == "mission":
        answers, solved = b["answers"], solved_count(b["answers"])
        box.markdown(word("class_mission_board").format(
            # "1. Fast fit" at the start of a line would become a numbered list
            mission=word(f"mission_{q['mission']}_title").replace(".", "\\.", 1),
            answered=b["answered"], joined=b["joined"], solved=solved))
        box.caption(word(f"mission_{q['mission']}_goal"))
        box.plotly_chart(figures.board_mission(solved, len(answers) - solved,
                                               max(0, b["joined"] - len(answers)), words, dark),
                         config=CHART, key="class_answers")
    elif q:
        box.markdown(word("class_answered").format(question=word(f"class_ask_{q['kind']}"),
                                                   answered=b["answered"], joined=b["joined"]))
        truth = (b["reveal"] or {}).get("truth")
        if truth is not None:
            right = sum(agrees(Answer.from_dict(a2), truth)
                        for a2 in ({k: v for k, v in a.items() if k != "who"}
                                   for a in b["answers"]))
            box.success(word("class_right").format(right=right, wrong=b["answered"] - right))
        box.plotly_chart(figures.board_answers(q["kind"], b["answers"], truth, _asked_at(q),
                                               stats, words, dark),
                         config=CHART, key="class_answers")
    if b["runs"]:
        box.plotly_chart(figures.board_sweep(b["runs"], words, dark), config=CHART,
                         key="class_sweep")
        box.plotly_chart(figures.board_paths(b["runs"], stats, words, dark), config=CHART,
                         key="class_paths")
        ids = [r["id"] for r in b["runs"]]
        box.multiselect(word("class_snapshots"), ids, key="class_picked", max_selections=8)
        picked = [r for r in b["runs"] if r["id"] in ss.get("class_picked", [])]
        if picked:
            cols = box.columns(len(picked))
            for col, run in zip(cols, picked, strict=True):
                col.plotly_chart(figures.board_paths([run], stats, words, dark),
                                 key=f"snap_{run['id']}", config=CHART)
                col.caption(word("class_run").format(who=run["who"], lr=run["lr"],
                                                     epoch=run["epoch"], cost=run["cost"]))


def _roster_ui(r: Classroom, b: dict) -> None:
    """Who is in the class, and who waits: folded away, and read (names and all) only while
    the teacher has it open, so a projected board shows no name. Here the teacher lets
    students in and removes them."""
    if b["waiting"]:
        st.caption(word("class_roster").format(joined=b["joined"], waiting=b["waiting"]))
    roster = st.expander(word("class_roster_pick"), key="class_roster", on_change="rerun")
    if not roster.open:
        return
    cp = class_page()
    try:
        students = r.roster(cp.code, cp.key)
    except InputError as error:
        fail(error)
        return
    waiting = word("class_waiting_mark")
    # the choices are the students' numbers as text: a list of numbers in a multiselect's
    # state failed Streamlit's serialisation once a student was let in
    labels = {str(s["number"]): " ".join(filter(None, (f"#{s['number']}", s["name"]))) + (
        f" · {waiting}" if s["waiting"] else "") for s in students}
    if any(n not in labels for n in ss.get("class_roster_picked", [])):
        ss.pop("class_roster_picked", None)
    roster.caption(word("class_roster_help"))
    roster.multiselect(word("class_roster_pick"), list(labels), format_func=labels.get,
                       key="class_roster_picked")
    cols = roster.columns(3)
    cols[0].button(word("class_let_in"), on_click=let_in, key="class_let_in")
    cols[1].button(word("class_remove"), on_click=remove_picked, key="class_remove")
    left_out = [s["number"] for s in students if s["waiting"]]
    if left_out:
        cols[2].button(word("class_let_all_in"), on_click=let_in, args=(left_out,),
                       key="class_let_all_in")

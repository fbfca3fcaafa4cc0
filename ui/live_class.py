"""The live class on the page: the teacher's board and controls, a student's join, follow,
pause and answers. The rules and the store are in linreg/classroom; this file only shows
them and passes what people do to them.

A page learns of a change from one number, the class's version: the player keeps a request
open that server.py answers when the number moves; only then does the page read the class
and redraw.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from linreg import figures, missions
from linreg.analysis import analyse
from linreg.classroom import signals
from linreg.classroom.room import MODES, QUESTION_KINDS, Classroom, clean_code
from linreg.classroom.store import StoreError, open_store
from linreg.errors import InputError
from linreg.lab import Lab
from linreg.questions import ZONES, Answer, agrees
from linreg.share import LOCKABLE, View, decode, encode

from . import changes, session
from .changes import Change, Source
from .session import note, page, ss, word

# A page learns of a change from the player, whose request to server.py's /class/ route
# waits until the class's version moves (linreg/classroom/signals.py). The fragments' own
# timers are the fallback, for a page served without that route (`streamlit run app.py`).
POLL_SECONDS = 10.0
PUSHED_POLL_SECONDS = 60.0  # the fallback's period when the route is there
PATH_POINTS = 200  # a run's path as sent to the board


def poll_seconds() -> float:
    return PUSHED_POLL_SECONDS if signals.SERVED else POLL_SECONDS


def watch() -> dict | None:
    """Where the player waits for the class's next version, for a page in a class."""
    if role() is None or not ss.class_code or not signals.SERVED:
        return None
    teacher = role() == "teacher"
    return {"url": f"/class/{signals.SIGNALS.register(ss.class_code, board=teacher)}",
            "version": ss.get("class_seen", -1) if teacher else ss.class_version}


@st.cache_resource
def _room() -> Classroom:
    return Classroom(open_store())


def room() -> Classroom | None:
    try:
        return _room()
    except StoreError:
        note("error", "class_store")
        return None


def _with_room(act):
    """What a person's click does to the class: `act(room)`, with a store that cannot be
    reached or a refused change turned into the page's message (None then)."""
    page().notices.clear()
    r = room()
    if r is None:
        return None
    try:
        return act(r)
    except InputError as error:
        _fail(error)
        return None


def init() -> None:
    if "class_role" in ss:
        return
    ss.class_role = None  # "teacher", "student" or None
    ss.class_code = ss.class_key = ss.class_token = None
    ss.class_version = -1
    ss.class_view = None
    ss.class_published = None
    ss.class_applied = None
    ss.class_me = None
    ss.class_board = None
    ss.class_frozen = False
    ss.class_seen = -1  # the class version the teacher's page has shown
    ss.class_mission = None  # the question id of a mission the class started on this page
    ss.class_reported = None  # (question id, status) of the mission last told to the class
    ss.class_join_code = st.query_params.get("join", "")  # a join link fills the code in
    if ss.class_join_code and "name" in st.query_params:
        ss.class_nickname = st.query_params["name"]  # a personal link joins at once
        join()


def _fail(error: InputError) -> None:
    note("error", error.code, **error.params)


def role() -> str | None:
    return ss.get("class_role")


def mission_open(view: dict) -> bool:
    question = view.get("question") or {}
    return question.get("kind") == "mission" and not view.get("reveal")


def student_mode(view: dict) -> str:
    """What a student's page does: the class's mode, but free while a mission is open (a
    paused class stays paused)."""
    return "explore" if mission_open(view) and view["mode"] == "follow" else view["mode"]


def frozen_text() -> str | None:
    """Why a student's buttons rest (following the teacher, or the class paused)."""
    if role() != "student" or not ss.class_view:
        return None
    mode = student_mode(ss.class_view)
    return word("class_paused") if mode == "paused" else (
        word("class_following") if mode == "follow" else None)


def join_link() -> str:
    base = st.context.url or "http://127.0.0.1:8501/"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme or "http", parts.netloc, parts.path or "/",
                       urlencode({"join": ss.class_code}), ""))


# ---------------------------------------------------------------- the teacher

def _setup_params() -> dict:
    return encode(ss.lab.settings, ss.lab.data, View(lang=ss.lang))


def start_class() -> None:
    page().notices.clear()
    r = room()
    if r is None:
        return
    ss.class_code, ss.class_key = r.start(_setup_params(), ss.lang)
    ss.class_role = "teacher"
    ss.class_published = None


def reopen_class() -> None:
    def teachers_code(r: Classroom) -> str:
        code = clean_code(ss.get("class_reopen_code"))
        if not r.is_teacher(code, ss.get("class_reopen_key") or ""):
            raise InputError("class_not_teacher")
        return code

    code = _with_room(teachers_code)
    if code is None:
        return
    ss.class_code, ss.class_key, ss.class_role = code, ss.class_reopen_key, "teacher"
    ss.class_published = None


def _teacher_call(method: str, *args) -> bool:
    r = room()
    if r is None:
        return False
    try:
        version = getattr(r, method)(ss.class_code, ss.class_key, *args)
    except InputError as error:
        _fail(error)
        return False
    if isinstance(version, int):
        ss.class_seen = r.board_version(ss.class_code)  # the teacher's own change: seen
    return True


def on_mode() -> None:
    page().notices.clear()
    _teacher_call("set_mode", ss.class_mode)


def bring_back() -> None:
    page().notices.clear()
    ss.class_mode = "follow"
    if _teacher_call("set_setup", _setup_params()):
        _teacher_call("set_mode", "follow")
    ss.class_published = None


def ask() -> None:
    page().notices.clear()
    lab = ss.lab
    if ss.class_ask_kind == "mission":  # the students solve it on their own pages
        _teacher_call("ask", "mission", {"mission": ss.get("class_ask_mission")})
        return
    lab.pause(lab.shown_epoch)
    params = {"lr": lab.settings.lr, "epoch": lab.shown_epoch,
              "optimizer": lab.settings.optimizer, "steps": int(ss.get("class_steps", 10))}
    _teacher_call("ask", ss.class_ask_kind, params)


def reveal() -> None:
    """The core's truth from where the question was asked; the teacher's run plays it, and
    every following page with it."""
    page().notices.clear()
    board = ss.class_board or {}
    question = board.get("question")
    if not question:
        return
    if question["kind"] == "mission":  # the truth is the class's own: who solved it
        _teacher_call("reveal", {"mission": question["mission"], "answered": board["answered"],
                                 "solved": solved_count(board["answers"])})
        return
    lab: Lab = ss.lab
    lab.go_to(question.get("epoch", 0))
    template = {"rate_zone": Answer("rate_zone", zone="smooth"),
                "where_after": Answer("where_after", W=0.0, b=0.0,
                                      steps=max(1, int(question.get("steps", 10)))),
                "next_W": Answer("next_W", W=0.0)}[question["kind"]]
    verdict = lab.predict(template)
    _teacher_call("reveal", {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                             for k, v in verdict.truth.items()})


def end_class() -> None:
    _teacher_call("end")
    leave()


def publish() -> None:
    """The teacher's setup and player, written when they changed (Follow me)."""
    if role() != "teacher":
        return
    lab = ss.lab
    now = (_setup_params(), lab.shown_epoch, lab.playing, lab.play_token)
    if now == ss.class_published:
        return
    before = ss.class_published
    if (before is None or before[0] != now[0]) and not _teacher_call("set_setup", now[0]):
        return
    _teacher_call("set_player", lab.shown_epoch, lab.playing, lab.play_token)
    ss.class_published = now


# ---------------------------------------------------------------- the students

def join() -> None:
    client = (st.context.headers or {}).get("X-Forwarded-For") or st.context.ip_address or "?"
    me = _with_room(lambda r: r.join(ss.get("class_join_code"), ss.get("class_nickname"),
                                     str(client)[:64]))
    if me is None:
        return
    ss.class_code = clean_code(ss.class_join_code)
    ss.class_token, ss.class_role, ss.class_me = me["token"], "student", me
    ss.class_version, ss.class_applied = -1, None
    sync_student()


def leave() -> None:
    ss.class_role = ss.class_code = ss.class_key = ss.class_token = None
    ss.class_view = ss.class_board = None
    ss.class_frozen = False
    ss.class_mission = ss.class_reported = None
    changes.apply(Change(locks=session.own_locks()), Source.CLASS)


def sync_student() -> str | None:
    """Read the class when its version moved, and follow it. What changed: "player" when
    only the teacher's player moved (the player alone redraws), "page" when the rest of the
    page must follow (setup, mode, question, counts), None when nothing did."""
    r = room()
    if r is None or role() != "student":
        return None
    version = r.version(ss.class_code)
    if version == ss.class_version:
        return None
    try:
        view = r.view(ss.class_code, ss.class_token)
    except InputError as error:
        _fail(error)
        leave()
        return "page"
    before = ss.class_view or {}
    ss.class_version, ss.class_view = version, view
    mode = student_mode(view)
    ss.class_frozen = mode in ("follow", "paused")
    _follow_mission(view.get("question"))
    if mode == "paused" and mission_open(view):  # rest, but keep the run on the mission
        changes.apply(Change(locks=frozenset(LOCKABLE)), Source.CLASS)
        ss.class_applied = None
    elif mode in ("follow", "paused"):
        applied = ss.class_applied or (None, None)
        new_setup = applied[0] != view["setup"]
        locks = frozenset(LOCKABLE)
        changes.apply(changes.whole(decode(view["setup"]), locks=locks) if new_setup
                      else Change(locks=locks), Source.CLASS)
        player = view["player"]
        if applied[1] != player or new_setup:
            ss.lab.go_to(player["epoch"])
            if player["playing"]:
                ss.lab.play()
        ss.class_applied = (view["setup"], player)
    else:
        ss.class_applied = None
        changes.apply(Change(locks=session.own_locks()), Source.CLASS)
    # the counts show beside an open question only: without one, a join is nothing to redraw
    rest = ("setup", "mode", "question", "reveal", "my_answer") + (
        ("answered", "joined") if view.get("question") else ())
    return "page" if any(before.get(k) != view.get(k) for k in rest) else "player"


def _follow_mission(question: dict | None) -> None:
    """A mission asked of the class starts on the student's page (its data, settings and
    locks); it ends there when the class moves on to another question."""
    asked = (question["id"] if question and question["kind"] == "mission"
             and ss.class_view and not ss.class_view.get("reveal") else None)
    if asked and asked != ss.class_mission:
        # it starts at the top of the page's next whole run, which draws the sidebar (see
        # ui/changes.py): the mission's answer box, emptied, is shown in that same run
        ss.class_mission_due = question["mission"]
        ss.class_mission, ss.class_reported = asked, None
    elif ss.class_mission and asked is None:
        session.leave_mission()
        ss.class_mission = None


def start_due_mission() -> None:
    """The class's mission, at the top of a whole run (see _follow_mission)."""
    due = ss.pop("class_mission_due", None)
    if due and role() == "student":
        session.start_mission(due)


def report_mission() -> None:
    """A student's progress on the class's mission goes to the board when it changes (once
    solved, it stays solved)."""
    view = ss.class_view if role() == "student" else None
    question = (view or {}).get("question")
    if not question or question["kind"] != "mission" or view.get("reveal"):
        return
    mission = page().mission
    progress = mission.progress
    if mission.current != question["mission"] or progress is None or progress.status not in (
            missions.SOLVED, missions.TRIED):
        return
    sent = ss.class_reported
    if sent in ((question["id"], progress.status), (question["id"], missions.SOLVED)):
        return
    r = room()
    if r is None:
        return
    try:  # no clearing of the page's messages: this runs as the page is drawn
        r.answer(ss.class_code, ss.class_token, missions.report(mission.current, progress, ss.lab))
    except InputError as error:
        _fail(error)
        return
    ss.class_reported = (question["id"], progress.status)


def solved_count(answers: list) -> int:
    return sum(a.get("status") == missions.SOLVED for a in answers)


def synced() -> str | None:
    """The player's class_sync: a student follows; a teacher's board reads the class anew."""
    if role() == "teacher":
        return "page"
    return sync_student()


def answer(message: dict) -> None:
    _with_room(lambda r: r.answer(ss.class_code, ss.class_token, message))


def place_steps() -> int | None:
    """The steps of the class's open "where will (W, b) be" question, on a student's page:
    the player then takes a click on the cost plot as the answer."""
    view = ss.class_view if role() == "student" else None
    question = (view or {}).get("question")
    if not question or question["kind"] != "where_after" or view.get("reveal"):
        return None
    return int(question.get("steps", 10))


def take_answer(action) -> bool:
    """The player's `class_answer`: a (W, b) clicked on its cost plot for the class's
    question (its steps are the class's, whatever the page sent; the room checks the rest).
    True when the action was one (the page then shows the answer)."""
    if not isinstance(action, dict) or action.get("name") != "class_answer":
        return False
    steps, message = place_steps(), action.get("answer")
    if steps is None:
        return True  # revealed meanwhile: nothing to answer
    if not isinstance(message, dict):
        _fail(InputError("answer_bad", name="answer"))
        return True
    answer({**message, "kind": "where_after", "steps": steps})
    return True


def send_run() -> None:
    h = ss.lab.state.history
    picks = figures.decimate(len(h), PATH_POINTS)
    run = {"lr": ss.lab.settings.lr, "epoch": ss.lab.state.epoch, "cost": ss.lab.state.cost,
           "optimizer": ss.lab.settings.optimizer, "diverged": ss.lab.state.diverged,
           "path": np.column_stack([h["W"][picks], h["b"][picks]]).tolist()}

    def submit(r: Classroom) -> bool:
        r.submit_run(ss.class_code, ss.class_token, run)
        return True

    if _with_room(submit):
        note("success", "class_run_sent")


# ---------------------------------------------------------------- what the page shows

def sidebar_ui() -> None:
    sb = st.sidebar
    sb.header(word("class"))
    if role() is None:
        sb.button(word("class_start"), on_click=start_class, width="stretch",
                  key="class_start")
        sb.text_input(word("class_code"), key="class_join_code", max_chars=12)
        sb.text_input(word("class_nickname"), key="class_nickname", max_chars=40,
                      placeholder=word("class_nickname_hint"))
        sb.button(word("class_join"), on_click=join, width="stretch", key="class_join")
        with sb.expander(word("class_reopen")):
            st.text_input(word("class_code"), key="class_reopen_code", max_chars=12)
            st.text_input(word("class_key"), key="class_reopen_key", type="password")
            st.button(word("class_reopen_button"), on_click=reopen_class, key="class_reopen_b")
        return
    if role() == "student":
        me = ss.class_me or {}
        name = me.get("name") or word("class_student").format(n=me.get("number", "?"))
        sb.caption(word("class_you").format(code=ss.class_code, name=name))
        sb.button(word("class_leave"), on_click=leave, key="class_leave")
        return
    link = join_link()
    sb.markdown(word("class_code_is").format(code=ss.class_code))
    sb.markdown(f"[`{link}`]({link})")
    if sb.toggle(word("qr"), key="class_qr"):
        from .controls import qr_svg

        sb.image(qr_svg(link))
    modes = {m: word(f"class_mode_{m}") for m in MODES}
    if ss.get("class_mode") not in modes:
        ss.class_mode = "follow"
    sb.radio(word("class_mode"), list(modes), format_func=modes.get, key="class_mode",
             on_change=on_mode)
    sb.button(word("class_bring_back"), on_click=bring_back, key="class_bring_back")
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
        code, key = ss.class_code, ss.class_key
        sb.download_button(word("class_csv"), lambda: r.export_csv(code, key, names),
                           "linreg-class.csv", "text/csv", on_click="ignore", key="class_csv")
    with sb.expander(word("class_key")):
        st.caption(word("class_key_help"))
        st.code(ss.class_key, language=None)
    sb.button(word("class_end"), on_click=end_class, key="class_end")


def board_ui(words: dict, dark: bool) -> None:
    """The teacher's board above the player, refreshed every second."""
    if role() != "teacher":
        return

    @st.fragment(run_every=poll_seconds())
    def board() -> None:
        r = room()
        if r is None:
            return
        seen = r.board_version(ss.class_code)  # before reading: a join meanwhile is not lost
        try:
            b = r.board(ss.class_code, ss.class_key, names=bool(ss.get("class_names")))
        except InputError as error:
            _fail(error)
            leave()
            st.rerun()
            return
        ss.class_board = b
        ss.class_seen = seen
        _show_board(b, words, dark)

    board()


def _zone_text(zone) -> str:
    return word(f"choice_{zone}") if zone in ZONES else str(zone)


def _show_board(b: dict, words: dict, dark: bool) -> None:
    box = st.container(border=True)
    box.markdown(word("class_board").format(code=b["code"], joined=b["joined"],
                                            mode=word(f"class_mode_{b['mode']}")))
    q = b["question"]
    if q and q["kind"] == "mission":
        box.markdown(word("class_mission_board").format(
            # "1. Fast fit" at the start of a line would become a numbered list
            mission=word(f"mission_{q['mission']}_title").replace(".", "\\.", 1),
            answered=b["answered"],
            joined=b["joined"], solved=solved_count(b["answers"])))
        box.caption(word(f"mission_{q['mission']}_goal"))
        box.plotly_chart(_mission_figure(b, dark), config={"displayModeBar": False},
                         key="class_answers")
    elif q:
        box.markdown(word("class_answered").format(question=word(f"class_ask_{q['kind']}"),
                                                   answered=b["answered"], joined=b["joined"]))
        truth = (b["reveal"] or {}).get("truth")
        if truth is not None:
            right = sum(agrees(Answer.from_dict(a2), truth)
                        for a2 in ({k: v for k, v in a.items() if k != "who"}
                                   for a in b["answers"]))
            box.success(word("class_right").format(right=right, wrong=b["answered"] - right))
        box.plotly_chart(_answers_figure(q, b["answers"], truth, words, dark),
                         config={"displayModeBar": False}, key="class_answers")
    if b["runs"]:
        box.plotly_chart(_sweep_figure(b["runs"], words, dark), config={"displayModeBar": False},
                         key="class_sweep")
        box.plotly_chart(_paths_figure(b["runs"], words, dark), config={"displayModeBar": False},
                         key="class_paths")
        ids = [r["id"] for r in b["runs"]]
        box.multiselect(word("class_snapshots"), ids, key="class_picked", max_selections=8)
        picked = [r for r in b["runs"] if r["id"] in ss.get("class_picked", [])]
        if picked:
            cols = box.columns(len(picked))
            for col, run in zip(cols, picked, strict=True):
                col.plotly_chart(_paths_figure([run], words, dark), key=f"snap_{run['id']}",
                                 config={"displayModeBar": False})
                col.caption(word("class_run").format(who=run["who"], lr=run["lr"],
                                                     epoch=run["epoch"], cost=run["cost"]))


def _answers_figure(q: dict, answers: list, truth, words: dict, dark: bool) -> go.Figure:
    template = "plotly_dark" if dark else "plotly_white"
    if q["kind"] == "rate_zone":
        counts = [sum(a.get("zone") == z for a in answers) for z in ZONES]
        colors = ["#009E73" if truth and truth.get("zone") == z else "#0072B2" for z in ZONES]
        fig = go.Figure(go.Bar(x=[_zone_text(z) for z in ZONES], y=counts, marker_color=colors))
    elif q["kind"] == "where_after":
        lab = ss.lab
        stats = lab.data.train_stats
        a = analyse(stats)
        Ws = [a2["W"] for a2 in answers] + ([truth["W"]] if truth else []) + [lab.state.W]
        bs = [a2["b"] for a2 in answers] + ([truth["b"]] if truth else []) + [lab.state.b]
        pad_W = max(0.5, (max(Ws) - min(Ws)) * 0.15)
        pad_b = max(0.5, (max(bs) - min(bs)) * 0.15)
        fig = go.Figure(figures.contour(stats, a, [min(Ws) - pad_W, max(Ws) + pad_W],
                                        [min(bs) - pad_b, max(bs) + pad_b], words, dark))
        fig.add_scatter(x=[a2["W"] for a2 in answers], y=[a2["b"] for a2 in answers],
                        mode="markers", marker={"color": "#CC79A7", "size": 10,
                                                "line": {"color": "white", "width": 1}},
                        name=word("class_answers"), text=[a2["who"] for a2 in answers])
        if truth:
            fig.add_scatter(x=[truth["W"]], y=[truth["b"]], mode="markers",
                            marker={"color": "#009E73", "size": 16, "symbol": "diamond"},
                            name=word("class_truth"))
    else:
        fig = go.Figure(go.Histogram(x=[a2["W"] for a2 in answers], marker_color="#0072B2"))
        if truth and truth.get("W") is not None:
            fig.add_vline(x=truth["W"], line_color="#009E73", line_width=3)
    fig.update_layout(template=template, height=320, margin={"l": 40, "r": 10, "t": 10, "b": 40},
                      showlegend=False)
    return fig


def _mission_figure(b: dict, dark: bool) -> go.Figure:
    """How the class stands on a mission: solved, tried and not yet there, and the rates
    they used (the class's own search for the answer)."""
    answers = b["answers"]
    solved = solved_count(answers)
    counts = [solved, len(answers) - solved, max(0, b["joined"] - len(answers))]
    labels = [word(f"class_mission_{k}") for k in ("solved", "tried", "working")]
    fig = go.Figure(go.Bar(x=labels, y=counts, marker_color=["#009E73", "#E69F00", "#999999"],
                           text=counts, textposition="auto"))
    fig.update_layout(template="plotly_dark" if dark else "plotly_white", height=260,
                      margin={"l": 40, "r": 10, "t": 10, "b": 40}, showlegend=False)
    return fig


def _sweep_figure(runs: list, words: dict, dark: bool) -> go.Figure:
    """The class's own sweep: each submitted run's rate against its last cost."""
    fig = go.Figure(go.Scatter(
        x=[r["lr"] for r in runs], y=[max(r["cost"], 1e-12) for r in runs], mode="markers",
        text=[r["id"] for r in runs],
        marker={"size": 11, "color": ["#D55E00" if r["diverged"] else "#0072B2" for r in runs]}))
    fig.update_layout(template="plotly_dark" if dark else "plotly_white", height=300,
                      xaxis={"type": "log", "title": words["lr"]},
                      yaxis={"type": "log", "title": words["cost"], "exponentformat": "power"},
                      margin={"l": 50, "r": 10, "t": 10, "b": 40})
    return fig


def _paths_figure(runs: list, words: dict, dark: bool) -> go.Figure:
    """Runs' paths of (W, b) on one contour of the teacher's cost; the view spans the runs
    that did not diverge (a diverged path leaves it, as it leaves the valley)."""
    lab = ss.lab
    stats = lab.data.train_stats
    a = analyse(stats)
    framed = [r for r in runs if not r["diverged"]] or runs
    Ws = [p[0] for r in framed for p in r["path"]] + [a.W_best or 0.0]
    bs = [p[1] for r in framed for p in r["path"]] + [a.b_best or 0.0]
    span = [[min(Ws) - 0.3, max(Ws) + 0.3], [min(bs) - 0.3, max(bs) + 0.3]]
    fig = go.Figure(figures.contour(stats, a, *span, words, dark))
    for r in runs:
        fig.add_scatter(x=[p[0] for p in r["path"]], y=[p[1] for p in r["path"]],
                        mode="lines", name=r["id"], text=r["id"],
                        line={"color": "#D55E00" if r["diverged"] else "white", "width": 2})
    # the contour's axes fix their margins for the player; here the ticks of a wide span
    # (a diverged run's) need room
    fig.update_xaxes(range=span[0], automargin=True)
    fig.update_yaxes(range=span[1], automargin=True)
    fig.update_layout(height=300, showlegend=False, margin={"l": 50, "r": 5, "t": 35, "b": 40})
    return fig


def student_ui() -> None:
    """A student's class panel above the player: the question, and their verdict."""
    if role() != "student":
        return

    @st.fragment(run_every=poll_seconds())
    def panel() -> None:
        if sync_student():
            st.rerun()  # the whole page follows: the player, the sidebar, the locks
            return
        view = ss.class_view
        if not view:
            return
        box = st.container(border=True)
        text = frozen_text()
        if view["mode"] == "paused":
            box.warning(word("class_look"))
        elif text:
            box.caption(text)
        q = view["question"]
        if q:
            _question_ui(box, q, view)
        if student_mode(view) == "explore":
            box.button(word("class_send_run"), on_click=send_run, key="class_send_run")

    panel()


def _mission_ui(box, q: dict, view: dict) -> None:
    """The class's mission on a student's page: its goal, where they stand, and at the
    reveal what it teaches."""
    numbers = missions.numbers(ss.lab)
    box.markdown("**" + word(f"mission_{q['mission']}_title") + "**")
    box.write(word(f"mission_{q['mission']}_goal"))
    solved = (ss.class_reported or (None, None))[1] == missions.SOLVED
    if view["reveal"]:
        idea = word(f"mission_{q['mission']}_idea").format(**numbers)
        if solved:
            box.success(word("mission_solved").format(idea=idea))
        else:
            box.info(word("class_mission_unsolved").format(idea=idea))
        return
    box.caption(word("class_mission_note"))
    box.caption(word("class_counts").format(answered=view["answered"], joined=view["joined"]))


def _question_ui(box, q: dict, view: dict) -> None:
    if q["kind"] == "mission":
        _mission_ui(box, q, view)
        return
    title = (word("ask_rate").format(lr=q["lr"]) if q["kind"] == "rate_zone" and "lr" in q
             else word(f"class_ask_{q['kind']}"))
    box.markdown("**" + title + "**")
    truth = (view["reveal"] or {}).get("truth")
    mine = view.get("my_answer")
    if truth is not None:
        if mine:
            right = agrees(Answer.from_dict(mine), truth)
            box.success(word("verdict_right")) if right else box.error(word("verdict_wrong"))
        box.caption(word("class_truth_is").format(truth=_truth_text(q, truth)))
        return
    if q["kind"] == "rate_zone":
        cols = box.columns(3)
        for col, zone in zip(cols, ZONES, strict=True):
            col.button(_zone_text(zone), key=f"class_zone_{zone}", width="stretch",
                       on_click=answer, args=({"kind": "rate_zone", "zone": zone},))
    elif q["kind"] == "where_after":
        steps = int(q.get("steps", 10))
        box.caption(word("class_where").format(steps=steps))
        cols = box.columns(3)
        W = cols[0].number_input("W", value=0.0, key="class_W", format="%.3f")
        b = cols[1].number_input("b", value=0.0, key="class_b", format="%.3f")
        cols[2].button(word("class_send"), key="class_send_place", on_click=answer,
                       args=({"kind": "where_after", "W": W, "b": b, "steps": steps},))
    else:
        cols = box.columns(2)
        W = cols[0].number_input("W", value=0.0, key="class_next_W", format="%.4f")
        cols[1].button(word("class_send"), key="class_send_W", on_click=answer,
                       args=({"kind": "next_W", "W": W},))
    box.caption(word("class_counts").format(answered=view["answered"], joined=view["joined"]))
    if mine:
        box.caption(word("class_your_answer").format(answer=_answer_text(mine)))


def _answer_text(a: dict) -> str:
    if a["kind"] == "rate_zone":
        return _zone_text(a["zone"])
    if a["kind"] == "where_after":
        return f"(W, b) = ({a['W']:.3f}, {a['b']:.3f})"
    return f"W = {a['W']:.4f}"


def _truth_text(q: dict, t: dict) -> str:
    if q["kind"] == "rate_zone":
        return _zone_text(t["zone"])
    if q["kind"] == "where_after":
        return f"(W, b) = ({t['W']:.3f}, {t['b']:.3f})"
    return f"W = {t['W']:.4f}" if t.get("W") is not None else "—"


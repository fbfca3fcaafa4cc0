"""A student's page in a live class: join, follow the teacher (or rest, or explore), answer
the class's questions and missions, and send a run to the board."""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from linreg import figures, missions
from linreg.classroom import follow
from linreg.classroom.room import Classroom, clean_code, play_epoch, run_key
from linreg.errors import InputError
from linreg.frame import Frame
from linreg.questions import ZONES, Answer, agrees
from linreg.share import LOCKABLE, View, decode

from . import changes, class_lesson, session
from .changes import Change, Source
from .class_room import (
    class_keys,
    class_page,
    client,
    fail,
    follows,
    leave,
    led_text,
    mission_open,
    poll_seconds,
    role,
    room,
    student_mode,
    watch,
    with_room,
    zone_text,
)
from .state import note, page, ss, word

PATH_POINTS = 200  # a run's path as sent to the board


def follow_link() -> None:
    """A join link fills the class's code in; a personal one (with a name) joins at once."""
    ss.class_join_code = st.query_params.get("join", "")
    if ss.class_join_code and "name" in st.query_params:
        ss.class_nickname = st.query_params["name"]
        join()


def join() -> None:
    me = with_room(lambda r: r.join(ss.get("class_join_code"), ss.get("class_nickname"),
                                    client()))
    if me is None:
        return
    cp = class_page()
    cp.code = clean_code(ss.class_join_code)
    cp.token, cp.role, cp.me = me["token"], "student", me
    cp.version, cp.applied = -1, None
    sync_student()


def sync_student() -> str | None:
    """Read the class when its version moved, and follow it. What changed: "player" when
    only the teacher's player moved (the player alone redraws), "page" when the rest of the
    page must follow (setup, mode, question, counts), None when nothing did."""
    r = room()
    if r is None or role() != "student":
        return None
    cp = class_page()
    version = r.version(cp.code)
    if version == cp.version:
        return None
    try:
        view = r.view(cp.code, cp.token)
    except InputError as error:
        fail(error)
        leave()
        return "page"
    before = cp.view or {}
    cp.version, cp.view = version, view
    if view.get("waiting"):  # nothing of the class until the teacher lets them in
        return None if before.get("waiting") else "page"
    mode = student_mode(view)
    cp.led_by_teacher = mode in ("follow", "paused")
    _follow_mission(view.get("question"))
    player = view["player"]
    if mode == "paused" and mission_open(view):  # rest, but keep the run on the mission
        changes.apply(Change(locks=frozenset(LOCKABLE)), Source.CLASS)
        cp.applied = None
    elif follows():
        applied = cp.applied or (None, None)
        new_setup = applied[0] != view["setup"]
        locks = frozenset(LOCKABLE)
        changes.apply(changes.whole(decode(view["setup"]), locks=locks) if new_setup
                      else Change(locks=locks), Source.CLASS)
        if applied[1] != player or new_setup:
            # where the teacher is now; a run the page holds plays in the browser alone
            ss.lab.go_to(play_epoch(player, time.time()))
            if player["playing"] and not follow.held(ss.lab.settings.epochs):
                ss.lab.play()
        cp.applied = (view["setup"], player)
        cp.screen = None  # free again later: a lesson's screen is put anew
    else:
        if cp.applied and cp.applied[0] == view["setup"]:
            # free from here on: where the teacher is now (the player moved without reruns)
            ss.lab.go_to(play_epoch(player, time.time()))
        cp.applied = None
        if not class_lesson.follow_screen(view):  # a lesson's screen brings its own locks
            changes.apply(Change(locks=session.own_locks()), Source.CLASS)
    # the count of answers is the board's (the projector's), not redrawn on every page
    rest = ("setup", "mode", "question", "reveal", "my_answer", "my_screen", "pacing")
    return "page" if any(before.get(k) != view.get(k) for k in rest) else "player"


def catch_up() -> str | None:
    """A following page reads its class, when it moved, before its frame is built: its
    player may show the class's new run already (fetched by itself, player/js/follow.js),
    which a frame of the run before must not take back. What sync_student says changed."""
    return sync_student() if follows() else None


def following_frame(words: dict, view: View, dark: bool) -> Frame | None:
    """A following page's frame: the class's whole run, built once per server for every
    follower (linreg/classroom/follow.py), standing where the teacher is, with the class's
    play state and keys; the player moves along it as the class route answers. None for
    other pages, and for a run too long to hold (the page then follows by reruns)."""
    if not follows():
        return None
    cp = class_page()
    class_view = cp.view
    run = follow.run_frame(class_view["setup"], words, view, dark)
    if run is None:
        return None
    player = class_view["player"]
    now = time.time()
    shared = {"version": cp.version, "follows": True, "run": run_key(class_view["setup"]),
              # where the player fetches the class's next run itself (a new setup)
              "run_query": follow.run_query(cp.code, view, dark), **class_keys(class_view),
              "play": {k: player.get(k) for k in ("epoch", "playing", "speed", "at")},
              "now": now}
    return follow.following(run, play_epoch(player, now), led_text(),
                            {**(watch() or {}), **shared}, place_steps())


def _follow_mission(question: dict | None) -> None:
    """A mission asked of the class starts on the student's page (its data, settings and
    locks); it ends there when the class moves on to another question."""
    cp = class_page()
    asked = (question["id"] if question and question["kind"] == "mission"
             and cp.view and not cp.view.get("reveal") else None)
    if asked and asked != cp.mission:
        # the setup changes at the top of the page's next run, before the sidebar's fields
        # are drawn: set from a fragment, the browser's old values would win
        cp.mission_due = question["mission"]
        cp.mission, cp.reported = asked, None
    elif cp.mission and asked is None:
        session.leave_mission()
        cp.mission = None


def start_due_mission() -> None:
    """The class's mission, at the top of a whole run (see _follow_mission)."""
    cp = class_page()
    due, cp.mission_due = cp.mission_due, None
    if due and role() == "student":
        session.start_mission(due)


def synced() -> str | None:
    """The player's class_sync: a student follows; a teacher's board reads the class anew."""
    if role() == "teacher":
        return "page"
    return sync_student()


def report_mission() -> None:
    """A student's progress on the class's mission goes to the board when it changes (once
    solved, it stays solved)."""
    cp = class_page()
    view = cp.view if cp.role == "student" else None
    question = (view or {}).get("question")
    if not question or question["kind"] != "mission" or view.get("reveal"):
        return
    mission = page().mission
    progress = mission.progress
    if mission.current != question["mission"] or progress is None or progress.status not in (
            missions.SOLVED, missions.TRIED):
        return
    sent = cp.reported
    if sent in ((question["id"], progress.status), (question["id"], missions.SOLVED)):
        return
    r = room()
    if r is None:
        return
    try:  # no clearing of the page's messages: this runs as the page is drawn
        r.answer(cp.code, cp.token, missions.report(mission.current, progress, ss.lab))
    except InputError as error:
        fail(error)
        return
    cp.reported = (question["id"], progress.status)


def answer(message: dict) -> None:
    cp = class_page()
    with_room(lambda r: r.answer(cp.code, cp.token, message))


def place_steps() -> int | None:
    """The steps of the class's open "where will (W, b) be" question, on a student's page:
    the player then takes a click on the cost plot as the answer."""
    cp = class_page()
    view = cp.view if cp.role == "student" else None
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
        fail(InputError("answer_bad", name="answer"))
        return True
    answer({**message, "kind": "where_after", "steps": steps})
    return True


def send_run() -> None:
    h = ss.lab.state.history
    picks = figures.decimate(len(h), PATH_POINTS)
    run = {"lr": ss.lab.settings.lr, "epoch": ss.lab.state.epoch, "cost": ss.lab.state.cost,
           "optimizer": ss.lab.settings.optimizer, "diverged": ss.lab.state.diverged,
           "path": np.column_stack([h["W"][picks], h["b"][picks]]).tolist()}
    cp = class_page()

    def submit(r: Classroom) -> bool:
        r.submit_run(cp.code, cp.token, run)
        return True

    if with_room(submit):
        note("success", "class_run_sent")


# ---------------------------------------------------------------- what the page shows

def join_ui(sb) -> None:
    """The fields that join a class (in the sidebar's class box, before any class)."""
    sb.text_input(word("class_code"), key="class_join_code", max_chars=12)
    sb.text_input(word("class_nickname"), key="class_nickname", max_chars=40,
                  placeholder=word("class_nickname_hint"))
    sb.button(word("class_join"), on_click=join, width="stretch", key="class_join")


def led_settings_ui() -> None:
    """A following page's sidebar in place of the data and settings fields: the teacher's
    new setup reaches the player without a run of this script, so fields would show the
    setup before it until the next run."""
    st.sidebar.header(word("settings"))
    st.sidebar.caption(word("class_settings_led"))


def sidebar_ui() -> None:
    """A student's own line in the sidebar's class box: who they are, and Leave."""
    if role() != "student":
        return
    cp = class_page()
    me = cp.me or {}
    name = me.get("name") or word("class_student").format(n=me.get("number", "?"))
    st.sidebar.caption(word("class_you").format(code=cp.code, name=name))
    st.sidebar.button(word("class_leave"), on_click=leave, key="class_leave")


def student_ui() -> None:
    """A student's class panel above the player: the question, and their verdict."""
    if role() != "student":
        return

    @st.fragment(run_every=poll_seconds())
    def panel() -> None:
        if sync_student():
            st.rerun()  # the whole page follows: the player, the sidebar, the locks
            return
        view = class_page().view
        if not view:
            return
        box = st.container(border=True)
        if view.get("waiting"):
            box.info(word("class_wait"))
            return
        text = led_text()
        if view["mode"] == "paused":
            box.warning(word("class_look"))
        elif text:
            box.caption(text)
        class_lesson.student_ui(box, view, follows())
        q = view["question"]
        if q:
            _question_ui(box, q, view)
        class_lesson.notice_ui(box, view, follows())
        if student_mode(view) == "explore":
            box.button(word("class_send_run"), on_click=send_run, key="class_send_run")

    panel()


def _mission_ui(box, q: dict, view: dict) -> None:
    """The class's mission on a student's page: its goal, where they stand, and at the
    reveal what it teaches."""
    numbers = missions.numbers(ss.lab)
    box.markdown("**" + word(f"mission_{q['mission']}_title") + "**")
    box.write(word(f"mission_{q['mission']}_goal"))
    solved = (class_page().reported or (None, None))[1] == missions.SOLVED
    if view["reveal"]:
        idea = word(f"mission_{q['mission']}_idea").format(**numbers)
        if solved:
            box.success(word("mission_solved").format(idea=idea))
        else:
            box.info(word("class_mission_unsolved").format(idea=idea))
        return
    box.caption(word("class_mission_note"))


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
        box.caption(word("class_truth_is").format(truth=_place_text(truth, q["kind"])))
        return
    if q["kind"] == "rate_zone":
        cols = box.columns(3)
        for col, zone in zip(cols, ZONES, strict=True):
            col.button(zone_text(zone), key=f"class_zone_{zone}", width="stretch",
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
    if mine:
        box.caption(word("class_your_answer").format(answer=_place_text(mine, mine["kind"])))


def _place_text(a: dict, kind: str) -> str:
    """An answer, or the truth, as the page writes it."""
    if kind == "rate_zone":
        return zone_text(a["zone"])
    if kind == "where_after":
        return f"(W, b) = ({a['W']:.3f}, {a['b']:.3f})"
    return f"W = {a['W']:.4f}" if a.get("W") is not None else "—"

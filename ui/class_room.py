"""A live class on the page: what the teacher's page (class_teacher.py) and a student's
(class_student.py) share: the page's class state, the store, the role, the join link and
how the page hears of the class's changes. The rules and the store are in linreg/classroom.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from linreg import missions
from linreg.classroom import signals
from linreg.classroom.room import MAX_STUDENTS, Classroom, client_address, page_key
from linreg.classroom.store import StoreError, open_store
from linreg.errors import InputError
from linreg.questions import ZONES
from linreg.share import View, encode

from . import changes, session
from .changes import Change, Source
from .state import note, page, ss, word

# The player waits on server.py's /class/ route (linreg/classroom/signals.py); the fragments'
# timers are the fallback, for a page served without it (`streamlit run app.py`).
POLL_SECONDS = 10.0
PUSHED_POLL_SECONDS = 60.0  # the fallback's period when the route is there


@dataclass
class ClassPage:
    """This page's part in a live class (held in st.session_state["class_page"])."""

    role: str | None = None  # "teacher", "student" or None
    code: str | None = None
    key: str | None = None  # the teacher's key
    token: str | None = None  # a student's token
    version: int = -1  # the class version a student's page has read
    view: dict | None = None  # the class as a student's page last read it
    applied: tuple | None = None  # (setup, player) a following page has applied
    me: dict | None = None  # the student as the class knows them (number, name)
    led_by_teacher: bool = False  # a student's page follows the teacher or rests: its buttons too
    mission: str | None = None  # the question id of a mission the class started on this page
    mission_due: str | None = None  # the mission to start at the top of the next whole run
    reported: tuple | None = None  # (question id, status) of the mission last told to the class
    published: tuple | None = None  # (setup, epoch, playing, token) the teacher last wrote
    board: dict | None = None  # the board as the teacher's page last read it
    seen: int = -1  # the class version the teacher's page has shown
    ending: bool = False  # the teacher asked to end the class: the CSV is offered first
    signals: dict | None = None  # the class's signals, on the teacher's page (class_signal)
    screen: int | None = None  # a lesson's screen this page last wrote (teacher) or put (student)
    screen_told: tuple | None = None  # (screen, state) a student's page last told the grid


def class_page() -> ClassPage:
    return ss.class_page


def init() -> bool:
    """The page's class state; True the first time (a new page)."""
    if "class_page" in ss:
        return False
    ss.class_page = ClassPage()
    return True


def role() -> str | None:
    return class_page().role


def poll_seconds() -> float:
    return PUSHED_POLL_SECONDS if signals.SERVED else POLL_SECONDS


def watch() -> dict | None:
    """Where the player waits for the class's next version, for a page in a class: the
    version it shows, and on the teacher's page the class's version and students in it (the
    player tells its own play states apart from the rest, player/js/classwatch.js)."""
    cp = class_page()
    if cp.role is None or not cp.code or not signals.SERVED:
        return None
    teacher = cp.role == "teacher"
    signal = class_signal("board" if teacher else "class")
    if signal is None:
        return None
    url = f"/class/{signals.SIGNALS.register(signal, cp.code, board=teacher)}"
    if teacher:
        number, joined = divmod(max(cp.seen, 0), MAX_STUDENTS + 1)
        return {"url": url, "version": cp.seen, "class": number, "joined": joined}
    if cp.view and not cp.view.get("waiting") and not follows():  # free: what it shows wakes it
        return {"url": url, "version": cp.version, "follows": False, **class_keys(cp.view)}
    return {"url": url, "version": cp.version}  # every change reruns it


def class_signal(which: str) -> str | None:
    """The signal this page waits under ("board" or "class", room.new_signals), as the
    class's record gave it: to a student's page in its view, to the teacher's by asking."""
    cp = class_page()
    if cp.role == "student":
        return (cp.view or {}).get("signal") if which == "class" else None
    r = room() if cp.signals is None else None
    if r is not None:
        try:
            cp.signals = r.signals(cp.code, cp.key)
        except InputError:
            return None  # an ended class: the board's next read says so
    return (cp.signals or {}).get(which)


@st.cache_resource
def _room() -> Classroom:
    # a teacher's change made here is read for the class's waiting pages at once
    return Classroom(open_store(), nudge=signals.SIGNALS.nudge)


def room() -> Classroom | None:
    try:
        return _room()
    except StoreError:
        note("error", "class_store")
        return None


def client() -> str:
    """This page's address, as the class's limits count it (room.client_address). nginx
    writes X-Real-IP (deploy/nginx.conf.template); it is believed from the proxy only."""
    headers = st.context.headers or {}
    return client_address(st.context.ip_address, headers.get("X-Real-IP"))


def fail(error: InputError) -> None:
    note("error", error.code, **error.params)


def with_room(act):
    """What a person's click does to the class: `act(room)`, with a store that cannot be
    reached or a refused change turned into the page's message (None then)."""
    page().notices.clear()
    r = room()
    if r is None:
        return None
    try:
        return act(r)
    except InputError as error:
        fail(error)
        return None


# ---------------------------------------------------------------- the teacher's calls
# (here, below class_teacher.py and class_lesson.py, which both make them)

def setup_params() -> dict:
    """The page's setup as the class keeps it (a link's parameters)."""
    return encode(ss.lab.settings, ss.lab.data, View(lang=ss.lang))


def started(code_key: tuple[str, str]) -> None:
    """This page is the teacher's of the class just started."""
    cp = class_page()
    cp.code, cp.key = code_key
    cp.signals = None
    cp.role = "teacher"
    cp.published = None
    ss.class_joins = "open"


def teacher_call(method: str, *args) -> bool:
    """A change to the class by the teacher's key (the room's `method`); False, with the
    page's message, when it cannot be made."""
    r = room()
    if r is None:
        return False
    cp = class_page()
    try:
        version = getattr(r, method)(cp.code, cp.key, *args)
    except InputError as error:
        fail(error)
        return False
    if isinstance(version, int):
        cp.seen = r.board_version(cp.code)  # the teacher's own change: seen
    return True


def leave() -> None:
    ss.class_page = ClassPage()
    changes.apply(Change(locks=session.own_locks()), Source.CLASS)


def mission_open(view: dict) -> bool:
    question = view.get("question") or {}
    return question.get("kind") == "mission" and not view.get("reveal")


def student_mode(view: dict) -> str:
    """What a student's page does: the class's mode, but free while a mission is open or
    while a lesson's students go on their own (a paused class stays paused)."""
    on_their_own = not (view.get("pacing") or {}).get("follow", True)
    return "explore" if (mission_open(view) or on_their_own) and view["mode"] == "follow" else (
        view["mode"])


def follows() -> bool:
    """Whether this page follows the teacher's player (the class's mode, and no mission of
    its own on the way)."""
    cp = class_page()
    view = cp.view if cp.role == "student" else None
    if not view or view.get("waiting"):  # a student waiting to be let in sees no run
        return False
    mode = student_mode(view)
    return mode == "follow" or (mode == "paused" and not mission_open(view))


def class_keys(view: dict) -> dict:
    """What a student's page shows of the class beyond the run, as the class route tells it
    (room.class_state): the page's key. When an answer carries another, the page reruns."""
    return {"page": page_key(view["mode"], view["question"], view["reveal"], view.get("pacing"))}


def led_text() -> str | None:
    """Why a student's buttons rest (following the teacher, or the class paused)."""
    cp = class_page()
    if cp.role != "student" or not cp.view or cp.view.get("waiting"):
        return None
    mode = student_mode(cp.view)
    return word("class_paused") if mode == "paused" else (
        word("class_following") if mode == "follow" else None)


def join_link() -> str:
    base = st.context.url or "http://127.0.0.1:8501/"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme or "http", parts.netloc, parts.path or "/",
                       urlencode({"join": class_page().code}), ""))


def solved_count(answers: list) -> int:
    return sum(a.get("status") == missions.SOLVED for a in answers)


def zone_text(zone) -> str:
    return word(f"choice_{zone}") if zone in ZONES else str(zone)

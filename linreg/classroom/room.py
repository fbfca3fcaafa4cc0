"""The rules of a live class, over a store: who may change what, and what each page sees.

Only the teacher key changes the class (its hash is stored, never the key); a student's
token answers for that student only; students see counts, never names, and never another
student's answer or run. Every message from a page is checked here: nicknames, answers
(linreg.questions), runs, and rate limits.

The limits on joining, by what they stop: a search of the codes (wrong codes from one
address slow down, then every code from it does, so a slowed search learns nothing); one
client filling a class (each class lets in at most a class a minute); one client starting
classes by the hundred. The students of a class may share one address (a school's NAT), so
no limit can tell them from a stranger who has the code: the teacher's own controls do
(lock joins, approve each join, remove a student).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import ipaddress
import json
import math
import os
import re
import secrets
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable

from .. import missions
from ..errors import InputError
from ..questions import KINDS, Answer
from . import pacing
from .store import ClassStore, Full, clock

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B
CODE_LENGTH = 6
MAX_STUDENTS = 200
MAX_NICKNAME = 24
MAX_PATH_POINTS = 200  # a submitted run's path, thinned
MODES = ("follow", "explore", "paused")
QUESTION_KINDS = (*KINDS, "mission")  # the page's predictions, or a mission to solve
SHARED_VIEWS = 16  # versions of classes whose student view is kept, for all their pages
# Each limit is a bucket (store.take): a burst at once, then a rate a second.
# joins from one address: a whole class may sit behind one school address
JOIN_RATE, JOIN_BURST = 2.0, 120
# joins into one class: a class of 200 is in within a minute (60 at once, then 3 a second)
CLASS_JOIN_RATE, CLASS_JOIN_BURST = 3.0, 60
# wrong codes from one address: a class's typos, then one each 5 s; at that pace a search of
# the 24^6 codes finds one of 100 live classes once in a hundred days
GUESS_RATE, GUESS_BURST = 0.2, 20
START_RATE, START_BURST = 1 / 60, 20  # classes started by one address: a school's teachers
ANSWER_RATE, ANSWER_BURST = 2.0, 10  # answers (and runs) a second from one student
JOINS = ("open", "approve", "locked")  # who may join: anyone with the code, whom the
# teacher lets in, nobody more
SWEEP_SECONDS = 60.0  # how often a server looks for idle classes and old rate limits
# where a proxy in front of the server may connect from (its X-Real-IP is then believed):
# loopback, and the addresses in LINREG_TRUSTED_PROXIES (comma-separated)
TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("LINREG_TRUSTED_PROXIES", "").split(",") if a.strip())
NICKNAME = re.compile(r"^[\w .\-]+$")
PLAY_SPEED = 100  # epochs a second: the player's own default
MAX_SPEED = 100_000
MAX_EPOCH = 10**6
PLAY_AT_LEAD = 2.0  # seconds: how long before its arrival a teacher's play state may say it was
SIGNAL_BYTES = 12  # a signal is 24 hex characters (server.py's route checks the form)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def clean_code(text) -> str:
    """A join code as typed: case and spaces forgiven; InputError if it cannot be one."""
    code = re.sub(r"[\s-]", "", str(text or "")).upper()[:20]
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise InputError("class_code_bad")
    return code


def clean_nickname(text) -> str | None:
    """A nickname as text (letters of any script, digits, spaces, . _ -), or None for one
    to be generated; InputError for anything else."""
    if text is None or not str(text).strip():
        return None
    name = unicodedata.normalize("NFC", " ".join(str(text).split()))
    if len(name) > MAX_NICKNAME or not NICKNAME.fullmatch(name):
        raise InputError("nickname_bad", limit=MAX_NICKNAME)
    return name


def _finite(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("run_bad", name=name)
    number = float(value)
    if not math.isfinite(number) or abs(number) > 1e12:
        raise InputError("run_bad", name=name)
    return number


def clean_run(run) -> dict:
    """A student's run, as sent for the board: the rate, the last epoch and cost, whether it
    diverged, and its path (thinned)."""
    if not isinstance(run, dict):
        raise InputError("run_bad", name="run")
    path = run.get("path")
    if not isinstance(path, list) or not 1 <= len(path) <= 100_000:
        raise InputError("run_bad", name="path")
    step = max(1, math.ceil(len(path) / MAX_PATH_POINTS))
    points = []
    for point in [*path[::step], path[-1]] if (len(path) - 1) % step else path[::step]:
        if not isinstance(point, (list, tuple)) or len(point) != 2:
            raise InputError("run_bad", name="path")
        points.append([_finite(point[0], "W"), _finite(point[1], "b")])
    lr = _finite(run.get("lr"), "lr")
    epoch = run.get("epoch")
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 0 <= epoch <= 10**6:
        raise InputError("run_bad", name="epoch")
    return {"lr": lr, "epoch": epoch, "cost": _finite(run.get("cost"), "cost"),
            "optimizer": str(run.get("optimizer", "sgd"))[:12],
            "diverged": bool(run.get("diverged")), "path": points}


def client_address(peer: str | None, real_ip: str | None,
                   proxies: frozenset[str] = TRUSTED_PROXIES) -> str:
    """Whom the limits count: the connection's address (`peer`; None for loopback, as
    Streamlit's st.context.ip_address gives it), or, when the connection comes from a proxy
    (loopback or `proxies`), the address the proxy wrote in X-Real-IP. A header from anyone
    else is the client's own word, and ignored. An IPv6 client owns a /64: it counts once."""
    from_proxy = peer is None or peer in proxies
    text = real_ip if from_proxy and real_ip else peer
    try:
        address = ipaddress.ip_address(str(text).strip())
    except ValueError:
        return "local" if peer is None else str(peer)[:64]
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def new_signals() -> dict[str, str]:
    """A class's two signals, the names its pages wait under on the class route: one for the
    teacher's board, one for the students' pages. Random and kept in the class's record
    (never derived from the code, which students and strangers may know), so a name in a URL
    says nothing of other classes, and a student cannot compute the board's."""
    return {"board": secrets.token_hex(SIGNAL_BYTES), "class": secrets.token_hex(SIGNAL_BYTES)}


def board_version(store: ClassStore, code: str) -> int:
    return store.version(code) * (MAX_STUDENTS + 1) + store.joined(code)


def _key(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def run_key(setup: dict) -> str:
    """Which run a class's pages hold: the setup's (its points and settings). The teacher's
    play state names it, and a page moves along the rows of that run only."""
    return _key(setup)


def page_key(mode: str, question: dict | None, reveal: dict | None,
             paced: dict | None = None) -> str:
    """What a student's page shows beyond the run, in one word: the mode, the question and
    its reveal, and a lesson's pacing. When it moves, the page reruns."""
    return _key([mode, question, reveal] + ([paced] if paced else []))


def play_secret(key: str, code: str) -> str:
    """What the teacher's player sends with its play state (server.py's route): made from the
    teacher key, which only the teacher has, never from what students know; the class keeps
    its hash."""
    return hmac.new(key.encode(), f"linreg-play:{code}".encode(), hashlib.sha256).hexdigest()


def clean_play(play) -> dict:
    """A play state as the teacher's player sends it: the run, the epoch (a fraction while
    playing), playing or not, the speed in epochs a second, its play token."""
    if not isinstance(play, dict):
        raise InputError("class_bad", name="play")
    epoch, speed, token = play.get("epoch"), play.get("speed", PLAY_SPEED), play.get("token", 0)
    run, playing = play.get("run"), play.get("playing")
    if not isinstance(run, str) or not re.fullmatch(r"[0-9a-f]{16}", run):
        raise InputError("class_bad", name="run")
    if not isinstance(playing, bool):
        raise InputError("class_bad", name="playing")
    numbers = {"epoch": (epoch, 0, MAX_EPOCH), "speed": (speed, 0, MAX_SPEED)}
    for name, (value, low, high) in numbers.items():
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or not low <= value <= high):
            raise InputError("class_bad", name=name)
    if isinstance(token, bool) or not isinstance(token, int) or abs(token) > 2**53:
        raise InputError("class_bad", name="token")
    return {"epoch": epoch if playing else int(epoch), "playing": playing,
            "speed": float(speed), "token": token, "run": run}


def play_epoch(player: dict, now: float) -> float:
    """The teacher's epoch at time `now` from its play state: a playing one moves on at its
    speed from the epoch it was told with (player/js/follow.js counts the same)."""
    if not player.get("playing"):
        return player["epoch"]
    elapsed = max(0.0, now - player.get("at", now))
    return player["epoch"] + elapsed * player.get("speed", PLAY_SPEED)


class _Unchanged(Exception):
    """A play state the class has already: nothing to write, no page to wake."""


def class_state(store: ClassStore, code: str) -> dict:
    """What every page of a class hears from the class route when its version moves (read
    once per server for all of them): the version, the page's key, the run's key and the
    teacher's play state. Nothing in it names or tells apart a student, nor counts answers
    (the board does: a burst of answers moves no student's page)."""
    found = store.read(code)
    if found is None:
        return {"version": 0}
    doc, version = found
    player = doc["player"]
    return {"version": version,
            "page": page_key(doc["mode"], doc.get("question"), doc.get("reveal"),
                             doc.get("pacing")),
            "run": run_key(doc["setup"]),
            "play": {k: player.get(k) for k in ("epoch", "playing", "speed", "at", "token")}}


class Classroom:
    def __init__(self, store: ClassStore, now: Callable[[], float] = clock,
                 on_change: Callable[[str, int], None] | None = None,
                 nudge: Callable[[], None] | None = None):
        self.store = store
        self.now = now
        self.on_change = on_change  # on_change(code, version) after every change
        # nudge() after each change the teacher makes, so that this server's waiting pages
        # hear of it at once (signals.Signals.nudge); a student's answer is heard within
        # the signals' 0.1 s, so a burst of answers does not wake every page once for each
        self.nudge = nudge
        # what every student's page is shown of a class at a version, read once for all of
        # them: a teacher's Step is read by sixty pages at once
        self._seen: OrderedDict[tuple[str, int], dict] = OrderedDict()
        self._seen_lock = threading.Lock()
        self._swept = -math.inf  # when this server last looked for idle classes

    def _sweep(self) -> None:
        """End the classes idle for 12 hours and drop old rate limits (Redis does both by
        itself), at most once a minute; the pages of an ended class learn it."""
        now = self.now()
        if now - self._swept < SWEEP_SECONDS:
            return
        self._swept = now
        for code in self.store.expire(now):
            self._changed(code)

    def _changed(self, code: str, by_teacher: bool = False) -> None:
        """Tell on_change the class's version; again if a writer at the same moment moved it
        further, so the last version told is never older than the store's."""
        if by_teacher and self.nudge is not None:
            self.nudge()
        if self.on_change is None:
            return
        told = -1
        while (version := self.store.version(code)) != told:
            self.on_change(code, version)
            told = version

    # ---- the teacher
    def start(self, setup: dict, lang: str, client: str = "local",
              lesson=None) -> tuple[str, str]:
        """A new class with this setup (a link's parameters), started from `client` (an
        address, client_address): its join code and the teacher key (shown to the teacher
        alone; only its hash is kept). With a lesson (pacing.py), the class starts on its
        first screen, every student following the teacher."""
        self._sweep()
        paced = {}
        if lesson is not None:
            paced = {"lesson": pacing.clean_lesson(lesson), "pacing": pacing.new_pacing(),
                     "truths": {}}
            setup = pacing.screen_of(paced, 0).link_setup()
        if not self.store.take(f"start:{client}", START_RATE, START_BURST, self.now()):
            raise InputError("class_slow_down")
        key = secrets.token_urlsafe(24)
        doc = {**paced, "teacher": _hash(key), "setup": dict(setup), "lang": lang, "mode": "follow",
               "player": self._player(setup, 0, False, 0), "question": None,
               "reveal": None, "snapshots": [], "asked": 0, "joins": "open",
               "signals": new_signals()}
        for _ in range(50):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            doc["play"] = _hash(play_secret(key, code))
            if self.store.create(code, doc, self.now()):
                self._changed(code)
                return code, key
        raise InputError("class_full", limit=0)  # 24^6 codes: only a broken store gets here

    def _teacher(self, code: str, key: str) -> dict:
        found = self.store.read(clean_code(code))
        if found is None:
            raise InputError("class_gone")
        if not isinstance(key, str) or not hmac.compare_digest(found[0]["teacher"], _hash(key)):
            raise InputError("class_not_teacher")
        return found[0]

    def signals(self, code: str, key: str) -> dict[str, str]:
        """The class's signals (new_signals), for the teacher's page: its board waits under
        "board", and its player tells its play state under "class"."""
        return dict(self._teacher(code, key).get("signals") or {})

    def is_teacher(self, code: str, key: str) -> bool:
        try:
            self._teacher(code, key)
            return True
        except InputError:
            return False

    def _change(self, code: str, key: str, change=None, **changes) -> int:
        self._teacher(code, key)
        version = self.store.update(clean_code(code), change or (lambda doc: {**doc, **changes}),
                                    self.now())
        self._changed(clean_code(code), by_teacher=True)
        return version

    def _player(self, setup: dict, epoch, playing: bool, token: int,
                speed: float = PLAY_SPEED) -> dict:
        """The teacher's play state, stamped with the server's time (a follower playing on
        its own clock starts from it) and the run it is about."""
        return {"epoch": epoch, "playing": playing, "token": token, "speed": speed,
                "at": self.now(), "run": run_key(setup)}

    def set_setup(self, code: str, key: str, setup: dict) -> int:
        _check_setup(setup)

        def change(doc: dict) -> dict:  # the play state goes on from the same epoch, now
            p = doc["player"]  # on the new run
            return {**doc, "setup": dict(setup), "player": self._player(
                setup, p["epoch"], p["playing"], p["token"], p.get("speed", PLAY_SPEED))}

        return self._change(code, key, change)

    def set_mode(self, code: str, key: str, mode: str) -> int:
        if mode not in MODES:
            raise InputError("class_bad", name="mode")
        return self._change(code, key, mode=mode)

    def set_screen(self, code: str, key: str, index: int, setup: dict | None = None) -> int:
        """The teacher goes to screen `index` of the class's lesson: its setup (or the
        teacher's page's own for it, `setup`) becomes the class's, the run from its start,
        and an open question ends (the screen's own is asked anew)."""
        if setup is not None:
            _check_setup(setup)

        def change(doc: dict) -> dict:
            screen = pacing.screen_of(doc, pacing.clean_index(doc, index))
            new = dict(setup) if setup is not None else screen.link_setup()
            p = doc["player"]
            return {**doc, "setup": new, "question": None, "reveal": None,
                    "pacing": {**doc["pacing"], "screen": index},
                    "player": self._player(new, 0, False, p["token"],
                                           p.get("speed", PLAY_SPEED))}

        return self._change(code, key, change)

    def set_pacing(self, code: str, key: str, follow: bool, ahead: int | None = None) -> int:
        """Follow me (`follow`: every student on the teacher's screen), or let them go
        ahead on their own, free (their pages explore, ui/class_room.student_mode), up to
        screen `ahead` (their own screens past it come back to it)."""
        if not isinstance(follow, bool):
            raise InputError("class_bad", name="follow")

        def change(doc: dict) -> dict:
            paced = doc.get("pacing")
            last = pacing.clean_index(doc, paced["ahead"] if ahead is None and paced else ahead)
            return {**doc, "pacing": {**paced, "follow": follow, "ahead": last}}

        return self._change(code, key, change)

    def set_player(self, code: str, key: str, epoch: int, playing: bool, token: int) -> int:
        """The teacher's play state, from the teacher's page's own run (its speed stays)."""
        def change(doc: dict) -> dict:
            speed = doc["player"].get("speed", PLAY_SPEED)
            return {**doc, "player": self._player(doc["setup"], int(epoch), bool(playing),
                                                  int(token), speed)}

        return self._change(code, key, change)

    def set_play(self, code: str, secret, play, told_at: float | None = None) -> int:
        """The play state the teacher's player sends as the teacher acts (server.py's route),
        before the teacher's page has run again: checked against the class's play secret (in
        constant time) and its run. A state the class has already writes nothing. `told_at`:
        when the state reached this server (a playing class's clock starts there, or at the
        state's own `at`, a little before)."""
        code = clean_code(code)
        at = self.now() if told_at is None else float(told_at)
        clean = clean_play(play)
        # a teacher's page that has timed the server's clock says when its epoch was on
        # screen (player/js/serverclock.js): believed up to PLAY_AT_LEAD s before arrival
        sent = play.get("at")
        if sent is not None:
            number = isinstance(sent, (int, float)) and not isinstance(sent, bool)
            if not (number and math.isfinite(sent)):
                raise InputError("class_bad", name="at")
            at = min(at, max(at - PLAY_AT_LEAD, float(sent)))
        secret = secret if isinstance(secret, str) else ""

        def change(doc: dict) -> dict:
            if not hmac.compare_digest(doc.get("play", ""), _hash(secret)):
                raise InputError("class_not_teacher")
            if clean["run"] != run_key(doc["setup"]):
                raise InputError("class_bad", name="run")  # the setup moved on meanwhile
            old = doc["player"]
            if not clean["playing"] and not old["playing"] and all(
                    old.get(k) == clean[k] for k in ("epoch", "speed", "run")):
                raise _Unchanged
            return {**doc, "player": {**clean, "at": at}}

        try:
            version = self.store.update(code, change, self.now())
        except _Unchanged:
            return self.store.version(code)
        if not version:
            raise InputError("class_gone")
        self._changed(code, by_teacher=True)
        return version

    def ask(self, code: str, key: str, kind: str, params: dict) -> int:
        """A question to the class: one of the page's predictions (linreg.questions), or a
        mission (linreg.missions), which frees the students until its reveal."""
        if kind not in QUESTION_KINDS:
            raise InputError("class_bad", name="kind")
        doc = self._teacher(code, key)
        number = doc.get("asked", 0) + 1
        # a question asked on a lesson's screen is that screen's, in the grid
        on = {"screen": doc["pacing"]["screen"]} if doc.get("pacing") else {}
        if kind == "mission":
            if params.get("mission") not in missions.BY_ID:
                raise InputError("class_bad", name="mission")
            question = {"id": f"q{number}", "kind": kind, "mission": params["mission"], **on}
            return self._change(code, key, question=question, reveal=None, asked=number)
        question = {"id": f"q{number}", "kind": kind, **on, **{
            k: v for k, v in params.items() if k in ("lr", "epoch", "steps", "optimizer")}}
        return self._change(code, key, question=question, reveal=None, asked=number)

    def reveal(self, code: str, key: str, truth: dict) -> int:
        doc = self._teacher(code, key)
        if doc.get("question") is None:
            raise InputError("class_bad", name="question")
        question = doc["question"]
        # a screen's truth is kept for the grid: the next question's reveal replaces this one
        kept = ({"truths": {**doc.get("truths", {}), question["id"]: dict(truth)}}
                if "screen" in question else {})
        return self._change(code, key, reveal={"question": question["id"],
                                               "truth": dict(truth)}, **kept)

    def pick_snapshots(self, code: str, key: str, students: list[str]) -> int:
        runs = self.store.runs(clean_code(code))
        return self._change(code, key, snapshots=[s for s in students if s in runs][:8])

    def set_joins(self, code: str, key: str, joins: str) -> int:
        """Who may join from now on (JOINS): anyone with the code, whom the teacher lets in
        (the others wait, and see nothing of the class), or nobody more."""
        if joins not in JOINS:
            raise InputError("class_bad", name="joins")
        return self._change(code, key, joins=joins)

    def roster(self, code: str, key: str) -> list[dict]:
        """The students by number, their names, and who waits to be let in: for the
        teacher's eyes (the page shows it folded away, off the projector)."""
        self._teacher(code, key)
        students = self.store.students(clean_code(code)).values()
        return [{"number": s["number"], "name": s["name"], "waiting": bool(s.get("waiting"))}
                for s in sorted(students, key=lambda s: s["number"])]

    def _numbered(self, code: str, numbers) -> dict[str, dict]:
        wanted = {n for n in numbers if isinstance(n, int) and not isinstance(n, bool)}
        return {sid: s for sid, s in self.store.students(code).items()
                if s["number"] in wanted}

    def admit(self, code: str, key: str, numbers: list[int]) -> int:
        """Let in the waiting students with these numbers; their pages hear it."""
        self._teacher(code, key)
        code = clean_code(code)
        chosen = {sid: dict(s, waiting=False) for sid, s in self._numbered(code, numbers).items()
                  if s.get("waiting")}
        version = self.store.set_students(code, chosen, self.now()) if chosen else 0
        self._changed(code)
        return version

    def remove(self, code: str, key: str, numbers: list[int]) -> int:
        """Remove the students with these numbers (waiting or not): their tokens stop
        working, and their answers and runs leave the board."""
        self._teacher(code, key)
        code = clean_code(code)
        chosen = list(self._numbered(code, numbers))
        version = self.store.remove_students(code, chosen, self.now()) if chosen else 0
        self._changed(code)
        return version

    def end(self, code: str, key: str) -> None:
        """The class and all its students wrote, names included, gone at once (the page
        offers the CSV first)."""
        self._teacher(code, key)
        self.store.end(clean_code(code))
        # version 0: the pages learn the class has ended
        self._changed(clean_code(code), by_teacher=True)

    def board(self, code: str, key: str, names: bool = False) -> dict:
        """Everything the teacher's board shows; names only when asked for (never on the
        projector by default)."""
        doc = self._teacher(code, key)
        return self._summary(clean_code(code), doc, names=names)

    # ---- the students
    def join(self, code, nickname, client: str) -> dict:
        """A new student from `client` (an address, client_address): their token (kept in
        their session), number and name, and whether they wait to be let in."""
        code = clean_code(code)
        name = clean_nickname(nickname)
        self._sweep()
        now = self.now()
        guess, filling = f"guess:{client}", f"class-join:{code}"
        # a slowed address is refused before the code is looked up, whatever the code; a join
        # the class's own limit turns away costs the address nothing (its students, behind
        # one school address and trying again, would spend its joins on refusals)
        if not (self.store.take(guess, GUESS_RATE, GUESS_BURST, now, spend=False)
                and self.store.take(filling, CLASS_JOIN_RATE, CLASS_JOIN_BURST, now, spend=False)
                and self.store.take(f"join:{client}", JOIN_RATE, JOIN_BURST, now)):
            raise InputError("class_slow_down")
        found = self.store.read(code)
        if found is None:
            self.store.take(guess, GUESS_RATE, GUESS_BURST, now)  # a wrong code costs
            raise InputError("class_gone")
        joins = found[0].get("joins", "open")
        if joins == "locked":
            raise InputError("class_locked")
        if not self.store.take(filling, CLASS_JOIN_RATE, CLASS_JOIN_BURST, now):
            raise InputError("class_slow_down")
        token = secrets.token_urlsafe(18)
        waiting = joins == "approve"
        try:
            number = self.store.add_student(code, _hash(token), {"name": name,
                                                                 "waiting": waiting},
                                            MAX_STUDENTS, now)
        except Full:
            raise InputError("class_full", limit=MAX_STUDENTS) from None
        if not number:
            raise InputError("class_gone")
        self._changed(code)
        return {"token": token, "number": number, "name": name, "waiting": waiting}

    def _student(self, code: str, token, waiting_too: bool = False) -> tuple[str, dict, dict]:
        code = clean_code(code)
        found = self.store.read(code)
        if found is None:
            raise InputError("class_gone")
        me = self.store.student(code, _hash(token)) if isinstance(token, str) else None
        if me is None:
            raise InputError("class_not_student")
        if me.get("waiting") and not waiting_too:
            raise InputError("class_waiting")
        return code, found[0], me

    def answer(self, code: str, token: str, message) -> None:
        """A student's answer to the current question; the latest counts."""
        code, doc, _ = self._student(code, token)
        question = doc.get("question")
        if question is None or doc.get("reveal"):
            raise InputError("class_no_question")
        if question["kind"] == "mission":
            clean = missions.report_from_dict(message, question["mission"])
        else:
            answer = Answer.from_dict(message)
            if answer.kind != question["kind"]:
                raise InputError("answer_bad", name="kind")
            clean = answer.to_dict()
        if not self.store.take(f"answer:{_hash(token)}", ANSWER_RATE, ANSWER_BURST, self.now()):
            raise InputError("class_slow_down")
        self.store.put_answer(code, question["id"], _hash(token), clean, self.now())
        if "screen" in question:  # the grid's cell: answered (right once revealed), or solved
            state = (pacing.SOLVED if clean.get("status") == missions.SOLVED
                     else pacing.ANSWERED)
            self._progress(code, token, lambda p: pacing.recorded(
                p, question["screen"], state, question, clean))
        self._changed(code)

    def _progress(self, code: str, token: str, change) -> None:
        """A student's progress record on the lesson (pacing.py), changed by `change`."""
        student = _hash(token)
        mine = self.store.answers(code, pacing.PROGRESS).get(student)
        self.store.put_answer(code, pacing.PROGRESS, student, change(mine), self.now())

    def go_screen(self, code: str, token: str, index) -> None:
        """A student goes to screen `index` on their own: only when the teacher lets them
        go ahead, and no further than allowed."""
        code, doc, _ = self._student(code, token)
        index = pacing.clean_index(doc, index)
        if not pacing.may_go(doc["pacing"], index):
            raise InputError("class_screen_closed")
        if not self.store.take(f"answer:{_hash(token)}", ANSWER_RATE, ANSWER_BURST, self.now()):
            raise InputError("class_slow_down")
        self._progress(code, token, lambda p: {**(p or {"cells": {}}), "at": index})
        self._changed(code)

    def record_screen(self, code: str, token: str, state: str) -> None:
        """What a student did on the screen they are on, on their own (a question answered
        or a mission solved on their page, as a mission's report is their page's word)."""
        code, doc, _ = self._student(code, token)
        if not doc.get("pacing") or state not in pacing.STATES[1:]:
            raise InputError("class_bad", name="state")
        mine = self.store.answers(code, pacing.PROGRESS).get(_hash(token)) or {}
        index = pacing.student_screen(doc["pacing"], mine.get("at"))
        if not self.store.take(f"answer:{_hash(token)}", ANSWER_RATE, ANSWER_BURST, self.now()):
            raise InputError("class_slow_down")
        self._progress(code, token, lambda p: pacing.recorded(p, index, state))
        self._changed(code)

    def submit_run(self, code: str, token: str, run) -> None:
        code, _, _ = self._student(code, token)
        clean = clean_run(run)
        if not self.store.take(f"answer:{_hash(token)}", ANSWER_RATE, ANSWER_BURST, self.now()):
            raise InputError("class_slow_down")
        self.store.put_run(code, _hash(token), clean, self.now())
        self._changed(code)

    def view(self, code: str, token: str) -> dict:
        """What a student's page shows: the class's setup, mode, player and question, their
        own answer; no other student's name, answer or run, nor the counts (the board's). A
        student who waits to be let in sees only that. Every page of a class runs this on
        each of its runs, and a burst of answers moves the version with each: so it reads
        the class once per version for all pages, and then this student's own records alone
        (reading the whole class per page made 200 answers cost 200 times 200 reads)."""
        code = clean_code(code)
        shared = self._students_view(code)
        me = self.store.student(code, _hash(token)) if isinstance(token, str) else None
        if me is None:
            raise InputError("class_not_student")
        if me.get("waiting"):  # it waits on the class's changes too, to hear it is let in
            return {"code": code, "waiting": True, "version": shared["summary"]["version"],
                    "me": {"number": me["number"], "name": me["name"]},
                    "signal": shared["signal"]}
        out = dict(shared["summary"], signal=shared["signal"])
        question = out.get("question")
        mine = self.store.answer(code, question["id"], _hash(token)) if question else None
        out.update(me={"number": me["number"], "name": me["name"]}, my_answer=mine)
        if out.get("pacing"):  # where this student is in the lesson, and what they did
            progress = self.store.answer(code, pacing.PROGRESS, _hash(token)) or {}
            out.update(my_screen=pacing.student_screen(out["pacing"], progress.get("at")),
                       my_cells=progress.get("cells") or {})
        return out

    def _students_view(self, code: str) -> dict:
        """The part of a student's view that is the same for every student, by version
        (read after the version, so never older than it); the last few kept."""
        version = self.store.version(code)
        with self._seen_lock:
            hit = self._seen.get((code, version))
        if hit is not None:
            return hit
        found = self.store.read(code)
        if found is None:
            raise InputError("class_gone")
        doc = found[0]
        shared = {"summary": self._shared_summary(code, doc, version),
                  "signal": (doc.get("signals") or {}).get("class")}
        with self._seen_lock:
            self._seen[(code, version)] = shared
            while len(self._seen) > SHARED_VIEWS:
                self._seen.popitem(last=False)
        return shared

    @staticmethod
    def _shared_summary(code: str, doc: dict, version: int) -> dict:
        """What every page of the class shows, the board's and the students' alike."""
        summary = {
            "code": code, "setup": doc["setup"], "lang": doc["lang"], "mode": doc["mode"],
            "player": doc["player"], "question": doc.get("question"),
            "reveal": doc.get("reveal"), "version": version,
        }
        if doc.get("lesson"):
            summary.update(lesson=doc["lesson"], pacing=doc["pacing"])
        return summary

    def version(self, code: str) -> int:
        try:
            return self.store.version(clean_code(code))
        except InputError:
            return 0

    def board_version(self, code: str) -> int:
        """What the teacher's board waits on: the version, and the students who joined (a
        join is no new version: sixty pages need not wake for each of sixty joins)."""
        try:
            return board_version(self.store, clean_code(code))
        except InputError:
            return 0

    def _summary(self, code: str, doc: dict, names: bool) -> dict:
        """What the board shows: what every page shows, the counts, and the students'
        answers and runs."""
        question = doc.get("question")
        students = self.store.students(code)
        answers = self.store.answers(code, question["id"]) if question else {}
        waiting = sum(bool(s.get("waiting")) for s in students.values())
        students = {sid: s for sid, s in students.items() if not s.get("waiting")}
        answers = {sid: a for sid, a in answers.items() if sid in students}
        label = {sid: (s["name"] if names and s["name"] else f"#{s['number']}")
                 for sid, s in students.items()}
        runs = self.store.runs(code)
        return {
            **self._shared_summary(code, doc, self.store.version(code)), "joined": len(students),
            "answered": len(answers), "waiting": waiting, "joins": doc.get("joins", "open"),
            "answers": [dict(a, who=label.get(sid, "?")) for sid, a in sorted(
                answers.items(), key=lambda kv: students.get(kv[0], {}).get("number", 0))],
            "runs": [dict(r, who=label.get(sid, "?"), id=f"#{students[sid]['number']}")
                     for sid, r in runs.items() if sid in students],
            "snapshots": doc.get("snapshots", []),
            "grid": pacing.grid(doc, students, label, self.store.answers(
                code, pacing.PROGRESS)) if doc.get("lesson") else None,
        }

    def export_csv(self, code: str, key: str, names: bool = False) -> str:
        """The class's answers and runs as CSV (no cell can start a spreadsheet formula)."""
        board = self.board(code, key, names=names)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["kind", "student", "question", "zone", "W", "b", "steps", "lr",
                         "epoch", "cost", "diverged", "mission", "status"])
        question = board["question"] or {}
        for a in board["answers"]:
            writer.writerow(_safe(["answer", a["who"], question.get("id", ""), a.get("zone", ""),
                                   a.get("W", ""), a.get("b", ""), a.get("steps", ""),
                                   a.get("lr", ""), a.get("epoch", ""), "", "",
                                   a.get("mission", ""), a.get("status", "")]))
        for r in board["runs"]:
            writer.writerow(_safe(["run", r["who"], "", "", "", "", "", r["lr"], r["epoch"],
                                   r["cost"], r["diverged"], "", ""]))
        return out.getvalue()

    def export_grid(self, code: str, key: str, names: bool = False) -> str:
        """The lesson's grid as CSV: a row a student, a column a screen (the screen's
        number and title), each cell one of pacing.STATES."""
        grid = self.board(code, key, names=names)["grid"]
        if grid is None:
            raise InputError("class_bad", name="lesson")
        lang = self.board(code, key)["lang"]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(_safe(["student", "screen_now", *(
            f"{i + 1}. {title.get(lang, '')}" for i, title in enumerate(grid["screens"]))]))
        for row in grid["rows"]:
            writer.writerow(_safe([row["who"], row["at"] + 1, *row["cells"]]))
        return out.getvalue()


def _check_setup(setup) -> None:
    """A class's setup: a link's parameters, text by name."""
    if not isinstance(setup, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in setup.items()):
        raise InputError("class_bad", name="setup")


def _safe(cells: list) -> list:
    return ["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
            for c in cells]

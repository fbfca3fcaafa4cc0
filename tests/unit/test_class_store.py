"""The class store on both back ends (an SQLite file, a real redis-server), and the class's
rules over it: the same tests for each."""

from __future__ import annotations

import contextlib
import json
import math
import multiprocessing
import os
import shutil
import subprocess
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from own_loop import run as run_in_own_loop

from harness.server import free_port
from linreg import InputError
from linreg.classroom.room import (
    CODE_ALPHABET,
    MAX_STUDENTS,
    PLAY_AT_LEAD,
    Classroom,
    class_state,
    clean_nickname,
    page_key,
    play_epoch,
    play_secret,
    run_key,
)
from linreg.classroom.store import IDLE_SECONDS, RedisStore, SQLiteStore, open_store

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1500"))
SETUP = {"lr": "0.05", "epochs": "300"}


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on loopback for this test session, stopped by its pid."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server not found (apt-get install -y redis-server)")
        pytest.skip("redis-server not found (apt-get install -y redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while True:
        try:
            RedisStore(url).close()
            break
        except Exception:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


class Clock:
    def __init__(self):
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "classes.sqlite3")
    else:
        s = RedisStore(request.getfixturevalue("redis_url"))
        s.client.flushdb()
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(store, clock) -> Classroom:
    return Classroom(store, now=clock)


def test_a_class_starts_with_a_code_and_a_key_only_the_teacher_has(room):
    code, key = room.start(SETUP, "en")
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert key not in str(room.store.read(code))  # only its hash is kept
    assert room.board(code, key)["setup"] == SETUP
    with pytest.raises(InputError) as error:
        room.board(code, "guess")
    assert error.value.code == "class_not_teacher"
    assert room.board(code.lower(), key)["code"] == code  # a code as typed


def test_students_join_follow_answer_and_see_no_names(room):
    code, key = room.start(SETUP, "ko")
    ana = room.join(code, "Ana", "client-1")
    anon = room.join(code, "", "client-2")
    assert (ana["number"], anon["number"], anon["name"]) == (1, 2, None)
    v0 = room.version(code)
    room.set_mode(code, key, "paused")
    room.set_player(code, key, 120, True, 3)
    assert room.version(code) == v0 + 2
    view = room.view(code, anon["token"])
    assert view["mode"] == "paused" and view["player"] == {
        "epoch": 120, "playing": True, "token": 3, "speed": 100, "at": room.now(),
        "run": run_key(SETUP)}  # stamped with the server's time, for the run it is about
    room.ask(code, key, "rate_zone", {"lr": 0.05})
    room.answer(code, ana["token"], {"kind": "rate_zone", "zone": "smooth"})
    room.answer(code, ana["token"], {"kind": "rate_zone", "zone": "diverging"})  # latest counts
    room.answer(code, anon["token"], {"kind": "rate_zone", "zone": "smooth"})
    seen = room.view(code, anon["token"])
    assert seen["my_answer"] == {"kind": "rate_zone", "zone": "smooth"}
    assert room.board(code, key)["answered"] == 2
    assert "answered" not in seen and "joined" not in seen  # the counts are the board's
    assert "Ana" not in str(seen)  # another student's name never reaches a student
    assert "Ana" not in str(room.board(code, key))  # nor the projected board, unless asked
    assert [a["who"] for a in room.board(code, key, names=True)["answers"]] == ["Ana", "#2"]
    assert sorted(a["zone"] for a in room.board(code, key)["answers"]) == ["diverging",
                                                                          "smooth"]


def test_a_student_cannot_change_the_class_or_answer_for_another(room):
    code, key = room.start(SETUP, "en")
    me = room.join(code, "me", "c")
    for attempt in (lambda: room.set_mode(code, me["token"], "explore"),
                    lambda: room.set_setup(code, me["token"], {"lr": "9"}),
                    lambda: room.ask(code, me["token"], "next_W", {}),
                    lambda: room.end(code, me["token"])):
        with pytest.raises(InputError) as error:
            attempt()
        assert error.value.code == "class_not_teacher"
    room.ask(code, key, "next_W", {})
    with pytest.raises(InputError) as error:
        room.answer(code, "someone-elses-token", {"kind": "next_W", "W": 1})
    assert error.value.code == "class_not_student"
    with pytest.raises(InputError):
        room.answer(code, me["token"], {"kind": "rate_zone", "zone": "smooth"})  # wrong kind


def test_reveal_closes_the_question_and_a_new_one_starts_afresh(room):
    code, key = room.start(SETUP, "en")
    me = room.join(code, None, "c")
    room.ask(code, key, "where_after", {"steps": 10})
    room.answer(code, me["token"], {"kind": "where_after", "W": 1, "b": 0.5, "steps": 10})
    room.reveal(code, key, {"W": 1.1, "b": 0.4})
    assert room.view(code, me["token"])["reveal"]["truth"] == {"W": 1.1, "b": 0.4}
    with pytest.raises(InputError) as error:
        room.answer(code, me["token"], {"kind": "where_after", "W": 1, "b": 1, "steps": 10})
    assert error.value.code == "class_no_question"
    room.ask(code, key, "next_W", {})
    assert room.view(code, me["token"])["my_answer"] is None  # a new question: not answered
    assert room.board(code, key)["answered"] == 0


def test_runs_submitted_become_the_class_sweep_and_snapshots(room):
    code, key = room.start(SETUP, "en")
    tokens = [room.join(code, f"s{i}", f"c{i}")["token"] for i in range(3)]
    for i, token in enumerate(tokens):
        room.submit_run(code, token, {"lr": 0.01 * (i + 1), "epoch": 300, "cost": 0.1 / (i + 1),
                                      "path": [[0, 0], [1, 0.5], [1.9, 0.1]] * 200})
    board = room.board(code, key)
    assert sorted(r["lr"] for r in board["runs"]) == [0.01, 0.02, 0.03]
    assert all(len(r["path"]) <= 201 for r in board["runs"])
    room.pick_snapshots(code, key, ["#1", "#3", "#99"])
    assert room.board(code, key)["snapshots"] == []  # picked by the board's ids below
    ids = [r["id"] for r in board["runs"]]
    room.pick_snapshots(code, key, ids[:2] + ["#99"])
    csv_text = room.export_csv(code, key)
    assert csv_text.count("\nrun,") == 3


def test_a_mission_asked_of_the_class_counts_who_solved_it(room):
    code, key = room.start(SETUP, "en")
    ana, bo, cy = (room.join(code, n, f"c{n}")["token"] for n in ("Ana", "Bo", "Cy"))
    with pytest.raises(InputError) as error:
        room.ask(code, key, "mission", {"mission": "<script>"})
    assert error.value.code == "class_bad"
    room.ask(code, key, "mission", {"mission": "edge"})
    view = room.view(code, cy)
    assert view["mode"] == "follow" and view["question"]["mission"] == "edge"
    tried = {"kind": "mission", "mission": "edge", "status": "tried", "lr": 0.1, "epoch": 1000}
    room.answer(code, ana, tried)
    room.answer(code, ana, dict(tried, status="solved", lr=0.175))  # the latest counts
    room.answer(code, bo, tried)
    for bad in (dict(tried, mission="zigzag"), dict(tried, status="open"),
                dict(tried, lr=float("nan")), dict(tried, lr=True), dict(tried, epoch=-1),
                {"kind": "rate_zone", "zone": "smooth"}):
        with pytest.raises(InputError) as error:
            room.answer(code, cy, bad)
        assert error.value.code == "answer_bad", bad
    board = room.board(code, key)
    assert board["answered"] == 2 and board["joined"] == 3
    assert sorted(a["status"] for a in board["answers"]) == ["solved", "tried"]
    rows = room.export_csv(code, key, names=True).splitlines()
    assert rows[0].endswith(",mission,status")
    assert any(r.startswith("answer,Ana,q1,") and r.endswith(",edge,solved") and ",0.175," in r
               for r in rows)
    room.reveal(code, key, {"mission": "edge", "solved": 1, "answered": 2})
    with pytest.raises(InputError) as error:
        room.answer(code, cy, tried)
    assert error.value.code == "class_no_question"


def test_the_class_is_full_at_200(room):
    code, _ = room.start(SETUP, "en")
    for i in range(MAX_STUDENTS):
        room.store.add_student(code, f"s{i}", {"name": None}, MAX_STUDENTS, 0)
    with pytest.raises(InputError) as error:
        room.join(code, "late", "c")
    assert error.value.code == "class_full"


def test_joins_and_answers_are_rate_limited(room, clock):
    # one address's joins, spread over classes (each class has a limit of its own too)
    (code, key), *others = [room.start(SETUP, "en") for _ in range(3)]
    codes = [code] + [c for c, _ in others]
    joined = 0
    with pytest.raises(InputError) as error:
        for i in range(300):
            room.join(codes[i % 3], None, "one-client")
            joined += 1
    assert error.value.code == "class_slow_down" and 100 <= joined <= 140  # a class, not more
    clock.t += 60
    me = room.join(code, None, "one-client")  # later, the bucket has refilled
    room.ask(code, key, "next_W", {})
    flood = 0
    with pytest.raises(InputError):
        for _ in range(1000):
            room.answer(code, me["token"], {"kind": "next_W", "W": flood})
            flood += 1
    assert flood < 50


def test_a_class_ends_when_the_teacher_ends_it_or_after_12_idle_hours(room, clock, store):
    code, key = room.start(SETUP, "en")
    room.end(code, key)
    with pytest.raises(InputError) as error:
        room.join(code, None, "c")
    assert error.value.code == "class_gone"
    if isinstance(store, SQLiteStore):
        code, _ = room.start(SETUP, "en")
        clock.t += IDLE_SECONDS + 1
        assert store.expire(clock.t) == [code]
    else:
        code, _ = room.start(SETUP, "en")
        assert 0 < store.client.ttl(f"linreg:class:{code}:doc") <= IDLE_SECONDS


def test_nothing_is_lost_with_60_students_answering_at_once_in_threads(room):
    code, key = room.start(SETUP, "en")
    students = [room.join(code, None, f"c{i}")["token"] for i in range(60)]
    room.ask(code, key, "next_W", {})
    barrier = threading.Barrier(60)
    errors = []

    def answer(i, token):
        try:
            barrier.wait()
            room.answer(code, token, {"kind": "next_W", "W": float(i)})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(i, t)) for i, t in enumerate(students)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    board = room.board(code, key)
    assert board["answered"] == 60
    assert sorted(a["W"] for a in board["answers"]) == [float(i) for i in range(60)]


def _answer_in_a_process(url, code, tokens, first, start):
    """Ten students of one worker process answering at once, each in its own thread."""
    room = Classroom(open_store(url))
    start.wait()
    threads = [threading.Thread(target=room.answer, args=(code, token, {
        "kind": "next_W", "W": float(first + i)})) for i, token in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_nothing_is_lost_with_60_students_in_6_processes_answering_at_once(store):
    if isinstance(store, SQLiteStore):
        url = f"sqlite://{store.path}"
    else:
        url = f"redis://127.0.0.1:{store.client.connection_pool.connection_kwargs['port']}/0"
    room = Classroom(store)
    code, key = room.start(SETUP, "en")
    students = [room.join(code, None, f"c{i}")["token"] for i in range(60)]
    room.ask(code, key, "next_W", {})
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_answer_in_a_process,
                               args=(url, code, students[k:k + 10], k, start))
               for k in range(0, 60, 10)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(timeout=300)
    assert [w.exitcode for w in workers] == [0] * 6
    board = room.board(code, key)
    assert sorted(a["W"] for a in board["answers"]) == [float(i) for i in range(60)]


def test_a_restart_loses_no_class_and_no_answer(tmp_path):
    path = tmp_path / "classes.sqlite3"
    room = Classroom(SQLiteStore(path))
    code, key = room.start(SETUP, "en")
    me = room.join(code, "Ana", "c")
    room.ask(code, key, "next_W", {})
    room.answer(code, me["token"], {"kind": "next_W", "W": 0.187})
    room.store.close()
    again = Classroom(open_store(f"sqlite://{path}"))
    assert again.board(code, key, names=True)["answers"][0] == {"kind": "next_W", "W": 0.187,
                                                                "who": "Ana"}


@settings(max_examples=FUZZ_EXAMPLES // 5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.none(), st.text(max_size=300), st.integers(), st.binary(max_size=50),
                 st.text(alphabet="<>&\"'\x00\u202e\n\t가나다", max_size=40)))
def test_a_nickname_is_clean_text_or_refused(name):
    try:
        clean = clean_nickname(name)
    except InputError as error:
        assert error.code == "nickname_bad"
        return
    assert clean is None or (0 < len(clean) <= 24 and not set(clean) & set("<>&\"'\x00\n\t"))


def test_korean_nicknames_are_welcome():
    assert clean_nickname("  김 민지 ") == "김 민지"


answers = st.one_of(st.none(), st.integers(), st.text(max_size=20),
                    st.dictionaries(st.sampled_from(["kind", "W", "b", "zone", "steps"]),
                                    st.one_of(st.none(), st.floats(), st.integers(),
                                              st.text(max_size=5)), max_size=5))


@settings(max_examples=FUZZ_EXAMPLES // 10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=answers, run=st.one_of(answers, st.fixed_dictionaries(
    {"lr": st.floats(), "epoch": st.integers(), "cost": st.floats(),
     "path": st.lists(st.lists(st.floats(), min_size=2, max_size=2), max_size=300)})))
def test_any_message_is_stored_clean_or_refused(tmp_path_factory, message, run):
    room = Classroom(SQLiteStore(tmp_path_factory.mktemp("fuzz") / "c.sqlite3"))
    code, key = room.start(SETUP, "en")
    me = room.join(code, None, "c")
    room.ask(code, key, "next_W", {})
    for send in (lambda: room.answer(code, me["token"], message),
                 lambda: room.submit_run(code, me["token"], run)):
        with contextlib.suppress(InputError):
            send()
    board = room.board(code, key)
    assert board["answered"] in (0, 1) and len(board["runs"]) in (0, 1)
    room.store.close()


extremes = st.one_of(st.none(), st.booleans(), st.floats(), st.text(max_size=5),
                     st.integers(min_value=-2**70, max_value=2**70))
ARRIVED = Clock().t  # when the play states below reach the server


def mostly(good):
    """Well formed three times in four, else anything (st.one_of would flatten `extremes`
    into five branches of its own and draw `good` once in six)."""
    return st.sampled_from([True, True, True, False]).flatmap(
        lambda well: good if well else extremes)


@given(play=st.one_of(extremes, st.fixed_dictionaries({
    "run": mostly(st.just(run_key(SETUP))), "playing": mostly(st.booleans()),
    "epoch": mostly(st.floats(0, 1000))}, optional={
    "speed": mostly(st.floats(0, 1000)), "token": mostly(st.integers(0, 9)),
    "at": mostly(st.floats(ARRIVED - 10, ARRIVED + 10))})))
@settings(max_examples=FUZZ_EXAMPLES // 10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_play_state_is_stored_clean_or_refused(tmp_path_factory, play):
    """The play route's message, any shape: stored as numbers the pages can count with, its
    clock never after the state's arrival nor more than PLAY_AT_LEAD before, or refused."""
    room = Classroom(SQLiteStore(tmp_path_factory.mktemp("play") / "c.sqlite3"), now=Clock())
    code, key = room.start(SETUP, "en")
    try:
        room.set_play(code, play_secret(key, code), play, ARRIVED)
    except InputError as error:
        assert error.code == "class_bad"
    else:
        player = class_state(room.store, code)["play"]
        assert ARRIVED - PLAY_AT_LEAD <= player["at"] <= ARRIVED, player
        assert all(math.isfinite(player[k]) for k in ("epoch", "speed"))
    room.store.close()


def test_every_change_is_told_and_the_last_told_is_the_stores(store):
    told = []
    room = Classroom(store, on_change=lambda code, version: told.append(version))
    code, key = room.start(SETUP, "en")
    me = room.join(code, None, "c")
    room.set_mode(code, key, "explore")
    room.ask(code, key, "next_W", {})
    room.answer(code, me["token"], {"kind": "next_W", "W": 1.0})
    assert len(told) >= 5 and told == sorted(told)
    assert told[-1] == store.version(code)
    room.end(code, key)
    assert told[-1] == 0  # the pages learn the class ended


# ---------------------------------------------------------------- waiting for a change

def _waits(signals, waits, before=None):
    """Run the (signal, after, timeout) waits at once; their answers. `before()`, if given,
    runs in this thread once the waits are all waiting."""
    import asyncio

    async def all_of():
        return await asyncio.gather(*(signals.wait(*w) for w in waits))

    # a loop of its own in a thread of its own: another test's loop may run in this one
    answers = []
    thread = threading.Thread(target=lambda: answers.append(asyncio.run(all_of())))
    thread.start()
    if before is not None:
        wait_until(lambda: signals.waiting() == len(waits) or not thread.is_alive(),
                   "the waits to start")
        before()
    thread.join(60)
    assert answers, "the waits were not answered in 60 s"
    return answers[0]


def signal_of(store, code: str, which: str = "class") -> str:
    """A class's signal as its record keeps it (the teacher's page and a student's view give
    it to their pages)."""
    return store.read(code)[0]["signals"][which]


def wait_until(condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:g} s for {what}"
        time.sleep(0.01)


FOREVER = 3600.0  # a wait that only a change can end within the test's time


def test_waiting_pages_hear_of_a_change_at_once_and_nothing_else(room, store):
    from linreg.classroom.signals import Signals

    code, key = room.start(SETUP, "en")
    reads = []  # each read of the store: the version read, and the pages waiting then

    def version_of(code):
        version = store.version(code)
        reads.append((version, signals.waiting()))
        return version

    signals = Signals(version_of)
    signal = signals.register(signal_of(store, code), code)
    now = store.version(code)
    # a page behind hears at once of the version it has not seen
    assert _waits(signals, [(signal, now - 1, FOREVER)]) == [now]
    # sixty pages wait; the teacher changes the class once they all do
    answers = _waits(signals, [(signal, now, FOREVER)] * 60,
                     before=lambda: room.set_player(code, key, 12, False, 0))
    new = store.version(code)
    assert new > now and answers == [new] * 60
    # the first read of the new version answered all sixty: none waits at the next read
    wait_until(lambda: [v for v, _ in reads].count(new) >= 2, "a second read")
    first = [v for v, _ in reads].index(new)
    assert reads[first][1] == 60 and reads[first + 1][1] == 0
    assert signals.waiting() == 0
    assert signals.reads < 60  # one store read ten times a second, not a read per page


def test_a_wait_with_no_change_ends_with_the_same_version(room, store):
    from linreg.classroom.signals import Signals

    code, _ = room.start(SETUP, "en")
    signals = Signals(store.version)
    signal = signals.register(signal_of(store, code), code)
    start = time.monotonic()
    assert _waits(signals, [(signal, store.version(code), 0.5)]) == [store.version(code)]
    assert time.monotonic() - start >= 0.5 and signals.reads >= 1  # it waited, reading
    # a class no page of this server is in: no answer to give
    assert _waits(signals, [("0" * 24, 0, 0.5)]) == [None]


def test_a_failing_store_makes_pages_wait_not_fail():
    from linreg.classroom.signals import Signals

    def broken(code):
        raise ConnectionError("the store is down")

    signals = Signals(broken, linger=0.2)
    signal = signals.register("ab" * 12, "ABCDEF")
    assert _waits(signals, [(signal, 7, 0.4)]) == [7]  # the page keeps what it knew
    # nobody waits: the thread that read the store ends (a thread left reading never does)
    wait_until(lambda: not signals.watching, "the store's reader to end")


def test_a_join_wakes_the_board_and_not_the_students_pages(room, store):
    """Sixty joins would wake sixty pages sixty times: a join moves only the board's version."""
    from linreg.classroom.signals import Signals

    code, key = room.start(SETUP, "en")
    signals = Signals(store.version, room.board_version)
    page = signals.register(signal_of(store, code), code)
    board = signals.register(signal_of(store, code, "board"), code, board=True)
    assert page != board
    version, seen = room.version(code), room.board_version(code)
    page_answer, board_answer = _waits(signals, [(page, version, 1.0), (board, seen, FOREVER)],
                                       before=lambda: room.join(code, "Mina", "client-9"))
    assert board_answer == room.board_version(code) > seen  # the board heard of the join
    assert page_answer == version == room.version(code)  # the students' pages slept on
    # and a page that asks after the join has still nothing to hear of
    assert _waits(signals, [(page, version, 0.3)]) == [version]
    assert room.board(code, key)["joined"] == 1


# ---------------------------------------------------------------- a class in a real school
# (the limits are read from room.py inside each test: a missing one fails that test alone)

def _refused(act) -> str | None:
    """The code of the InputError `act` raised, None when it went through."""
    try:
        act()
    except InputError as error:
        return error.code
    return None


def test_wrong_codes_from_one_address_slow_down_and_then_every_code_does(room, clock):
    from linreg.classroom import room as rules

    code, _ = room.start(SETUP, "en")
    wrong = next(c * 6 for c in CODE_ALPHABET if c * 6 != code)
    answers = [_refused(lambda: room.join(wrong, None, "203.0.113.7")) for _ in range(300)]
    assert "class_slow_down" in answers, set(answers)
    told_gone = answers.index("class_slow_down")
    assert told_gone <= 20  # a class's typos, not a search of the codes
    assert set(answers[:told_gone]) == {"class_gone"} and told_gone == rules.GUESS_BURST
    assert set(answers[told_gone:]) == {"class_slow_down"}
    # slowed, the right code says the same: no way to tell a live class from a dead one
    assert _refused(lambda: room.join(code, None, "203.0.113.7")) == "class_slow_down"
    assert room.join(code, None, "198.51.100.2")["number"] == 1  # another address is not
    clock.t += 1 / rules.GUESS_RATE
    assert room.join(code, None, "203.0.113.7")["number"] == 2  # one guess a few seconds


def test_a_class_lets_200_in_within_a_minute_but_not_at_once(room, clock):
    from linreg.classroom import room as rules

    code, _ = room.start(SETUP, "en")
    at_once = [_refused(lambda i=i: room.join(code, None, f"10.1.{i // 256}.{i % 256}"))
               for i in range(MAX_STUDENTS)]  # a script, each join from an address of its own
    assert at_once.count(None) < MAX_STUDENTS
    assert at_once.count(None) == rules.CLASS_JOIN_BURST
    assert set(at_once) == {None, "class_slow_down"}
    other, _ = room.start(SETUP, "en")
    start, joined = clock.t, 0
    while joined < MAX_STUDENTS:  # a real class behind one school address, over a minute
        clock.t += 0.29
        if _refused(lambda: room.join(other, None, "192.0.2.1")) is None:
            joined += 1
    assert clock.t - start <= 60
    assert room.store.joined(other) == MAX_STUDENTS


def test_a_class_behind_one_address_trying_again_is_in_within_a_minute(room, clock):
    import heapq
    import random

    code, _ = room.start(SETUP, "en")
    tries = random.Random(7)
    start = clock.t
    # the students open the link within 20 s; one turned away tries again 4-8 s later, as
    # a student presses Join again: the class's own limit sets the pace, not its refusals
    due = [(start + 20 * tries.random(), n) for n in range(MAX_STUDENTS)]
    heapq.heapify(due)
    while due:
        clock.t, n = heapq.heappop(due)
        if _refused(lambda: room.join(code, None, "192.0.2.1")) is not None:
            heapq.heappush(due, (clock.t + tries.uniform(4, 8), n))
    assert clock.t - start <= 60
    assert room.store.joined(code) == MAX_STUDENTS


def test_class_starts_are_rate_limited_per_client(room, clock):
    from linreg.classroom import room as rules

    started = 0
    with pytest.raises(InputError) as error:
        for _ in range(500):
            room.start(SETUP, "en", client="203.0.113.9")
            started += 1
    assert error.value.code == "class_slow_down" and started == rules.START_BURST
    room.start(SETUP, "en", client="198.51.100.3")  # another client starts its class
    clock.t += 1 / rules.START_RATE
    room.start(SETUP, "en", client="203.0.113.9")


def test_the_teacher_locks_joins_and_approves_each_one(room):
    code, key = room.start(SETUP, "en")
    early = room.join(code, "Ana", "c1")
    room.set_joins(code, key, "locked")
    assert _refused(lambda: room.join(code, "Late", "c2")) == "class_locked"
    room.set_joins(code, key, "approve")
    waiting = room.join(code, "Bo", "c3")
    view = room.view(code, waiting["token"])
    assert view["waiting"] and "setup" not in view and "question" not in view
    room.ask(code, key, "next_W", {})
    assert _refused(lambda: room.answer(code, waiting["token"], {"kind": "next_W", "W": 1})
                    ) == "class_waiting"
    assert room.board(code, key)["joined"] == 1 and room.board(code, key)["waiting"] == 1
    assert [(s["number"], s["name"], s["waiting"]) for s in room.roster(code, key)] == [
        (1, "Ana", False), (2, "Bo", True)]
    for act in (lambda: room.admit(code, early["token"], [2]),
                lambda: room.set_joins(code, early["token"], "open"),
                lambda: room.roster(code, early["token"])):
        assert _refused(act) == "class_not_teacher"  # a student cannot let anyone in
    before = room.version(code)
    room.admit(code, key, [2])
    assert room.version(code) > before  # the waiting page hears it
    assert room.view(code, waiting["token"])["question"]["kind"] == "next_W"
    room.answer(code, waiting["token"], {"kind": "next_W", "W": 1})
    assert room.board(code, key)["joined"] == 2 and room.board(code, key)["waiting"] == 0
    with pytest.raises(InputError):
        room.set_joins(code, key, "everyone")


def test_a_removed_student_is_gone_with_their_answers_and_runs(room):
    code, key = room.start(SETUP, "en")
    ana, bo = room.join(code, "Ana", "c1"), room.join(code, "Bo", "c2")
    room.ask(code, key, "next_W", {})
    for i, me in enumerate((ana, bo)):
        room.answer(code, me["token"], {"kind": "next_W", "W": float(i)})
        room.submit_run(code, me["token"], {"lr": 0.1, "epoch": 3, "cost": 1.0,
                                            "path": [[0, 0], [1, 1]]})
    room.remove(code, key, [bo["number"]])
    for act in (lambda: room.view(code, bo["token"]),
                lambda: room.answer(code, bo["token"], {"kind": "next_W", "W": 2})):
        assert _refused(act) == "class_not_student"  # their token stops working
    board = room.board(code, key, names=True)
    assert board["joined"] == 1
    assert [a["who"] for a in board["answers"]] == [r["who"] for r in board["runs"]] == ["Ana"]
    assert "Bo" not in str(room.store.students(code)) + str(room.store.runs(code))
    assert room.join(code, "Cy", "c3")["number"] == 3  # no number is given twice


def test_a_students_view_holds_no_other_students_answers_or_runs(room):
    code, key = room.start(SETUP, "en")
    ana, bo = room.join(code, "Ana", "c1"), room.join(code, "Bo", "c2")
    room.ask(code, key, "next_W", {})
    room.answer(code, ana["token"], {"kind": "next_W", "W": 0.123456})
    room.submit_run(code, ana["token"], {"lr": 0.654321, "epoch": 3, "cost": 1.0,
                                         "path": [[0, 0], [1, 1]]})
    seen = room.view(code, bo["token"])
    assert seen["my_answer"] is None and room.board(code, key)["answered"] == 1
    assert "0.123456" not in str(seen) and "0.654321" not in str(seen)
    assert "answers" not in seen and "runs" not in seen


def test_a_class_idle_for_12_hours_is_gone_with_everything_its_students_wrote(room, clock,
                                                                            store):
    code, key = room.start(SETUP, "en")
    me = room.join(code, "Ana", "c")
    room.ask(code, key, "next_W", {})
    room.answer(code, me["token"], {"kind": "next_W", "W": 1.0})
    room.submit_run(code, me["token"], {"lr": 0.1, "epoch": 3, "cost": 1.0,
                                        "path": [[0, 0], [1, 1]]})
    if isinstance(store, RedisStore):  # Redis forgets by itself: every key has a deadline
        keys = store.client.keys(f"linreg:class:{code}:*")
        assert len(keys) >= 5
        assert all(0 < store.client.ttl(k) <= IDLE_SECONDS for k in keys)
        buckets = store.client.keys("linreg:bucket:*")
        assert buckets and all(0 < store.client.ttl(k) <= 3600 for k in buckets)
        return
    clock.t += 100 * 24 * 3600  # a class left open over the holidays
    assert _refused(lambda: room.join(code, None, "c2")) == "class_gone"
    with contextlib.closing(__import__("sqlite3").connect(store.path)) as db:
        for table in ("classes", "students", "answers", "runs"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
        # the rate limits' rows are gone too, but for the join just tried
        assert db.execute("SELECT COUNT(*) FROM buckets WHERE at < ?",
                          (clock.t - 3600,)).fetchone()[0] == 0


def test_a_write_whose_commit_failed_leaves_no_transaction_behind(tmp_path):
    import sqlite3

    from linreg.classroom.store import StoreError

    store = SQLiteStore(tmp_path / "classes.sqlite3")
    refuse = threading.Event()

    def authorizer(action, operation, *_):  # a commit that fails, as on a full disk
        if refuse.is_set() and action == sqlite3.SQLITE_TRANSACTION and operation == "COMMIT":
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    connect = store._connect

    def connect_refusing():
        db = connect()
        db.set_authorizer(authorizer)
        return db

    store.close()  # the pool's connections now come from connect_refusing
    store._connect = connect_refusing
    refuse.set()
    with pytest.raises(StoreError):
        store.create("AAAAAA", {"setup": {}}, 0)
    refuse.clear()
    assert store.create("CCCCCC", {"setup": {}}, 0)  # the next write on that connection
    assert store.read("AAAAAA") is None  # the failed one left nothing
    store.close()


@pytest.mark.parametrize(("peer", "real_ip", "counted"), [
    (None, None, "local"),  # Streamlit gives no address for a loopback connection
    (None, "198.51.100.4", "198.51.100.4"),  # nginx on loopback wrote X-Real-IP
    ("203.0.113.5", "198.51.100.4", "203.0.113.5"),  # a client's own header: ignored
    ("203.0.113.5", None, "203.0.113.5"),
    (None, "not an address", "local"),
    (None, "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),  # an IPv6 client owns a /64
    ("2001:db8:1:2:bbbb::9", None, "2001:db8:1:2::/64"),
    ("::ffff:198.51.100.4", None, "198.51.100.4"),
])
def test_the_client_is_the_connections_address_or_the_proxys_word_for_it(peer, real_ip,
                                                                         counted):
    from linreg.classroom.room import client_address

    assert client_address(peer, real_ip) == counted
    # a proxy on another machine, configured: its header is trusted, nobody else's
    assert client_address("10.0.0.2", "198.51.100.4", frozenset({"10.0.0.2"})) == "198.51.100.4"
    assert client_address("10.0.0.3", "198.51.100.4", frozenset({"10.0.0.2"})) == "10.0.0.3"


def test_an_ended_class_leaves_no_name_in_the_file(tmp_path):
    import sqlite3

    path = tmp_path / "classes.sqlite3"
    room = Classroom(SQLiteStore(path))
    code, key = room.start(SETUP, "en")
    room.join(code, "Quillonwy", "c")
    room.end(code, key)
    room.store.close()
    with contextlib.closing(sqlite3.connect(path)) as db:  # the log, written into the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Quillonwy" not in path.read_bytes()


# ---------------------------------------------------------------- the teacher's play state

def test_only_the_teachers_player_tells_the_play_state_and_pages_hear_it(room, clock):
    code, key = room.start(SETUP, "en")
    me = room.join(code, "Mina", "client-1")
    play = {"run": run_key(SETUP), "epoch": 40, "playing": False, "speed": 30}
    secret = play_secret(key, code)
    assert secret not in str(room.store.read(code)) and key not in secret  # its hash is kept
    for wrong in ("", me["token"], play_secret("guess", code), key):
        with pytest.raises(InputError) as error:
            room.set_play(code, wrong, play)
        assert error.value.code == "class_not_teacher"
    before = room.version(code)
    clock.t += 5
    assert room.set_play(code, secret, play) == before + 1
    assert room.set_play(code, secret, play) == before + 1  # told twice: nobody wakes again
    heard = class_state(room.store, code)
    assert heard["play"] == {"epoch": 40, "playing": False, "speed": 30.0, "at": clock.t,
                             "token": 0}
    assert heard["run"] == run_key(SETUP) and "Mina" not in str(heard)
    assert heard["page"] == page_key("follow", None, None)  # a Step: the page's words stay
    with pytest.raises(InputError):  # a play state of a setup the class has left
        room.set_play(code, secret, dict(play, run=run_key({"lr": "0.1"})))
    for bad in ({**play, "epoch": -1}, {**play, "epoch": float("nan")}, {**play, "speed": 1e9},
                {**play, "playing": "yes"}, {**play, "run": "x"}, "epoch=3"):
        with pytest.raises(InputError):
            room.set_play(code, secret, bad)
    # playing: pages count on from the epoch at the speed, from the server's time
    room.set_play(code, secret, dict(play, epoch=12.5, playing=True))
    player = class_state(room.store, code)["play"]
    assert play_epoch(player, clock.t + 2) == 12.5 + 2 * 30
    # from when the state reached the server, not from its write after a wait for the store
    room.set_play(code, secret, dict(play, epoch=20, playing=True), clock.t - 0.04)
    player = class_state(room.store, code)["play"]
    assert play_epoch(player, clock.t) == pytest.approx(20 + 0.04 * 30)
    # a teacher's page that timed the server's clock says when: believed within the bound
    arrived = clock.t
    for said, counted in ((arrived - 0.03, arrived - 0.03), (arrived + 5, arrived),
                          (arrived - 60, arrived - PLAY_AT_LEAD)):
        room.set_play(code, secret, dict(play, epoch=30, playing=True, at=said), arrived)
        assert class_state(room.store, code)["play"]["at"] == pytest.approx(counted)
    for bad in ("soon", float("inf"), True, [1]):
        with pytest.raises(InputError) as error:
            room.set_play(code, secret, dict(play, playing=True, at=bad), arrived)
        assert error.value.code == "class_bad"
    room.ask(code, key, "next_W", {})
    asked = class_state(room.store, code)
    assert asked["page"] != heard["page"]  # a rerun for the words
    room.answer(code, me["token"], {"kind": "next_W", "W": 1.0})
    answered = class_state(room.store, code)
    # an answer moves no student's page: the count of answers is the board's alone
    assert answered["page"] == asked["page"] and "answered" not in answered
    assert answered["version"] > asked["version"]
    assert room.board(code, key)["answered"] == 1


def test_a_page_listening_hears_each_version_once_with_the_play_state(room, store):
    import asyncio

    from linreg.classroom.signals import Signals

    code, key = room.start(SETUP, "en")
    signals = Signals(store.version, state_of=lambda c: class_state(store, c), every=0.05)
    signal = signals.register(signal_of(store, code), code)
    secret = play_secret(key, code)
    heard = []

    async def listen():
        both = asyncio.Event()

        async def send(chunk: bytes) -> None:
            if chunk:  # a heartbeat is framed as nothing here
                heard.append(json.loads(chunk))
            if len(heard) == 2:
                both.set()

        await signals.listen(signal, store.version(code), send,
                             lambda answer: b"" if answer is None else answer[1], both.wait)

    def teacher():
        time.sleep(0.3)
        room.set_play(code, secret, {"run": run_key(SETUP), "epoch": 7, "playing": False})
        time.sleep(0.3)
        room.set_play(code, secret, {"run": run_key(SETUP), "epoch": 8, "playing": False})

    threading.Thread(target=teacher).start()
    thread = threading.Thread(target=lambda: asyncio.run(asyncio.wait_for(listen(), 20)))
    thread.start()
    thread.join(30)
    assert [h["play"]["epoch"] for h in heard] == [7, 8]
    assert heard[1]["version"] == heard[0]["version"] + 1 == store.version(code)
    assert signals.waiting() == 0  # the stream that ended is no longer counted


def test_a_page_slow_to_read_holds_up_no_other_and_then_hears_the_latest():
    import asyncio

    from linreg.classroom.signals import Signals

    versions = {"AAAAAA": 1}
    signals = Signals(lambda c: versions[c], state_of=lambda c: {"version": versions[c]},
                      every=0.02)
    signal = signals.register("a" * 24, "AAAAAA")
    fast, slow = [], []

    async def until(condition) -> None:
        while not condition():
            await asyncio.sleep(0.01)

    async def run() -> None:
        reads, leave = asyncio.Event(), asyncio.Event()

        async def to_fast(chunk: bytes) -> None:
            fast.append(json.loads(chunk)["version"])

        async def to_slow(chunk: bytes) -> None:
            slow.append(json.loads(chunk)["version"])
            if len(slow) == 1:
                await reads.wait()  # the page's connection is full until it reads

        def frame(heard):
            return heard[1]

        pages = [asyncio.create_task(signals.listen(signal, 1, send, frame, leave.wait))
                 for send in (to_fast, to_slow)]
        for version in (2, 3, 4):
            versions["AAAAAA"] = version
            signals.nudge()
            await until(lambda v=version: fast[-1:] == [v])
        assert slow == [2]  # still being written to: the others heard every version
        reads.set()
        await until(lambda: slow[-1] == 4)
        leave.set()
        await asyncio.gather(*pages)

    run_in_own_loop(asyncio.wait_for(run(), 20))
    assert fast == [2, 3, 4]
    assert slow == [2, 4]  # once it read, the latest version, not each one it missed
    assert signals.waiting() == 0


def test_a_page_whose_connection_takes_it_at_once_is_written_without_its_send():
    import asyncio

    from linreg.classroom.signals import Signals

    versions = {"AAAAAA": 1}
    signals = Signals(lambda c: versions[c], state_of=lambda c: {"version": versions[c]},
                      every=0.02)
    signal = signals.register("a" * 24, "AAAAAA")
    at_once, sent, ready = [], [], [True]

    def write_now(chunk: bytes) -> bool:
        if ready[0]:
            at_once.append(json.loads(chunk)["version"])
        return ready[0]

    async def send(chunk: bytes) -> None:
        sent.append(json.loads(chunk)["version"])

    async def run() -> None:
        leave = asyncio.Event()
        page = asyncio.create_task(signals.listen(signal, 1, send, lambda heard: heard[1],
                                                  leave.wait, write_now=write_now))
        for version, takes in ((2, True), (3, False), (4, True)):
            ready[0] = takes
            versions["AAAAAA"] = version
            signals.nudge()
            while version not in at_once + sent:
                await asyncio.sleep(0.01)
        leave.set()
        await page

    run_in_own_loop(asyncio.wait_for(run(), 20))
    assert at_once == [2, 4]
    assert sent == [3]  # its connection not ready: the send wrote it (and waited for it)


# ---------------------------------------------------------------- the class route's signals

def test_a_class_has_two_random_signals_in_its_record_never_derived_from_its_code(room,
                                                                                    store):
    import hashlib

    from linreg.classroom import room as room_module

    assert not hasattr(room_module, "signal_name")  # no signal computed from a code
    code, key = room.start(SETUP, "en")
    other, _ = room.start(SETUP, "en")
    kept = store.read(code)[0]["signals"]
    assert sorted(kept) == ["board", "class"] and kept["board"] != kept["class"]
    for signal in kept.values():
        assert len(signal) == 24 and int(signal, 16) >= 0
        for text in (code, f"{code}|board", f"linreg-class:{code}", f"linreg-class:{code}|board"):
            assert hashlib.sha256(text.encode()).hexdigest()[:24] != signal
    assert set(store.read(other)[0]["signals"].values()).isdisjoint(kept.values())
    # the teacher's page asks for both; a student's view gives the students' one alone
    assert room.signals(code, key) == kept
    with pytest.raises(InputError):
        room.signals(code, "not the key")
    me = room.join(code, "Mina", "client-1")
    view = room.view(code, me["token"])
    assert view["signal"] == kept["class"] and kept["board"] not in json.dumps(view)
    room.set_joins(code, key, "approve")
    waiting = room.join(code, "Noor", "client-2")
    assert room.view(code, waiting["token"])["signal"] == kept["class"]


def test_an_ended_class_tells_its_streams_last_and_its_signals_are_dropped(room, store):
    import asyncio

    from linreg.classroom.signals import Signals

    code, key = room.start(SETUP, "en")
    signals = Signals(store.version, room.board_version,
                      state_of=lambda c: class_state(store, c), every=0.05)
    page = signals.register(signal_of(store, code), code)
    board = signals.register(signal_of(store, code, "board"), code, board=True)
    heard = {page: [], board: []}

    async def listen(signal, after):
        async def send(chunk: bytes) -> None:
            heard[signal].append(json.loads(chunk)["version"])

        def frame(answer):
            return b"{}" if answer is None else answer[1]

        await signals.listen(signal, after, send, frame, asyncio.Event().wait)
        heard[signal].append("closed")

    async def both():
        await asyncio.wait_for(asyncio.gather(listen(page, room.version(code)),
                                              listen(board, room.board_version(code))), 30)

    thread = threading.Thread(target=lambda: asyncio.run(both()))
    thread.start()
    wait_until(lambda: signals.waiting() == 2, "the streams to open")
    room.end(code, key)
    thread.join(40)
    # each stream's last answer says the class ended (version 0), and the stream closes
    assert heard == {page: [0, "closed"], board: [0, "closed"]}
    assert not signals.knows(page) and not signals.knows(board) and signals.waiting() == 0

    # a class that ended while none of its pages here listened: found out when asked
    code, key = room.start(SETUP, "en")
    quiet = signals.register(signal_of(store, code), code)
    assert run_in_own_loop(signals.alive(quiet))
    room.end(code, key)
    assert not run_in_own_loop(signals.alive(quiet)) and not signals.knows(quiet)
    assert not run_in_own_loop(signals.alive("0" * 24))


def test_waits_past_the_servers_or_a_clients_cap_are_refused(room, store, monkeypatch):
    import asyncio

    from linreg.classroom import signals as module
    from linreg.classroom.signals import Busy, Signals

    assert module.MAX_WAITING_PER_CLIENT * 4 == module.MAX_WAITING
    assert module.MAX_WAITING_PER_CLIENT > MAX_STUDENTS  # a class behind one address fits
    monkeypatch.setattr(module, "MAX_WAITING", 3)
    monkeypatch.setattr(module, "MAX_WAITING_PER_CLIENT", 2)
    code, _ = room.start(SETUP, "en")
    signals = Signals(store.version)
    signal = signals.register(signal_of(store, code), code)
    now = store.version(code)
    outcomes = []

    async def wait(client):
        try:
            outcomes.append((client, await signals.wait(signal, now, 1.0, client)))
        except Busy:
            outcomes.append((client, "busy"))

    async def streams():
        got = []

        async def send(chunk: bytes) -> None:
            got.append(chunk)

        await signals.listen(signal, now, send, lambda answer: b"", asyncio.Event().wait,
                             "school")
        outcomes.append(("stream", got))

    async def all_of():
        first = [asyncio.create_task(wait(c)) for c in ("school", "school", "home")]
        while signals.waiting() < 3:
            await asyncio.sleep(0.01)
        assert not signals.room_for("school") and not signals.room_for("elsewhere")
        await wait("school")  # past the client's cap
        await wait("elsewhere")  # past the server's
        await streams()  # a stream past the cap ends at once, with nothing
        await asyncio.gather(*first)

    run_in_own_loop(all_of())
    assert outcomes[:3] == [("school", "busy"), ("elsewhere", "busy"), ("stream", [])]
    assert sorted(outcomes[3:]) == [("home", now), ("school", now), ("school", now)]
    assert signals.waiting() == 0 and signals.room_for("school")


def test_one_students_records_are_read_alone(store):
    """A page's every run reads its own student's document and answer, not the class's."""
    store.create("ABCDEF", {"numbered": 0}, 1.0)
    store.add_student("ABCDEF", "s1", {"name": "Ana"}, 200, 1.0)
    store.add_student("ABCDEF", "s2", {"name": "Bo"}, 200, 1.0)
    assert store.student("ABCDEF", "s2") == {"name": "Bo", "number": 2}
    assert store.student("ABCDEF", "s3") is None and store.student("ZZZZZZ", "s1") is None
    store.put_answer("ABCDEF", "q1", "s1", {"zone": "smooth"}, 2.0)
    store.put_answer("ABCDEF", "q2", "s2", {"zone": "diverging"}, 2.0)
    assert store.answer("ABCDEF", "q1", "s1") == {"zone": "smooth"}
    assert store.answer("ABCDEF", "q1", "s2") is None  # s2 answered another question
    assert store.answer("ABCDEF", "q2", "s2") == {"zone": "diverging"}


def test_a_students_view_reads_no_other_student(room, monkeypatch):
    code, key = room.start(SETUP, "en")
    tokens = [room.join(code, f"s{i}", f"c{i}")["token"] for i in range(5)]
    room.ask(code, key, "rate_zone", {"lr": 0.05})
    for token in tokens[:3]:
        room.answer(code, token, {"kind": "rate_zone", "zone": "smooth"})
    read = []
    for name in ("students", "answers", "runs"):
        monkeypatch.setattr(room.store, name, lambda *a, name=name: read.append(name) or {})
    assert room.view(code, tokens[4])["my_answer"] is None
    assert room.view(code, tokens[0])["my_answer"] == {"kind": "rate_zone", "zone": "smooth"}
    assert read == []  # a whole class read for one page's view: none

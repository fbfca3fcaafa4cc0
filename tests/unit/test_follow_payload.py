"""A following page's new run, as server.py's GET /class/<signal>/run/<run key> answers it:
built once, the same bytes for every follower, only for the class's run now, nothing of a
student in it (linreg/classroom/follow.py)."""

from __future__ import annotations

import gzip
import json
import threading
from urllib.parse import parse_qsl, urlencode

import pytest
from own_loop import run as run_in_own_loop
from starlette.requests import Request

from linreg.classroom import follow, signals
from linreg.classroom.room import Classroom, run_key
from linreg.classroom.store import SQLiteStore
from linreg.share import View
from linreg.texts import texts

SETUP = {"lr": "0.05", "epochs": "300"}
NAMES = ("Mina", "Jisoo")


@pytest.fixture
def served(tmp_path, monkeypatch):
    """server.py's route on a class of its own (a fresh store, a fresh registry of signals);
    a class started there with two students who follow."""
    monkeypatch.setattr(signals, "SERVED", signals.SERVED)  # importing server sets it
    import server

    monkeypatch.setenv("LINREG_STORE", f"sqlite://{tmp_path / 'classes.sqlite3'}")
    monkeypatch.setattr(signals, "SIGNALS", signals.Signals())
    server._room.cache_clear()
    room = server._room()
    code, key = room.start(SETUP, "en")
    for name in NAMES:
        room.join(code, name, f"10.0.0.{len(name)}")
    yield server, room, code, key
    server._room.cache_clear()


def get(server, signal: str, run: str, query: dict, headers: dict | None = None):
    """One GET of the route, as Starlette would call it."""
    scope = {"type": "http", "method": "GET", "path": f"/class/{signal}/run/{run}",
             "query_string": urlencode(query).encode(), "path_params":
             {"signal": signal, "run": run},
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
    return run_in_own_loop(server.class_run(Request(scope)))


def follower(code: str, lang: str = "en") -> dict:
    """The query a following page fetches its class's next run with (as the frame gives it)."""
    return dict(parse_qsl(follow.run_query(code, View(lang=lang), False)))


def test_every_follower_gets_the_same_bytes_of_the_run_now_and_no_student(served):
    server, room, code, key = served
    # a page of this server is in the class, under the signal its record gave it
    signal = signals.SIGNALS.register(room.signals(code, key)["class"], code)
    run = run_key(SETUP)
    first = get(server, signal, run, follower(code), {"Accept-Encoding": "gzip, br"})
    second = get(server, signal, run, follower(code), {"Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200
    assert first.headers["content-encoding"] == "gzip" and first.body == second.body
    body = gzip.decompress(first.body)
    plain = get(server, signal, run, follower(code))  # a client that takes no gzip
    assert "content-encoding" not in plain.headers and plain.body == body
    # the follower's frame of that run, without what is a page's own
    frame = follow.run_frame(SETUP, texts("en"), View(), False)
    shared = {k: v for k, v in frame.message().items() if k not in follow.PAGE_OWN}
    assert json.loads(body) == json.loads(json.dumps(shared))
    assert json.loads(body)["rows_key"] == run and json.loads(body)["lr"] == 0.05
    assert not set(follow.PAGE_OWN) & set(json.loads(body))
    text = body.decode()
    assert not [name for name in NAMES if name in text] and code not in text
    # a browser that holds it already is told so
    etag = first.headers["etag"]
    again = get(server, signal, run, follower(code), {"If-None-Match": etag})
    assert again.status_code == 304 and again.body == b""
    assert "private" in first.headers["cache-control"]
    # Korean followers share theirs, in their words
    korean = get(server, signal, run, follower(code, "ko"))
    assert korean.status_code == 200 and korean.body != body
    assert json.loads(korean.body)["labels"]["step"] == texts("ko")["step"]


def test_a_stale_run_an_unknown_class_or_a_strangers_query_gets_404(served):
    server, room, code, key = served
    old = run_key(SETUP)
    signal = signals.SIGNALS.register(room.signals(code, key)["class"], code)
    assert get(server, signal, old, follower(code)).status_code == 200
    room.set_setup(code, key, {**SETUP, "lr": "0.1"})
    assert get(server, signal, old, follower(code)).status_code == 404  # the run before
    new = run_key({**SETUP, "lr": "0.1"})
    fresh = get(server, signal, new, follower(code))
    assert fresh.status_code == 200 and json.loads(fresh.body)["lr"] == 0.1
    unknown = "0" * 24
    assert get(server, unknown, new, follower(code)).status_code == 404  # no page here
    board = signals.SIGNALS.register(room.signals(code, key)["board"], code, board=True)
    assert get(server, board, new, follower(code)).status_code == 404  # the board's name
    wrong_pass = {**follower(code), "pass": "0" * 32}  # not given by this server
    assert get(server, signal, new, wrong_pass).status_code == 404
    assert get(server, signal, new, {**follower(code), "lang": "xx"}).status_code == 404
    assert get(server, signal, "not-a-key", follower(code)).status_code == 404
    room.end(code, key)
    assert get(server, signal, new, follower(code)).status_code == 404


def test_many_followers_at_once_wait_for_one_build(tmp_path, monkeypatch):
    room = Classroom(SQLiteStore(tmp_path / "classes.sqlite3"))
    setup = {"lr": "0.07", "epochs": "250"}
    code, _ = room.start(setup, "en")
    built = []
    make = follow._payload
    monkeypatch.setattr(follow, "_payload", lambda *a: built.append(a) or make(*a))
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(
        follow.served(room.store, code, run_key(setup), follower(code)))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and len(answers) == 8
    assert all(a is answers[0] for a in answers)  # one object: the same bytes for all

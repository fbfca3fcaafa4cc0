"""A live class on one server: a teacher and N students, each student a websocket tab that
waits on the class's route for the next version, as the browser's player does.

    .venv/bin/python -m bench.class_load [--students 60] [--idle 20] [--workers 2]

Measured: the server's CPU while the class sits idle (goal: under 10% of one core for 60),
how long a teacher's change takes to reach every student's page (p50, p95, max; goal p95
< 1 s), and how long the students' answers, sent from their pages at once, take to show on
the board. The teacher's changes go through linreg.classroom, as the teacher's page sends
them; the students are the page itself, over its websocket, each from an address of its own
(a phone of its own on the school's network). With --workers, the servers run behind nginx
as `make serve-class` runs them; without nginx that is skipped with one line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import tempfile
import threading
import time
from pathlib import Path

from harness.server import NGINX, ServedClass, Server
from linreg.classroom.room import MAX_STUDENTS, Classroom
from linreg.classroom.store import open_store
from ui.class_room import PUSHED_POLL_SECONDS

from .meter import Meter
from .stats import percentile
from .streamlit_client import Session
from .table import print_header, print_row

WIDTH = 64  # of the table's first column
STEPS = 10  # the class's question: where will (W, b) be after this many epochs


class Student(threading.Thread):
    """One student's tab, as the browser drives it: joins by a personal link; keeps one
    request open on the class's route (server.py), and when it answers with a new version,
    sends the player's class_sync; reruns its panel's fragment on the fallback timer. Notes
    when the teacher's epoch first shows in its player. Once `answer` is set and its player
    takes a click for the class's question, answers it as that click does."""

    def __init__(self, url: str, code: str, number: int, stop: threading.Event,
                 answer: threading.Event):
        super().__init__(daemon=True)
        address = f"10.0.{number // 256}.{number % 256}"  # the class's join limit is per address
        self.tab = Session(url, query=f"join={code}&name=s{number}", timeout=120,
                           headers=(f"X-Forwarded-For: {address}",))
        self.number = number
        self.stop = stop
        self.answer = answer
        self.place: int | None = None  # the question's epochs, once the player shows it
        self.answered: float | None = None  # when this tab sent its answer
        self.seen: dict[int, float] = {}  # the teacher's epoch -> when this tab showed it
        self.ready = threading.Event()
        self.error: Exception | None = None
        self.polls = 0
        self.waits = 0
        self.heard: list[int] = []  # versions the route answered with, for the tab to sync
        self.heard_lock = threading.Lock()

    def _wait_loop(self, watch: dict) -> None:
        """The player's long poll, in a thread of its own as in the browser."""
        host = self.tab.base_url.split("//", 1)[1]
        connection = http.client.HTTPConnection(host, timeout=60)
        known = watch["version"]
        while not self.stop.is_set():
            connection.request("GET", f"{watch['url']}?after={known}")
            answer = connection.getresponse()
            body = answer.read()
            self.waits += 1
            if answer.status == 404:  # no page of the class on that worker yet (a browser's
                time.sleep(0.5)       # cookie would send it to its own worker): ask again
                continue
            if answer.status != 200:
                raise RuntimeError(f"the class route answered {answer.status}: {body[:200]!r}")
            version = json.loads(body)["version"]
            if version > known:
                known = version
                with self.heard_lock:
                    self.heard.append(version)

    def run(self) -> None:
        try:
            self.tab.connect()
            self.tab.load()
            panel = next(iter(self.tab.fragments - {self.tab.fragment_id}))
            watch = self.tab.player["watch"]
            threading.Thread(target=self._guard, args=(self._wait_loop, watch),
                             daemon=True).start()
            self.ready.set()
            next_poll = time.monotonic() + PUSHED_POLL_SECONDS
            while not self.stop.is_set():
                if time.monotonic() >= next_poll:
                    next_poll += PUSHED_POLL_SECONDS
                    self.tab.poll(panel)
                    self.polls += 1
                with self.heard_lock:
                    heard, self.heard = self.heard, []
                if heard:
                    self.tab.act("class_sync", version=heard[-1])
                if self.tab.player:
                    self.seen.setdefault(int(self.tab.player["at"]), time.perf_counter())
                    self.place = self.tab.player.get("class_place")
                if self.place and self.answer.is_set() and self.answered is None:
                    self.answered = time.perf_counter()
                    self.tab.act("class_answer", answer={
                        "kind": "where_after", "W": self.number / 10, "b": 0.5,
                        "steps": self.place})
                time.sleep(0.01)
        except Exception as error:  # noqa: BLE001 - reported by the driver
            self.error = error
            self.ready.set()
        finally:
            self.tab.close()

    def _guard(self, loop, *args) -> None:
        try:
            loop(*args)
        except Exception as error:  # noqa: BLE001 - reported by the driver
            if not self.stop.is_set():
                self.error = error


def measure(students: int = 60, idle_seconds: float = 20.0, workers: int = 1) -> list[dict]:
    """One server, or `workers` servers behind nginx (make serve-class) sharing the store."""
    rows = []
    where = "one server" if workers == 1 else f"{workers} workers behind nginx"
    with tempfile.TemporaryDirectory() as folder:
        store_url = f"sqlite://{Path(folder) / 'classes.sqlite3'}"
        env = {"LINREG_STORE": store_url}
        server = Server(extra_env=env) if workers == 1 else ServedClass(workers, extra_env=env)
        stop, answer = threading.Event(), threading.Event()
        try:
            # the teacher's changes, as the teacher's page makes them
            room = Classroom(open_store(store_url))
            code, key = room.start({"lr": "0.05"}, "en")
            tabs = [Student(server.url, code, k + 1, stop, answer) for k in range(students)]
            for t in tabs:
                t.start()
                time.sleep(0.05)  # students arrive over a few seconds, as a class does
            for t in tabs:
                t.ready.wait(180)
            failed = [t.error for t in tabs if t.error]
            joined = room.board(code, key)["joined"]
            rows.append(dict(name=f"class on {where}: students joined by their links",
                             value=joined,
                             unit="", goal=f"= {students}",
                             note=f"{len(failed)} failed" + (f": {failed[0]!r}" if failed else "")))

            meter = Meter([server.pid] if workers == 1 else server.pids())
            time.sleep(3)  # the joins' reruns settle
            before, start = meter.cpu(), time.perf_counter()
            waits_before = sum(t.waits for t in tabs)
            time.sleep(idle_seconds)
            used = (meter.cpu() - before) / (time.perf_counter() - start)
            polls = sum(t.polls for t in tabs)
            waits = sum(t.waits for t in tabs) - waits_before
            rows.append(dict(name=f"class of {students} sitting idle: server CPU",
                             value=used * 100, unit="% core", goal="< 10",
                             note=f"each tab keeps one request open on the class route "
                                  f"({waits} answered in {idle_seconds:g} s) and reruns its "
                                  f"panel every {PUSHED_POLL_SECONDS:g} s ({polls} reruns)"))

            latencies, steps = [], []
            for epoch in (37, 74, 111):
                sent = time.perf_counter()
                room.set_player(code, key, epoch, False, 0)
                deadline = time.monotonic() + 15
                while time.monotonic() < deadline and not all(
                        epoch in t.seen for t in tabs if t.error is None):
                    time.sleep(0.02)
                these = [t.seen[epoch] - sent for t in tabs if epoch in t.seen]
                latencies += these
                steps.append(f"{max(these, default=float('nan')):.2f}")
                missed = sum(1 for t in tabs if t.error is None and epoch not in t.seen)
                if missed:
                    latencies += [float("inf")] * missed
            finite = [x for x in latencies if x != float("inf")]
            rows.append(dict(
                name="a teacher's Step on every student's page, p95", unit="s", goal="< 1",
                value=percentile(latencies, 95),
                note=f"median {percentile(finite, 50):.2f} s, max {max(latencies):.2f} s, "
                     f"{len(latencies) - len(finite)} missed; the last page of each of the "
                     f"{len(steps)} Steps: {' / '.join(steps)} s"))

            # a question the player answers (a click on the cost plot), asked of the class
            # that is there: its pages learn of it through the route, as for a Step
            room.ask(code, key, "where_after", {"steps": STEPS})
            here = [t for t in tabs if t.error is None]
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not all(t.place for t in here if not t.error):
                time.sleep(0.02)
            asked = sum(1 for t in here if t.place)
            answer.set()
            start = time.perf_counter()
            while room.board(code, key)["answered"] < asked and time.perf_counter() - start < 60:
                time.sleep(0.01)
            shown = time.perf_counter() - start
            sent = [t.answered - start for t in here if t.answered is not None]
            rows.append(dict(
                name=f"{students} answers sent at once: all in the board's data", value=shown,
                unit="s", goal="< 1",
                note=f"{room.board(code, key)['answered']} of {students}; each page sends "
                     f"the player's class_answer, as a click on its cost plot does (the last "
                     f"after {max(sent, default=float('nan')):.2f} s); {asked} pages showed "
                     f"the question"))
        finally:
            stop.set()
            server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.class_load")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle class")
    parser.add_argument("--workers", type=int, default=1,
                        help="servers: 1, or several behind nginx as make serve-class runs them")
    args = parser.parse_args()
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be between 1 and {MAX_STUDENTS} (a class's cap)")
    if args.workers > 1 and not Path(NGINX).is_file():
        print(f"class on {args.workers} workers behind nginx: skipped, nginx not found at "
              f"{NGINX} (Debian: apt-get install -y nginx-light)")
        return
    rows = measure(args.students, args.idle, args.workers)
    print_header(width=WIDTH)
    for row in rows:
        print_row(row, WIDTH)


if __name__ == "__main__":
    main()

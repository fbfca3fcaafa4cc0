"""A live class on one server: a teacher and N students, each student a websocket tab that
listens to the class's route for its next versions, as the browser's player does.

    .venv/bin/python -m bench.class_load [--students 60] [--idle 20] [--workers 2]

Measured: how long the whole class takes to be in, the server's CPU while the class sits
idle (goal: under 10% of one core for 60), how long a teacher's Step takes to reach every
student's page (p50, p95, max; goals: p95 <= 0.3 s for 60, <= 0.5 s for 200) and the
server's CPU for one Step (the pages' fallback reruns held meanwhile, what the class so held
costs without Steps taken off, the server on one core and the tabs on the other), how far
each page is from the teacher after 5 s of the teacher playing (goal: within 3 epochs), and
how long the students' answers, sent from their pages at once, take to show on the board.
The teacher's Steps and Play are told to the class route as the teacher's player tells them
(POST /class/<signal>/play with the class's play secret); its other changes go through
linreg.classroom, as the teacher's page makes them. The students are the page itself, over
its websocket, and do what its player does; their streams are read by one event loop (a
thread each made the server's writes pay, on loopback, for waking 200 threads). They arrive
over ARRIVE_SECONDS, all from one address (a school's network, as the server sees it), and
open their link again a few seconds after the class's join limits turn them away, as a
student presses Join again; the measures start once every one is in. With --workers, the
servers run behind nginx as `make serve-class` runs them; without nginx that is skipped with
one line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import random
import shutil
import socket
import struct
import tempfile
import threading
import time
from pathlib import Path

from harness.server import NGINX, ServedClass, Server
from linreg.classroom.room import (
    CLASS_JOIN_BURST,
    CLASS_JOIN_RATE,
    MAX_STUDENTS,
    Classroom,
    play_epoch,
    play_secret,
    run_key,
)
from linreg.classroom.store import open_store
from ui.class_room import PUSHED_POLL_SECONDS

from .meter import Meter
from .stats import percentile
from .streamlit_client import Session
from .table import print_header, print_row

WIDTH = 64  # of the table's first column
STEPS = 10  # the class's question: where will (W, b) be after this many epochs
SETUP = {"lr": "0.05"}  # the class's setup: the lesson's data, 1000 epochs
TEACHER_STEPS = 40  # the teacher's Steps whose arrival is timed
PLAY_SECONDS = 5.0  # the teacher plays this long before the pages are compared with it
SPEED = 100  # epochs a second
ARRIVE_SECONDS = 20.0  # the students open their links within this, at random
RETRY_SECONDS = 4.0  # a student turned away tries again after this, up to twice this
JOIN_SECONDS = 120.0  # the whole class is waited for this long at most
STEP_WINDOW_SECONDS = 0.25  # a Step's CPU is counted this long from its send (it reaches
# 200 pages within 0.1 s), and a quiet window as long after it
ALIVE_SECONDS = 1.0  # how often an idle tab answers the server's pings
CLOCK_TRIPS_AT = (1.0, 2.0, 3.5, 6.0, 10.0)  # a page's round trips to the server's clock
MAX_WAY = 0.25  # seconds (player/js/serverclock.js)


class Windows:
    """A teacher's Steps' CPU on the server: each Step's window, from just before its send
    for STEP_WINDOW_SECONDS (longer if its pages heard it later), and a window as long
    without a Step after it. The run time is the kernel's, to the ns (Meter.cpu)."""

    def __init__(self, meter: Meter):
        self.meter = meter
        self.steps = self.quiet = 0.0  # CPU seconds in the windows
        self.steps_seconds = self.quiet_seconds = 0.0
        self.count = 0

    def open(self) -> None:
        self.began = self.meter.cpu(), time.perf_counter()

    def close_step(self) -> None:
        """After the Step reached its pages: its window ends, the quiet one after it is
        measured."""
        cpu, start = self.began
        time.sleep(max(0.0, start + STEP_WINDOW_SECONDS - time.perf_counter()))
        ended, at = self.meter.cpu(), time.perf_counter()
        self.steps += ended - cpu
        self.steps_seconds += at - start
        self.count += 1
        time.sleep(STEP_WINDOW_SECONDS)
        self.quiet += self.meter.cpu() - ended
        self.quiet_seconds += time.perf_counter() - at

    def quiet_rate(self) -> float:
        return self.quiet / self.quiet_seconds

    def step(self) -> float:
        """CPU seconds of one Step."""
        return (self.steps - self.quiet_rate() * self.steps_seconds) / self.count


class Student(threading.Thread):
    """One student's tab, as the browser drives it: joins by a personal link; keeps one
    stream open on the class's route (server.py); when an answer moves only the teacher's
    play state of the run the page holds, goes to the teacher's epoch or plays on from it
    with no rerun (player/js/classwatch.js and follow.js); when it moves what the page's
    script shows (the page's key) or the run, sends the player's class_sync; reruns its
    panel's fragment on the fallback timer. Notes when the teacher's epoch first shows in
    its player. Once `answer` is set and its player takes a click for the class's question,
    answers it as that click does."""

    def __init__(self, url: str, code: str, number: int, stop: threading.Event,
                 answer: threading.Event, arrives: float, hold: threading.Event,
                 streams: Streams):
        super().__init__(daemon=True)
        self.streams = streams  # where its stream is read
        self.tab = Session(url, query=f"join={code}&name=s{number}", timeout=120)
        self.number = number
        self.arrives = arrives  # seconds after the class's link is shown
        self.hold = hold  # set: the fallback rerun waits (a Step's CPU is measured alone)
        self.refused = 0  # joins the class's limits turned away
        self.joined: float | None = None  # when the class let it in (time.monotonic)
        self.stop = stop
        self.answer = answer
        self.place: int | None = None  # the question's epochs, once the player shows it
        self.answered: float | None = None  # when this tab sent its answer
        self.seen: dict[int, float] = {}  # the teacher's epoch -> when this tab showed it
        self.playing: dict | None = None  # the play state it plays on from
        # bounds on this page's clock less the server's, as player/js/serverclock.js keeps them
        self.clock_low, self.clock_high = float("-inf"), float("inf")
        self.ready = threading.Event()
        self.error: Exception | None = None
        self.polls = 0
        self.syncs = 0  # reruns asked for by the route's answers
        self.events = 0  # answers the class's stream brought
        self.heard: list[int] = []  # versions the route answered with, for the tab to sync
        self.heard_lock = threading.Lock()
        self.last_heard: dict | None = None

    async def listen(self) -> None:
        """The player's stream of the class's answers (server.py's /class/<signal>/events),
        read in the class's Streams loop: one reader for all the tabs, where a thread each
        cost a thread's wake-up a page for every answer, paid on loopback by the server's
        write (a browser's reader is on another machine). An answer counts as heard when its
        bytes reached the tab's socket (`_stream`), not when that one loop got to it."""
        host, port = self.tab.base_url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        known = -1
        while not self.stop.is_set():
            watch = self.tab.player["watch"]
            known = max(known, watch["version"])
            request = (f"GET {watch['url']}/events?after={known} HTTP/1.1\r\n"
                       f"Host: {host}:{port}\r\n\r\n").encode()
            async with contextlib.aclosing(_stream(host, int(port), request)) as lines:
                async for status, line, stamp in lines:
                    # no page of the class on that worker yet (a browser's cookie would send it
                    # to its own worker), or nginx's limit on the route (429, a page backs off)
                    if status in (404, 429):
                        await asyncio.sleep(0.5)
                        break
                    if status != 200:
                        raise RuntimeError(f"the class route answered {status}")
                    if not line.startswith(b"data: "):
                        continue  # the retry time, an event's id, a quiet stream's comment
                    heard = json.loads(line[6:])
                    received = time.perf_counter() - (time.time() - stamp)
                    self.events += 1
                    watch = self.tab.player["watch"]
                    known = max(known, watch["version"])
                    if heard["version"] > known:
                        known = heard["version"]
                        self._heard(watch, heard, received, stamp)

    def _heard(self, watch: dict, heard: dict, received: float, stamp: float) -> None:
        """What the player does with an answer (player/js/classwatch.js)."""
        self.last_heard = heard
        moved = ("page" not in watch or heard["page"] != watch["page"]
                 or (watch.get("follows") and heard["run"] != watch["run"]))
        if moved:
            with self.heard_lock:
                self.heard.append(heard["version"])
            return
        if not watch.get("follows"):
            return
        play = heard["play"]
        self.clock_high = min(self.clock_high, stamp - heard["now"])
        epoch = play_epoch(play, heard["now"])
        if play["playing"]:
            self.playing = play
        else:
            self.playing = None
            rows = self.tab.player["rows"]["epoch"]
            if int(epoch) in rows:  # the whole run is held: drawn at once
                self.seen.setdefault(int(epoch), received)
            else:
                with self.heard_lock:
                    self.heard.append(heard["version"])

    def _framed(self) -> None:
        """A frame from the page's script, for a page following its teacher: where the class
        stood when it was built, unless the tab has heard that version or a newer one of the
        same page and run (player/js/follow.js, followFrame). Its stream's answer of that
        version, heard after, is not acted on again: without this, a tab whose rerun raced
        the teacher's Play never played."""
        watch = (self.tab.player or {}).get("watch") or {}
        if not watch.get("follows") or "play" not in watch:
            return
        heard = self.last_heard
        if (heard and heard["version"] >= watch["version"]
                and all(heard.get(k) == watch.get(k) for k in ("page", "run"))):
            return
        self.playing = watch["play"] if watch["play"].get("playing") else None

    def epoch_now(self) -> float | None:
        """The epoch this page shows now while it plays with the teacher (follow.js)."""
        if self.playing is None:
            return None
        end = self.tab.player["rows"]["epoch"][-1]
        return min(end, play_epoch(self.playing, time.time() - self.gap))

    @property
    def gap(self) -> float:
        """This page's clock minus the server's (player/js/serverclock.js): the middle of its
        bounds, within MAX_WAY of the upper one."""
        low, high = self.clock_low, self.clock_high
        return high if not low <= high else max((low + high) / 2, high - MAX_WAY)

    def time_server(self) -> None:
        """One round trip to the route's clock; one that fails is not counted, as the page
        does (behind nginx, a request without the page's cookie may reach another worker)."""
        connection = http.client.HTTPConnection(
            self.tab.base_url.split("//", 1)[1].rstrip("/"), timeout=30)
        try:
            sent = time.time()
            connection.request("GET", f"{self.tab.player['watch']['url']}/clock")
            answer = connection.getresponse()
            body = answer.read()
            back = time.time()
        except (OSError, http.client.HTTPException):
            return
        finally:
            connection.close()
        if answer.status == 200:
            now = json.loads(body)["now"]
            self.clock_low = max(self.clock_low, sent - now)
            self.clock_high = min(self.clock_high, back - now)

    def _join(self, began: float) -> None:
        """Opens the personal link until the class lets the student in (its player then
        waits on the class); turned away, opens it again a few seconds later."""
        while True:
            self.tab.connect()
            self.tab.load()
            if (self.tab.player or {}).get("watch"):
                self.joined = time.monotonic()
                return
            self.refused += 1
            self.tab.close()
            if time.monotonic() - began > JOIN_SECONDS:
                raise RuntimeError(f"not let in within {JOIN_SECONDS:g} s "
                                   f"({self.refused} tries)")
            if self.stop.wait(RETRY_SECONDS * (1 + random.random())):
                raise RuntimeError("stopped before it was let in")

    def run(self) -> None:
        try:
            began = time.monotonic()
            if self.stop.wait(self.arrives):
                return
            self._join(began)
            panel = next(iter(self.tab.fragments - {self.tab.fragment_id}))
            self.streams.add(self)
            trips = [self.joined + at for at in CLOCK_TRIPS_AT]
            self.ready.set()
            next_poll = time.monotonic() + PUSHED_POLL_SECONDS
            next_alive = time.monotonic() + ALIVE_SECONDS
            while not self.stop.is_set():
                if trips and time.monotonic() >= trips[0]:
                    trips.pop(0)
                    self.time_server()
                if time.monotonic() >= next_alive:
                    next_alive += ALIVE_SECONDS
                    self.tab.keep_alive()
                if time.monotonic() >= next_poll:
                    # a rerun due while held is skipped, not sent when the hold ends: 200
                    # tabs' missed reruns at once kept the server from the teacher's Play
                    # for seconds, which no class's fallback timers do
                    while next_poll <= time.monotonic():
                        next_poll += PUSHED_POLL_SECONDS
                    if not self.hold.is_set():
                        self.tab.poll(panel)
                        self.polls += 1
                        self._framed()
                with self.heard_lock:
                    heard, self.heard = self.heard, []
                if heard:
                    self.syncs += 1
                    self.tab.act("class_sync", version=heard[-1])
                    self._framed()
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

    async def guarded_listen(self) -> None:
        try:
            await self.listen()
        except Exception as error:  # noqa: BLE001 - reported by the driver
            if not self.stop.is_set():
                self.error = error


SO_TIMESTAMP = 29  # Linux's, which Python's socket module does not name


async def _stream(host: str, port: int, request: bytes):
    """One GET of a chunked stream: (status, line, when its bytes reached the socket, in
    time.time()) for each line of its body, to its end. A tab's socket asks the kernel for
    each read's arrival time (SO_TIMESTAMP): a page on a phone reads its answer as it comes,
    where this loop reads 200 tabs' one after another."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMP, 1)
    sock.setblocking(False)
    chunks: asyncio.Queue = asyncio.Queue()

    def readable() -> None:  # one read a wake-up, as asyncio's own transports read
        try:
            data, extra, _, _ = sock.recvmsg(1 << 16, socket.CMSG_SPACE(16))
        except BlockingIOError:
            return
        except OSError as error:
            loop.remove_reader(sock.fileno())
            chunks.put_nowait((b"", error))
            return
        seconds, micro = next((struct.unpack("qq", d[:16]) for level, kind, d in extra
                               if level == socket.SOL_SOCKET and kind == SO_TIMESTAMP), (0, 0))
        chunks.put_nowait((data, seconds + micro / 1e6 if seconds else time.time()))
        if not data:
            loop.remove_reader(sock.fileno())

    try:
        await loop.sock_connect(sock, (host, port))
        await loop.sock_sendall(sock, request)
        loop.add_reader(sock.fileno(), readable)
        raw, status, body = b"", None, b""
        while True:
            data, stamp = await chunks.get()
            if isinstance(stamp, OSError):
                raise stamp
            if not data:
                return
            raw += data
            if status is None:
                if b"\r\n\r\n" not in raw:
                    continue
                head, raw = raw.split(b"\r\n\r\n", 1)
                status = int(head.split(b" ", 2)[1])
                if status != 200:
                    yield status, b"", stamp
                    return
            # the chunked body: each whole chunk's lines, stamped with this read's time
            while (end := raw.find(b"\r\n")) >= 0:
                size = int(raw[:end].split(b";")[0], 16)
                if len(raw) < end + 2 + size + 2:
                    break
                if size == 0:
                    return
                body += raw[end + 2:end + 2 + size]
                raw = raw[end + 2 + size + 2:]
            *lines, body = body.split(b"\n")
            for line in lines:
                yield status, line, stamp
    finally:
        if sock.fileno() >= 0:
            loop.remove_reader(sock.fileno())
        sock.close()


class Streams(threading.Thread):
    """The class's streams, every tab's, read by one event loop in a thread of its own."""

    def __init__(self):
        super().__init__(daemon=True)
        self.loop = asyncio.new_event_loop()
        self.tasks: set[asyncio.Task] = set()  # held: the loop keeps only weak references

    def run(self) -> None:
        self.loop.run_forever()

    def add(self, student: Student) -> None:
        def listen() -> None:
            self.tasks.add(self.loop.create_task(student.guarded_listen()))

        self.loop.call_soon_threadsafe(listen)

    def stop(self) -> None:
        async def end() -> None:
            tasks = asyncio.all_tasks() - {asyncio.current_task()}
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.loop.stop()

        if self.is_alive():
            asyncio.run_coroutine_threadsafe(end(), self.loop)
            self.join(5)


class Teacher:
    """The teacher's player: its play states, told to the class route as it tells them."""

    def __init__(self, url: str, code: str, key: str, room: Classroom):
        self.host = url.split("//", 1)[1]
        # the class's signal as the teacher's page is given it (ui/class_teacher.play_to)
        self.path = f"/class/{room.signals(code, key)['class']}/play"
        self.secret, self.run = play_secret(key, code), run_key(SETUP)

    def tell(self, epoch: float, playing: bool) -> None:
        body = json.dumps({"secret": self.secret, "run": self.run, "epoch": epoch,
                           "playing": playing, "speed": SPEED, "token": 0})
        for _ in range(20):  # a worker with no page of the class yet answers 404
            connection = http.client.HTTPConnection(self.host, timeout=30)
            connection.request("POST", self.path, body, {"Content-Type": "application/json"})
            answer = connection.getresponse()
            text = answer.read()
            connection.close()
            if answer.status == 200:
                return
            if answer.status not in (404, 429):  # 429: nginx's limit on the route
                raise RuntimeError(f"the play route answered {answer.status}: {text[:200]!r}")
            time.sleep(0.1)
        raise RuntimeError("no worker took the teacher's play state")


def gap_ms(tabs: list[Student]) -> str:
    """How far the tabs measured their clocks from the server's (median and largest, either
    way), and how many had timed a round trip."""
    gaps = sorted(abs(t.gap) * 1000 for t in tabs if t.gap != float("inf"))
    trips = sum(t.clock_low != float("-inf") for t in tabs)
    return (f"{percentile(gaps, 50):.1f} / {gaps[-1]:.1f} ms, {trips} of {len(tabs)} by a "
            f"round trip" if gaps else "nothing")


def broken(tabs: list[Student]) -> str:
    """The tabs that failed so far, for a row's note."""
    errors = [t.error for t in tabs if t.error]
    return f"; {len(errors)} tabs broke, the first: {errors[0]!r}" if errors else ""


def measure(students: int = 60, idle_seconds: float = 20.0, workers: int = 1,
            redis: bool = False) -> list[dict]:
    """One server, or `workers` servers behind nginx (make serve-class) sharing the store
    (an SQLite file, or with `redis` the redis-server that serve_class starts)."""
    rows = []
    where = "one server" if workers == 1 else f"{workers} workers behind nginx" + (
        " on redis-server" if redis else "")
    with tempfile.TemporaryDirectory() as folder:
        store_url = f"sqlite://{Path(folder) / 'classes.sqlite3'}"
        env = {"LINREG_STORE": store_url}
        server = Server(extra_env=env) if workers == 1 else ServedClass(
            workers, extra_env=env, redis=redis)
        if redis:
            store_url = server.store_url()
        stop, answer, streams = threading.Event(), threading.Event(), Streams()
        try:
            # the teacher's changes, as the teacher's page makes them
            room = Classroom(open_store(store_url))
            code, key = room.start(SETUP, "en")
            teacher = Teacher(server.url, code, key, room)
            arrivals = random.Random(students)
            hold = threading.Event()
            streams.start()
            tabs = [Student(server.url, code, k + 1, stop, answer,
                            ARRIVE_SECONDS * arrivals.random(), hold, streams)
                    for k in range(students)]
            began = time.monotonic()
            for t in tabs:
                t.start()
            while time.monotonic() - began < JOIN_SECONDS + 60 and not all(
                    t.ready.is_set() for t in tabs):
                time.sleep(0.1)
            joined = room.board(code, key)["joined"]
            last = max((t.joined - began for t in tabs if t.joined), default=float("nan"))
            rows.append(dict(name=f"class on {where}: students joined by their links",
                             value=joined, unit="", goal=f"= {students}",
                             note=f"{sum(t.joined is not None for t in tabs)} tabs in their "
                                  f"class{broken(tabs)}"))
            rows.append(dict(
                name="  the whole class in, from the link shown", value=last, unit="s",
                goal="<= 60",
                note=f"arriving within {ARRIVE_SECONDS:g} s from one address; "
                     f"{sum(t.refused for t in tabs)} joins turned away by the limits "
                     f"(a class: {CLASS_JOIN_BURST} at once, then {CLASS_JOIN_RATE:g}/s), "
                     f"each tried again {RETRY_SECONDS:g}-{2 * RETRY_SECONDS:g} s later"))

            meter = Meter([server.pid] if workers == 1 else server.pids())
            time.sleep(3)  # the joins' reruns settle
            before, start = meter.cpu(), time.perf_counter()
            events_before = sum(t.events for t in tabs)
            time.sleep(idle_seconds)
            used = (meter.cpu() - before) / (time.perf_counter() - start)
            polls = sum(t.polls for t in tabs)
            events = sum(t.events for t in tabs) - events_before
            rows.append(dict(name=f"class of {students} sitting idle: server CPU",
                             value=used * 100, unit="% core", goal="< 10",
                             note=f"each tab keeps one stream open on the class route "
                                  f"({events} events in {idle_seconds:g} s) and reruns its "
                                  f"panel every {PUSHED_POLL_SECONDS:g} s ({polls} reruns)"))

            latencies, steps = [], []
            syncs = sum(t.syncs for t in tabs)
            # each page's fallback rerun (once a minute, counted in the idle CPU above) waits
            # while the Steps are measured: at 200 pages, 3 a second
            hold.set()
            time.sleep(1)  # reruns under way end
            # each Step's CPU is counted over a window from its send, and the class held so
            # costs the server something without Steps too (its streams' pings and
            # heartbeats, the store read every 0.1 s): a window as long follows each Step,
            # and what it costs is taken off, so that the figure is the Step's own and drift
            # over the phase falls on both alike
            with meter.apart():  # the tabs' reading off the server's core
                windows = Windows(meter)
                for k in range(TEACHER_STEPS):
                    epoch = 23 * (k + 1)  # within the run's 1000 epochs
                    windows.open()
                    sent = time.perf_counter()
                    teacher.tell(epoch, False)
                    deadline = time.monotonic() + 15
                    while time.monotonic() < deadline and not all(
                            epoch in t.seen for t in tabs if t.error is None):
                        time.sleep(0.005)
                    these = [t.seen[epoch] - sent for t in tabs if epoch in t.seen]
                    latencies += these
                    steps.append(max(these, default=float("nan")))
                    missed = sum(1 for t in tabs if t.error is None and epoch not in t.seen)
                    if missed:
                        latencies += [float("inf")] * missed
                    windows.close_step()
                step_cpu = windows.step()
            hold.clear()
            syncs = sum(t.syncs for t in tabs) - syncs
            finite = [x for x in latencies if x != float("inf")]
            rows.append(dict(
                name="a teacher's Step on every student's page, p95", unit="s",
                goal="<= 0.3" if students <= 60 else "<= 0.5",
                value=percentile(latencies, 95),
                note=f"to each tab's socket; median {percentile(finite, 50):.3f} s, max "
                     f"{max(latencies):.2f} s, {len(latencies) - len(finite)} missed; the last "
                     f"page of each of the {len(steps)} Steps: median "
                     f"{percentile(steps, 50):.3f} s, the slowest {max(steps):.3f} s; "
                     f"{syncs} reruns of the students' pages meanwhile{broken(tabs)}"))
            rows.append(dict(
                name="the server's CPU for one teacher's Step", unit="ms", goal="",
                value=step_cpu * 1000,
                note=f"{students} students, their fallback reruns held meanwhile; each of "
                     f"{TEACHER_STEPS} Steps over {STEP_WINDOW_SECONDS:g} s "
                     f"less {STEP_WINDOW_SECONDS:g} s without a Step after it "
                     f"({windows.quiet_rate() * 1000:.1f} ms/s), the server on one core and the "
                     f"tabs on the other; on loopback a write's kernel time holds the page's "
                     f"receiving of it too; goal: at 200 at most 2 x "
                     f"that at 10 (a Step's answer is read once per server, framed once and "
                     f"written to each page)"))

            # the teacher plays: each page plays on its own clock from the class's answer;
            # the teacher's player from the click (the bench's clock, the pages' too) to the
            # run's end, as a page does
            start = time.time()
            played = {"epoch": 0, "playing": True, "at": start, "speed": SPEED}
            teacher.tell(0, True)
            told = time.time() - start
            time.sleep(PLAY_SECONDS)
            end = max(t.tab.player["rows"]["epoch"][-1] for t in tabs if t.tab.player)
            behind = [abs(t.epoch_now() - min(end, play_epoch(played, time.time())))
                      for t in tabs if t.error is None and t.epoch_now() is not None]
            teacher.tell(int(min(end, play_epoch(played, time.time()))), False)
            rows.append(dict(
                name=f"after {PLAY_SECONDS:g} s of the teacher playing: the farthest page",
                unit="epochs", goal="<= 3", value=max(behind, default=float("nan")),
                note=f"{len(behind)} of {students} pages playing along at {SPEED} epochs/s, "
                     f"the nearest {min(behind, default=float('nan')):.1f} epochs from the "
                     f"teacher; the teacher's Play answered in {told:.2f} s; the pages' "
                     f"clocks as measured, off by {gap_ms(tabs)} (on one "
                     f"machine the truth is 0){broken(tabs)}"))

            # a question the player answers (a click on the cost plot), asked of the class
            # that is there: its pages learn of it through the route, as for a Step
            room.ask(code, key, "where_after", {"steps": STEPS})
            here = [t for t in tabs if t.error is None]
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not all(t.place for t in here if not t.error):
                time.sleep(0.02)
            asked = sum(1 for t in here if t.place)
            answer.set()
            start, before = time.perf_counter(), meter.cpu()
            while room.board(code, key)["answered"] < asked and time.perf_counter() - start < 60:
                time.sleep(0.01)
            shown, used = time.perf_counter() - start, meter.cpu() - before
            sent = [t.answered - start for t in here if t.answered is not None]
            rows.append(dict(
                name=f"{students} answers sent at once: all in the board's data", value=shown,
                unit="s", goal="< 1",
                note=f"{room.board(code, key)['answered']} of {students}; each page sends "
                     f"the player's class_answer, as a click on its cost plot does (the last "
                     f"after {max(sent, default=float('nan')):.2f} s); {asked} pages showed "
                     f"the question; meanwhile the server's CPU {used:.1f} s, each answer a "
                     f"rerun of its page's script{broken(tabs)}"))
        finally:
            stop.set()
            streams.stop()
            server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.class_load")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle class")
    parser.add_argument("--workers", type=int, default=1,
                        help="servers: 1, or several behind nginx as make serve-class runs them")
    parser.add_argument("--redis", action="store_true",
                        help="with --workers: the class in a redis-server (make serve-class "
                             "REDIS=1)")
    args = parser.parse_args()
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be between 1 and {MAX_STUDENTS} (a class's cap)")
    if args.workers > 1 and not Path(NGINX).is_file():
        print(f"class on {args.workers} workers behind nginx: skipped, nginx not found at "
              f"{NGINX} (Debian: apt-get install -y nginx-light)")
        return
    if args.redis and args.workers < 2:
        parser.error("--redis goes with --workers 2 or more")
    if args.redis and not shutil.which("redis-server"):
        print(f"class on {args.workers} workers with redis-server: skipped, redis-server not "
              "found (Debian: apt-get install -y redis-server)")
        return
    rows = measure(args.students, args.idle, args.workers, args.redis)
    print_header(width=WIDTH)
    for row in rows:
        print_row(row, WIDTH)


if __name__ == "__main__":
    main()

"""How a page learns that its class changed, as it changes.

Streamlit's sessions cannot reach one another, so every change to a class moves its
version number (a teacher's board has its own, which joins move too). A page in a class
keeps one stream open on server.py's route, `GET /class/<signal>/events` (server-sent
events; `GET /class/<signal>?after=N`, "answer me when the version is no longer N", is the
same as a long poll). It waits here. One thread per server reads, ten times a second, the
version of each class that has someone waiting, from the store itself (so a teacher on
another worker or machine is seen too), and tells every page of that class at once when the
version moves: one write to each stream (a long poll costs an answer and a new request). A
change the teacher made through this server (`nudge`) is read at once. An idle class costs
one store read every 0.1 s and some open connections. A page served without the route
(`streamlit run app.py`, SERVED False) falls back to its fragments' timers.

What a page is told is what the class is at that version, read once per server for all its
pages (room.class_state), the same bytes for each: the teacher's play state (the epoch,
playing or not, the speed, the server's time it was told at), the run's key and the page's
key. A page following its teacher holds the class's run and moves along it by itself
(player/js/follow.js), and fetches the class's new run when the run's key moves (a new
setup; follow.py); only when the page's key moves (the mode, a question, its reveal) does the
player send `class_sync`, and the page read the class and rerun (player/js/classwatch.js).
The teacher's player tells its play state as the teacher acts (server.py's POST route), not
after its page's rerun.

Plain Python and asyncio; the server's routes (server.py) call `listen` and `hear`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable

from .room import MAX_STUDENTS, board_version, class_state, signal_name

POLL_SECONDS = 0.1  # how often a watched class's version is read from the store
HEARTBEAT_SECONDS = 20.0  # a quiet stream is told so this often (under nginx's 60 s timeout)
LINGER_SECONDS = 30.0  # a class stays watched this long after its last waiting request
MAX_WAITING = 2000  # requests waiting at once on one server; more are answered at once


class _Waiter:
    __slots__ = ("loop", "future", "after")

    def __init__(self, loop: asyncio.AbstractEventLoop, future: asyncio.Future, after: int):
        self.loop, self.future, self.after = loop, future, after


class _Stream:
    """A page's open stream of its class's answers: the latest heard, whether a quiet
    stream is to say it is there, and its wake-up."""

    __slots__ = ("loop", "event", "heard", "beat")

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop, self.event, self.heard, self.beat = loop, asyncio.Event(), None, False


def _deliver(futures: list, streams: list, heard: tuple[int, bytes] | None) -> None:
    """In the event loop: one call for all of a class's pages waiting there (`heard` None:
    the streams' heartbeat)."""
    for future in futures:
        if not future.done():
            future.set_result(heard)
    for stream in streams:
        if heard is None:
            stream.beat = True
        else:
            stream.heard = heard
        stream.event.set()


def _body(state: dict) -> bytes:
    return json.dumps(state, separators=(",", ":")).encode()


class Signals:
    """The classes pages of this server are in, and the requests waiting for their next
    version. `version_of(code)` reads a version from the store, `state_of(code)` what the
    class is at its version (a dict with "version"); they are called from this object's own
    thread only. Without `state_of`, an answer is the version alone."""

    def __init__(self, version_of: Callable[[str], int] | None = None,
                 board_version_of: Callable[[str], int] | None = None,
                 state_of: Callable[[str], dict] | None = None,
                 every: float = POLL_SECONDS, linger: float = LINGER_SECONDS):
        self._version_of = version_of
        self._board_version_of = board_version_of
        self._state_of = state_of
        self.every, self.linger = every, linger
        self._codes: dict[str, tuple[str, bool]] = {}  # signal -> (code, for a board)
        self._waiting: dict[str, list[_Waiter]] = {}
        self._streams: dict[str, set[_Stream]] = {}
        self._watched_until: dict[str, float] = {}
        self._heard: dict[str, tuple[int, bytes]] = {}  # as last read, for watched classes
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.reads = 0  # store reads so far, for tests and the curious

    def register(self, code: str, board: bool = False) -> str:
        """A page here is in class `code`: requests may wait for it under its signal name
        (a hash: the name in a URL does not give the code away). A teacher's board waits on
        the board's version, which moves with joins too."""
        signal = signal_name(f"{code}|board" if board else code)
        self._codes[signal] = (code, board)
        return signal

    def knows(self, signal: str) -> bool:
        """Whether a page of this server is in the class of that signal name."""
        return signal in self._codes

    def code_of(self, signal: str) -> str | None:
        """The class a signal name stands for, when a page of this server is in it."""
        code, board = self._codes.get(signal, (None, True))
        return None if board else code

    def nudge(self) -> None:
        """A teacher has just changed a class here: read the watched ones now, not within 0.1 s."""
        self._wake.set()

    @property
    def watching(self) -> bool:
        """Whether the thread that reads the store runs (it ends when nobody waits)."""
        return self._thread is not None and self._thread.is_alive()

    def waiting(self) -> int:
        """Requests and streams waiting for a class's next version on this server."""
        with self._lock:
            return self._count()

    def _count(self) -> int:
        return (sum(len(w) for w in self._waiting.values())
                + sum(len(s) for s in self._streams.values()))

    async def wait(self, signal: str, after: int, timeout: float) -> int | None:
        """The class's version once it is not `after` (or, after `timeout` seconds, the
        version as last read); None when no page of this server is in that class."""
        heard = await self.hear(signal, after, timeout)
        return None if heard is None else heard[0]

    async def hear(self, signal: str, after: int, timeout: float) -> tuple[int, bytes] | None:
        """What the class is (its version, and the answer's JSON, the same bytes for every
        page) once its version is not `after`, or after `timeout` seconds as last read; at
        once when a newer version was read already. None when no page of this server is in
        that class."""
        if signal not in self._codes:
            return None
        loop = asyncio.get_running_loop()
        waiter = _Waiter(loop, loop.create_future(), after)
        with self._lock:
            known = self._heard.get(signal)
            if known is not None and known[0] > after:
                self._watched_until[signal] = time.monotonic() + timeout + self.linger
                return known  # a page behind: it learns the newer version now
            if self._count() >= MAX_WAITING:
                return known or (after, _body({"version": after}))  # asked again later
            self._waiting.setdefault(signal, []).append(waiter)
            self._watched_until[signal] = time.monotonic() + timeout + self.linger
            self._start()
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            return self._heard.get(signal) or (after, _body({"version": after}))
        finally:
            with self._lock:
                waiters = self._waiting.get(signal, [])
                if waiter in waiters:
                    waiters.remove(waiter)

    async def listen(self, signal: str, after: int) -> AsyncIterator[tuple[int, bytes] | None]:
        """The class's answers as its version moves, for as long as the page listens: each
        version once, from the first that is not `after` (at once when one was read
        already); None every HEARTBEAT_SECONDS. Nothing when no page of this server is in
        that class. A stream costs one write a change, where a long poll costs an answer and
        a new request."""
        if signal not in self._codes:
            return
        stream = _Stream(asyncio.get_running_loop())
        with self._lock:
            if self._count() >= MAX_WAITING:
                return
            self._streams.setdefault(signal, set()).add(stream)
            known = self._heard.get(signal)
            if known is not None:
                stream.heard = known
                stream.event.set()
            self._start()
        last = after
        try:
            while True:
                await stream.event.wait()
                stream.event.clear()
                heard = stream.heard
                if heard is not None and heard[0] != last:
                    last = heard[0]
                    yield heard
                elif stream.beat:
                    stream.beat = False
                    yield None
        finally:
            with self._lock:
                self._streams.get(signal, set()).discard(stream)
                if not self._streams.get(signal):
                    self._streams.pop(signal, None)
                    self._watched_until[signal] = time.monotonic() + self.linger

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._watch, name="linreg-class-signals",
                                            daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        read, read_board, state_of = self._version_of, self._board_version_of, self._state_of
        if read is None:
            from .store import open_store

            store = open_store()
            read = store.version
            read_board = read_board or (lambda code: board_version(store, code))
            state_of = state_of or (lambda code: class_state(store, code))
        read_board = read_board or read
        beat_at = time.monotonic() + HEARTBEAT_SECONDS
        while True:
            self._wake.wait(self.every)
            self._wake.clear()  # a nudge from now on reads again
            now = time.monotonic()
            with self._lock:
                for s in [s for s, until in self._watched_until.items() if until <= now]:
                    if s not in self._streams:
                        del self._watched_until[s]
                        self._heard.pop(s, None)
                watched = set(self._streams) | set(self._watched_until)
                if not watched:
                    self._thread = None
                    return
                beating = []
                if now >= beat_at:
                    beat_at = now + HEARTBEAT_SECONDS
                    beating = [s for streams in self._streams.values() for s in streams]
            self._tell([], beating, None)
            for signal in watched:
                code, board = self._codes[signal]
                try:
                    heard = self._read(code, board, read, read_board, state_of,
                                       self._heard.get(signal))
                except Exception:  # noqa: BLE001 - a store that failed: the next read may not
                    continue
                self.reads += 1
                version = heard[0]
                with self._lock:
                    moved = self._heard.get(signal) != heard
                    self._heard[signal] = heard
                    waiters = self._waiting.get(signal, [])
                    ready = [w for w in waiters if w.after != version]
                    self._waiting[signal] = [w for w in waiters if w.after == version]
                    streams = list(self._streams.get(signal, ())) if moved else []
                self._tell(ready, streams, heard)

    @staticmethod
    def _tell(waiters: list[_Waiter], streams: list[_Stream], heard) -> None:
        """One call into each event loop for all its pages."""
        loops: dict = {}
        for w in waiters:
            loops.setdefault(w.loop, ([], []))[0].append(w.future)
        for stream in streams:
            loops.setdefault(stream.loop, ([], []))[1].append(stream)
        for loop, (futures, these) in loops.items():
            # a loop that has closed has nobody left to tell
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_deliver, futures, these, heard)

    @staticmethod
    def _read(code, board, read, read_board, state_of, before) -> tuple[int, bytes]:
        """The class's version and answer; the class itself is read only when its version
        moved since `before` (an idle class costs one version read)."""
        version = (read_board if board else read)(code)
        if before is not None and before[0] == version:
            return before
        if board:  # the class's version and its students, which the teacher's page tells
            number, joined = divmod(version, MAX_STUDENTS + 1)  # apart from its own changes
            return version, _body({"version": version, "class": number, "joined": joined})
        if state_of is None:
            return version, _body({"version": version})
        state = state_of(code)
        return state["version"], _body(state)


SIGNALS = Signals()  # one per server process
SERVED = False  # set by server.py, which answers /class/<signal>: pages may long-poll there

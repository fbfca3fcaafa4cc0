"""How a page learns that its class changed, as it changes: a long poll.

Streamlit's sessions cannot reach one another, so every change to a class moves its
version number (a teacher's board has its own, which joins move too). A page in a class
keeps one request open, `GET /class/<signal>?after=N` on server.py's route: "answer me when
the version is no longer N". The request waits here. One thread per server reads, ten times
a second, the version of each class that has someone waiting, from the store itself (so a
teacher on another worker or machine is seen too), and answers every waiting request of
that class at once when the version moves, or after the route's WAIT_SECONDS unchanged; a
change the teacher made through this server (`nudge`) is read at once. An idle class costs one store
read every 0.1 s and some open connections, instead of a request per page every half
second. A page served without the route (`streamlit run app.py`, SERVED False) falls back
to its fragments' timers.

The answer is what the class is at that version, read once per server for all its pages
(room.class_state), the same bytes for each: the teacher's play state (the epoch, playing
or not, the speed, the server's time it was told at), the run's key and the page's key. A
page following its teacher holds the class's run and moves along it by itself
(player/js/follow.js); only when the page's key moves (the mode, a question, its reveal,
the count of answers) or the run's (a new setup) does the player send `class_sync`, and the
page read the class and rerun (player/js/classwatch.js). The teacher's player tells its
play state as the teacher acts (server.py's POST route), not after its page's rerun.

Plain Python and asyncio; the server's route (server.py) calls `hear`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable

from .room import MAX_STUDENTS, board_version, class_state, signal_name

POLL_SECONDS = 0.1  # how often a watched class's version is read from the store
LINGER_SECONDS = 30.0  # a class stays watched this long after its last waiting request
MAX_WAITING = 2000  # requests waiting at once on one server; more are answered at once


class _Waiter:
    __slots__ = ("loop", "future", "after")

    def __init__(self, loop: asyncio.AbstractEventLoop, future: asyncio.Future, after: int):
        self.loop, self.future, self.after = loop, future, after


def _resolve(future: asyncio.Future, heard: tuple[int, bytes]) -> None:
    if not future.done():
        future.set_result(heard)


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
        with self._lock:
            return sum(len(w) for w in self._waiting.values())

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
            if sum(len(w) for w in self._waiting.values()) >= MAX_WAITING:
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
        while True:
            self._wake.wait(self.every)
            self._wake.clear()  # a nudge from now on reads again
            now = time.monotonic()
            with self._lock:
                watched = [s for s, until in self._watched_until.items() if until > now]
                for s in [s for s, until in self._watched_until.items() if until <= now]:
                    del self._watched_until[s]
                    self._heard.pop(s, None)
                if not watched and not self._watched_until:
                    self._thread = None
                    return
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
                    self._heard[signal] = heard
                    waiters = self._waiting.get(signal, [])
                    ready = [w for w in waiters if w.after != version]
                    self._waiting[signal] = [w for w in waiters if w.after == version]
                for w in ready:
                    w.loop.call_soon_threadsafe(_resolve, w.future, heard)

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

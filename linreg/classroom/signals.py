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

A class's signals are random, kept in its record (room.new_signals), and registered here by
the pages given them; when the class ends (or expires) its streams hear version 0 last and
its signals are dropped.

Plain Python and asyncio; the server's routes (server.py) call `listen` and `hear`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import types
from collections.abc import Awaitable, Callable

from .room import MAX_STUDENTS, board_version, class_state

POLL_SECONDS = 0.1  # how often a watched class's version is read from the store
HEARTBEAT_SECONDS = 20.0  # a quiet stream is told so this often (under nginx's 60 s timeout)
LINGER_SECONDS = 30.0  # a class stays watched this long after its last waiting request
# Requests and streams waiting at once on one server; past it the route answers 503 and the
# page backs off (player/js/classwatch.js). deploy/README.md sizes it with nginx's limits.
MAX_WAITING = 2000
# ... and from one client (room.client_address): a whole class of 200 behind one school's
# address, each page with a stream and some reconnecting, fits 2.5 times over, while one
# address alone cannot hold more than a quarter of the server's waits
MAX_WAITING_PER_CLIENT = MAX_WAITING // 4
ENDED = {"version": 0}  # what a class that ended says, last, to its pages
FRAME_SECONDS = 0.001  # an answer framed for many pages is framed again after this (its clock)


class Busy(Exception):
    """Too many waits: on this server (MAX_WAITING), or from this client."""


class _Waiter:
    __slots__ = ("loop", "future", "after", "client")

    def __init__(self, loop: asyncio.AbstractEventLoop, future: asyncio.Future, after: int,
                 client: str):
        self.loop, self.future, self.after, self.client = loop, future, after, client


class _Stream:
    """A page's open stream of its class's answers: how to write to it and how an answer is
    framed, the version it was last given, and a write still waiting for a slow page with
    the latest answer to write after it."""

    __slots__ = ("loop", "send", "frame", "told", "pending", "queued", "ended", "write_now")

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Callable[[bytes], Awaitable],
                 frame: Callable[[tuple[int, bytes] | None], bytes], told: int,
                 write_now: Callable[[bytes], bool] | None = None):
        self.loop, self.send, self.frame, self.told = loop, send, frame, told
        self.write_now = write_now  # the page's connection written at once, when it can be
        self.pending: asyncio.Task | None = None
        self.queued: bytes | None = None
        self.ended = loop.create_future()  # done once the class's end has been written


def _deliver(futures: list, streams: list, heard: tuple[int, bytes] | None) -> None:
    """In the event loop: one call for all of a class's pages waiting there (`heard` None:
    the streams' heartbeat). Each answer is framed once for the pages written to within a
    millisecond (a frame may carry the time it is written at, which a page sets its clock
    by), and written to each page with no task of its own (a task a page cost as much as
    the write)."""
    for future in futures:
        if not future.done():
            future.set_result(heard)
    framed: dict = {}  # frame -> (its bytes, when framed)
    for stream in streams:
        if heard is not None:
            if heard[0] == stream.told:
                continue
            stream.told = heard[0]
        elif stream.pending is not None:
            continue  # a page still being written to is there: no need to say so
        now = time.monotonic()
        chunk, at = framed.get(stream.frame, (None, now))
        if chunk is None or now - at > FRAME_SECONDS:
            chunk, at = framed[stream.frame] = stream.frame(heard), now
        _write(stream, chunk)
        if heard is not None and not heard[0]:
            _ended(stream)


def _ended(stream: _Stream) -> None:
    """The class's end is written to the page (or is being written): its stream closes."""
    if stream.pending is not None:
        stream.pending.add_done_callback(lambda _: _ended(stream))
    elif not stream.ended.done():
        stream.ended.set_result(None)


def _write(stream: _Stream, chunk: bytes) -> None:
    """One write to a page, in its event loop: the page's `send` runs at once to its end,
    unless it must wait (the page reads slower than its class moves and its connection's
    buffers are full); then the rest of it runs in a task, and the page is written only the
    latest answer after it."""
    if stream.pending is not None:
        stream.queued = chunk
        return
    if stream.write_now is not None and stream.write_now(chunk):
        return
    step = stream.send(chunk)
    try:
        waits_on = step.send(None)
    except StopIteration:
        return
    except Exception:  # noqa: BLE001 - a page gone: its request ends its stream
        return
    stream.pending = stream.loop.create_task(_finish(stream, step, waits_on))


async def _finish(stream: _Stream, step, waits_on) -> None:
    try:
        await _resumed(step, waits_on)
    except Exception:  # noqa: BLE001 - as in _write
        return
    finally:
        stream.pending = None
    queued, stream.queued = stream.queued, None
    if queued is not None:
        _write(stream, queued)


@types.coroutine
def _resumed(step, waits_on):
    """The rest of a coroutine that ran until it waited on `waits_on` (a future), as a task
    runs it: the task waits on that future, then the coroutine goes on."""
    yield waits_on
    return (yield from step)


def _body(state: dict) -> bytes:
    return json.dumps(state, separators=(",", ":")).encode()


class Signals:
    """The classes pages of this server are in, and the requests waiting for their next
    version. `version_of(code)` reads a version from the store, `state_of(code)` what the
    class is at its version (a dict with "version"); they are called from this object's own
    thread, and to learn whether a class not watched yet still is. Without `state_of`, an
    answer is the version alone."""

    def __init__(self, version_of: Callable[[str], int] | None = None,
                 board_version_of: Callable[[str], int] | None = None,
                 state_of: Callable[[str], dict] | None = None,
                 every: float = POLL_SECONDS, linger: float = LINGER_SECONDS):
        self._readers = (version_of, board_version_of, state_of) if version_of else None
        self.every, self.linger = every, linger
        self._codes: dict[str, tuple[str, bool]] = {}  # signal -> (code, for a board)
        self._waiting: dict[str, list[_Waiter]] = {}
        self._streams: dict[str, set[_Stream]] = {}
        self._clients: dict[str, int] = {}  # waits by client
        self._watched_until: dict[str, float] = {}
        self._heard: dict[str, tuple[int, bytes]] = {}  # as last read, for watched classes
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.reads = 0  # store reads so far, for tests and the curious

    def register(self, signal: str, code: str, board: bool = False) -> str:
        """A page here is in class `code`, whose record gave it `signal` (room.new_signals):
        requests may wait under that name. A teacher's board waits on the board's version,
        which moves with joins too."""
        with self._lock:
            self._codes[signal] = (code, board)
        return signal

    def knows(self, signal: str) -> bool:
        """Whether a page of this server is in the class of that signal name."""
        return signal in self._codes

    def code_of(self, signal: str) -> str | None:
        """The class a students' signal stands for, when a page of this server is in it."""
        code, board = self._codes.get(signal, (None, True))
        return None if board else code

    async def alive(self, signal: str) -> bool:
        """Whether a page here is in that class and the class has not ended: a class this
        server does not watch is read once (its signals are dropped when it has ended)."""
        known = self._codes.get(signal)
        if known is None:
            return False
        if signal in self._heard:
            return True
        read, read_board, _ = self._reading()
        try:
            version = await asyncio.get_running_loop().run_in_executor(
                None, read_board if known[1] else read, known[0])
        except Exception:  # noqa: BLE001 - a store that failed: let the page wait on
            return True
        if not version:
            self._drop(known[0])
        return bool(version)

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
        return sum(self._clients.values())

    def room_for(self, client: str) -> bool:
        """Whether one more wait from `client` would be taken (MAX_WAITING and
        MAX_WAITING_PER_CLIENT), for the route to say 503 before it starts a stream."""
        with self._lock:
            return self._room_for(client)

    def _room_for(self, client: str) -> bool:
        return (self._count() < MAX_WAITING
                and self._clients.get(client, 0) < MAX_WAITING_PER_CLIENT)

    def _hold(self, client: str, held: int) -> None:
        count = self._clients.get(client, 0) + held
        if count > 0:
            self._clients[client] = count
        else:
            self._clients.pop(client, None)

    async def wait(self, signal: str, after: int, timeout: float,
                   client: str = "local") -> int | None:
        """The class's version once it is not `after` (or, after `timeout` seconds, the
        version as last read); None when no page of this server is in that class."""
        heard = await self.hear(signal, after, timeout, client)
        return None if heard is None else heard[0]

    async def hear(self, signal: str, after: int, timeout: float,
                   client: str = "local") -> tuple[int, bytes] | None:
        """What the class is (its version, and the answer's JSON, the same bytes for every
        page) once its version is not `after`, or after `timeout` seconds as last read; at
        once when a newer version was read already. None when no page of this server is in
        that class; Busy when this server or this client has too many waits."""
        if signal not in self._codes:
            return None
        loop = asyncio.get_running_loop()
        waiter = _Waiter(loop, loop.create_future(), after, client)
        with self._lock:
            known = self._heard.get(signal)
            if known is not None and known[0] > after:
                self._watched_until[signal] = time.monotonic() + timeout + self.linger
                return known  # a page behind: it learns the newer version now
            if not self._room_for(client):
                raise Busy
            self._waiting.setdefault(signal, []).append(waiter)
            self._hold(client, 1)
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
                self._hold(client, -1)

    async def listen(self, signal: str, after: int, send: Callable[[bytes], Awaitable],
                     frame: Callable[[tuple[int, bytes] | None], bytes],
                     gone: Callable[[], Awaitable], client: str = "local",
                     write_now: Callable[[bytes], bool] | None = None) -> None:
        """Writes the class's answers to `send` as its version moves until `gone()` is done
        (the page has left) or the class has ended (version 0, written last): each version
        once, from the first that is not `after` (at once when one was read already), as
        `frame(heard)` makes it, once for all the pages of this event loop; `frame(None)`
        every HEARTBEAT_SECONDS. Returns at once when no page of this server is in that
        class, or this server or this client has too many waits (room_for). A stream costs
        one write a change, where a long poll costs an answer and a new request;
        `write_now(chunk)`, when given, writes it without `send`'s coroutines and says True,
        or says False (the page's connection is not ready) and `send` writes it."""
        if signal not in self._codes:
            return
        stream = _Stream(asyncio.get_running_loop(), send, frame, after, write_now)
        with self._lock:
            if not self._room_for(client):
                return
            self._streams.setdefault(signal, set()).add(stream)
            self._hold(client, 1)
            known = self._heard.get(signal)
            self._start()
        if known is not None:
            _deliver([], [stream], known)
        left = asyncio.ensure_future(gone())
        try:
            await asyncio.wait((left, stream.ended), return_when=asyncio.FIRST_COMPLETED)
        finally:
            left.cancel()
            with self._lock:
                self._hold(client, -1)
                self._streams.get(signal, set()).discard(stream)
                if not self._streams.get(signal):
                    self._streams.pop(signal, None)
                    if signal in self._codes:
                        self._watched_until[signal] = time.monotonic() + self.linger
            if stream.pending is not None:
                stream.pending.cancel()

    def _drop(self, code: str) -> None:
        """A class that ended (or expired): its signals go, and the route answers for them
        as for a signal it never knew. Its streams have had their last answer."""
        waiters, streams = [], []
        with self._lock:
            for signal in [s for s, (c, _) in self._codes.items() if c == code]:
                del self._codes[signal]
                self._watched_until.pop(signal, None)
                self._heard.pop(signal, None)
                waiters += self._waiting.pop(signal, [])
                streams += self._streams.get(signal, ())
        self._tell(waiters, streams, (0, _body(ENDED)))

    def _reading(self) -> tuple:
        """The store's readers: the version, the board's version, the class's state."""
        with self._lock:  # one store, whichever thread asks first
            if self._readers is None:
                from .store import open_store

                store = open_store()
                self._readers = (store.version, lambda code: board_version(store, code),
                                 lambda code: class_state(store, code))
        read, read_board, state_of = self._readers
        return read, read_board or read, state_of

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._watch, name="linreg-class-signals",
                                            daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        read, read_board, state_of = self._reading()
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
                known = self._codes.get(signal)
                if known is None:
                    continue  # its class ended meanwhile
                code, board = known
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
                if not version:  # the class ended: its pages were told, its signals go
                    self._drop(code)

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
        if not version:
            return 0, _body(ENDED)
        if board:  # the class's version and its students, which the teacher's page tells
            number, joined = divmod(version, MAX_STUDENTS + 1)  # apart from its own changes
            return version, _body({"version": version, "class": number, "joined": joined})
        if state_of is None:
            return version, _body({"version": version})
        state = state_of(code)
        return state["version"], _body(state)


SIGNALS = Signals()  # one per server process
SERVED = False  # set by server.py, which answers /class/<signal>: pages may long-poll there

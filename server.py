"""The server: the page (app.py), plus two routes of our own, where a page in a live class
waits for the class's next version (linreg/classroom/signals.py explains the wait).

    streamlit run server.py      (what `make run` does)

GET /class/<signal>/events is the stream of a class's answers a page listens to (server-sent
events), GET /class/<signal>?after=N the same as a long poll; POST /class/<signal>/play is
where the teacher's player tells its play state as the teacher acts, with the class's play
secret (room.play_secret), which only the teacher's page is given. GET
/class/<signal>/run/<run key> is a following page's new run when the teacher changed the
setup, the same bytes for every follower (linreg/classroom/follow.py). A signal never made,
one whose class ended, and one no page of this server is in all get the same 404; too many
waits (signals.MAX_WAITING, per server and per client) a 503 with Retry-After.
"""

from __future__ import annotations

import asyncio.base_events
import functools
import json
import re
import socket
import time

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from delivery import GzipAssets, early_script, first_chunks
from linreg.classroom import follow, signals
from linreg.classroom.room import Classroom, client_address
from linreg.classroom.store import StoreError, open_store
from linreg.errors import InputError
from ui.player import plotly_sources
from ui.style import ICONS


def _no_delay(sock: socket.socket) -> None:
    """Every answer leaves at once. Streamlit's listening socket is made with protocol 0, so
    asyncio's own TCP_NODELAY (which checks for IPPROTO_TCP) skips the connections it
    accepts: an answer's body, written after its headers, then waited for the browser's
    delayed ACK, 40 ms on every reused connection (the class route, the websocket)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


asyncio.base_events._set_nodelay = _no_delay

CYCLE = "linreg.cycle"  # the scope's extension that holds Uvicorn's request


def _cycle_in_scope() -> None:
    """Uvicorn's h11 request, put in its scope for a class's stream (`_written_now`)."""
    try:
        from uvicorn.protocols.http import h11_impl
    except ImportError:
        return
    made = h11_impl.RequestResponseCycle.__init__

    @functools.wraps(made)
    def init(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        self.scope.setdefault("extensions", {})[CYCLE] = self

    h11_impl.RequestResponseCycle.__init__ = init


_cycle_in_scope()


def _written_now(scope):
    """A class's stream writes each answer to its page's connection itself, framed as a
    chunk of the response, where an ASGI send passed it through five middlewares' coroutines
    and h11's framing: at 200 pages that was half of a teacher's Step on the server. Only
    while the connection takes it at once (nothing buffered, not paused), else the ASGI
    send writes it; None when the server is not Uvicorn's h11 or the page's HTTP/1.0 (its
    response is not chunked)."""
    cycle = scope.get("extensions", {}).get(CYCLE)
    if (cycle is None or scope.get("http_version") != "1.1"
            or not all(hasattr(cycle, a) for a in ("transport", "flow", "disconnected"))):
        return None
    transport, flow = cycle.transport, cycle.flow

    def write(chunk: bytes) -> bool:
        if cycle.disconnected or transport.is_closing():
            return True  # gone: as the ASGI send, nothing to write
        if flow.write_paused or transport.get_write_buffer_size():
            return False
        transport.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        return True

    return write

def _open_files(wanted: int) -> None:
    """Each wait on the class route holds a connection, a descriptor, beside its page's
    websocket: the soft limit (often 1024) goes up to `wanted`, within the hard limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


_open_files(2 * signals.MAX_WAITING + 1024)  # a stream and a websocket a page, and the rest

WAIT_SECONDS = 25.0  # under nginx's 60 s proxy_read_timeout
AFTER = re.compile(r"-?\d{1,18}")
SIGNAL = re.compile(r"[0-9a-f]{24}")
RUN = re.compile(r"[0-9a-f]{16}")
NO_STORE = {"Cache-Control": "no-store"}
MAX_PLAY_BYTES = 1024  # a play state is a few numbers
RETRY_AFTER_SECONDS = 5  # a busy route's Retry-After: the page waits at least this, jittered


def _error(text: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status, headers={**NO_STORE,
                                                                       **(headers or {})})


def _unknown() -> JSONResponse:
    """The one answer for a signal that never was, whose class ended, or that no page of
    this server registered: alike, so the route tells nobody which classes exist."""
    return _error("no such class here", 404)


def _busy() -> JSONResponse:
    """Too many waits on this server or from this client (signals.MAX_WAITING): the page
    backs off and asks again (player/js/classwatch.js)."""
    return _error("busy", 503, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _client(request) -> str:
    """Whom the waits count (room.client_address): the connection's address, loopback as
    Streamlit's st.context gives it (None), and nginx's X-Real-IP from the proxy only."""
    peer = request.client.host if request.client else None
    return client_address(None if peer in ("127.0.0.1", "::1") else peer,
                          request.headers.get("x-real-ip"))


async def class_version(request):
    signal = request.path_params["signal"]
    after = request.query_params.get("after", "-1")
    if not SIGNAL.fullmatch(signal) or not AFTER.fullmatch(after):
        return _error("bad request", 400)
    if not await signals.SIGNALS.alive(signal):
        return _unknown()
    try:
        heard = await signals.SIGNALS.hear(signal, int(after), WAIT_SECONDS, _client(request))
    except signals.Busy:
        return _busy()
    if heard is None:
        return _unknown()
    return Response(_stamped(heard[1]), media_type="application/json", headers=NO_STORE)


def _stamped(body: bytes) -> bytes:
    """The class as read once for all its pages, with this server's clock, which a page
    playing along with the teacher starts from."""
    return b'{"now":%.3f,' % time.time() + body[1:]


def _event(heard: tuple[int, bytes] | None) -> bytes:
    """One answer as an event, stamped as it is written to the class's pages (a page counts
    from that moment); None: a quiet stream's comment, that it is still there."""
    return b":\n\n" if heard is None else b"id: %d\ndata: %s\n\n" % (heard[0],
                                                                     _stamped(heard[1]))


class _Events(Response):
    """A class's stream of answers, written by the signals as they come (signals.py), not
    by a task of its own: a teacher's Step costs each page one write."""

    media_type = "text/event-stream"

    def __init__(self, signal: str, after: int, client: str):
        self.status_code, self.background = 200, None
        self.init_headers({**NO_STORE, "X-Accel-Buffering": "no"})  # no body, no length
        self.signal, self.after, self.client = signal, after, client

    async def __call__(self, scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": b"retry: 2000\n\n",
                    "more_body": True})

        async def write(chunk: bytes) -> None:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})

        async def gone() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        await signals.SIGNALS.listen(self.signal, self.after, write, _event, gone,
                                     self.client, _written_now(scope))
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def class_events(request):
    """The class's answers as they come, one event each, on one response for as long as the
    page is open; a page that reconnects says the last version it heard (Last-Event-ID)."""
    signal = request.path_params["signal"]
    after = request.headers.get("last-event-id") or request.query_params.get("after", "-1")
    if not SIGNAL.fullmatch(signal) or not AFTER.fullmatch(after):
        return _error("bad request", 400)
    if not await signals.SIGNALS.alive(signal):
        return _unknown()
    client = _client(request)
    if not signals.SIGNALS.room_for(client):
        return _busy()
    return _Events(signal, int(after), client)


@functools.cache
def _room() -> Classroom:
    return Classroom(open_store(), nudge=signals.SIGNALS.nudge)


async def class_play(request):
    """The teacher's player: where it stands, as the teacher acts."""
    arrived = _room().now()  # a playing class counts from here, not from its store's write
    code = signals.SIGNALS.code_of(request.path_params["signal"])
    if code is None:
        return _unknown()
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_PLAY_BYTES:
            return _error("bad request", 413)
    try:
        message = json.loads(raw)
        secret = message.get("secret")
    except (ValueError, AttributeError):
        return _error("bad request", 400)
    try:
        version = await run_in_threadpool(_room().set_play, code, secret, message, arrived)
    except StoreError:
        return _error("the class store cannot be reached", 503)
    except InputError as error:
        status = {"class_not_teacher": 403, "class_gone": 404}.get(error.code, 409)
        return _error(error.code, status)
    return JSONResponse({"version": version}, headers=NO_STORE)


async def class_clock(request):
    """This server's clock, at once: a page times the round trip to set its own by it
    (player/js/serverclock.js). For a live class a page of this server is in; the time is
    no secret, but a stranger gets the one answer for what is not here."""
    signal = request.path_params["signal"]
    if not SIGNAL.fullmatch(signal) or not await signals.SIGNALS.alive(signal):
        return _unknown()
    return Response(b'{"now":%.4f}' % time.time(), media_type="application/json",
                    headers=NO_STORE)


async def class_run(request):
    """The class's run for a page following it, after the teacher changed the setup: built
    and gzipped once, kept by the browser under its ETag; 404 unless it is the class's run
    now and the page was given its pass here."""
    signal, run = request.path_params["signal"], request.path_params["run"]
    code = signals.SIGNALS.code_of(signal) if SIGNAL.fullmatch(signal) else None
    if code is None or not RUN.fullmatch(run):
        return _unknown()
    try:
        payload = await run_in_threadpool(follow.served, _room().store, code, run,
                                          request.query_params)
    except StoreError:
        return _error("the class store cannot be reached", 503)
    if payload is None:
        return _unknown()
    status, body, headers = payload.answer(request.headers.get("accept-encoding", ""),
                                           request.headers.get("if-none-match", ""))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


signals.SERVED = True
app = st.App("app.py", routes=[Route("/class/{signal}", class_version, methods=["GET"]),
                               Route("/class/{signal}/events", class_events, methods=["GET"]),
                               Route("/class/{signal}/play", class_play, methods=["POST"]),
                               Route("/class/{signal}/clock", class_clock, methods=["GET"]),
                               Route("/class/{signal}/run/{run}", class_run, methods=["GET"])],
             middleware=[Middleware(GzipAssets,
                                    head=early_script(plotly_sources()["plot2d"]) + first_chunks()
                                    + f"<style>{ICONS}</style>")])

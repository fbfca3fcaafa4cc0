"""The server: the page (app.py), plus two routes of our own, where a page in a live class
waits for the class's next version (linreg/classroom/signals.py explains the wait).

    streamlit run server.py      (what `make run` does)

GET /class/<signal>/events is the stream of a class's answers a page listens to (server-sent
events), GET /class/<signal>?after=N the same as a long poll; POST /class/<signal>/play is
where the teacher's player tells its play state as the teacher acts, with the class's play
secret (room.play_secret), which only the teacher's page is given. GET
/class/<signal>/run/<run key> is a following page's new run when the teacher changed the
setup, the same bytes for every follower (linreg/classroom/follow.py).
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
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from delivery import GzipAssets, preload
from linreg.classroom import follow, signals
from linreg.classroom.room import Classroom
from linreg.classroom.store import StoreError, open_store
from linreg.errors import InputError
from ui.player import plotly_sources


def _no_delay(sock: socket.socket) -> None:
    """Every answer leaves at once. Streamlit's listening socket is made with protocol 0, so
    asyncio's own TCP_NODELAY (which checks for IPPROTO_TCP) skips the connections it
    accepts: an answer's body, written after its headers, then waited for the browser's
    delayed ACK, 40 ms on every reused connection (the class route, the websocket)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


asyncio.base_events._set_nodelay = _no_delay

WAIT_SECONDS = 25.0  # under nginx's 60 s proxy_read_timeout
AFTER = re.compile(r"-?\d{1,18}")
SIGNAL = re.compile(r"[0-9a-f]{24}")
RUN = re.compile(r"[0-9a-f]{16}")
NO_STORE = {"Cache-Control": "no-store"}
MAX_PLAY_BYTES = 1024  # a play state is a few numbers


def _error(text: str, status: int) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status, headers=NO_STORE)


async def class_version(request):
    signal = request.path_params["signal"]
    after = request.query_params.get("after", "-1")
    if not SIGNAL.fullmatch(signal) or not AFTER.fullmatch(after):
        return _error("bad request", 400)
    heard = await signals.SIGNALS.hear(signal, int(after), WAIT_SECONDS)
    if heard is None:
        return _error("no page of this server is in that class", 404)
    return Response(_stamped(heard[1]), media_type="application/json", headers=NO_STORE)


def _stamped(body: bytes) -> bytes:
    """The class as read once for all its pages, with this server's clock, which a page
    playing along with the teacher starts from."""
    return b'{"now":%.3f,' % time.time() + body[1:]


def _event(heard: tuple[int, bytes]) -> bytes:
    """One answer as an event, stamped as it is written (a page counts from that moment)."""
    return b"id: %d\ndata: %s\n\n" % (heard[0], _stamped(heard[1]))


async def class_events(request):
    """The class's answers as they come, one event each, on one response for as long as the
    page is open; a page that reconnects says the last version it heard (Last-Event-ID)."""
    signal = request.path_params["signal"]
    after = request.headers.get("last-event-id") or request.query_params.get("after", "-1")
    if not SIGNAL.fullmatch(signal) or not AFTER.fullmatch(after):
        return _error("bad request", 400)
    if not signals.SIGNALS.knows(signal):
        return _error("no page of this server is in that class", 404)

    async def events():
        yield b"retry: 2000\n\n"
        async for heard in signals.SIGNALS.listen(signal, int(after)):
            yield b":\n\n" if heard is None else _event(heard)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={**NO_STORE, "X-Accel-Buffering": "no"})


@functools.cache
def _room() -> Classroom:
    return Classroom(open_store(), nudge=signals.SIGNALS.nudge)


async def class_play(request):
    """The teacher's player: where it stands, as the teacher acts."""
    code = signals.SIGNALS.code_of(request.path_params["signal"])
    if code is None:
        return _error("no page of this server is in that class", 404)
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
        version = await run_in_threadpool(_room().set_play, code, secret, message)
    except StoreError:
        return _error("the class store cannot be reached", 503)
    except InputError as error:
        status = {"class_not_teacher": 403, "class_gone": 404}.get(error.code, 409)
        return _error(error.code, status)
    return JSONResponse({"version": version}, headers=NO_STORE)


async def class_run(request):
    """The class's run for a page following it, after the teacher changed the setup: built
    and gzipped once, kept by the browser under its ETag; 404 unless it is the class's run
    now and the page was given its pass here."""
    signal, run = request.path_params["signal"], request.path_params["run"]
    code = signals.SIGNALS.code_of(signal) if SIGNAL.fullmatch(signal) else None
    if code is None or not RUN.fullmatch(run):
        return _error("no page of this server is in that class", 404)
    try:
        payload = await run_in_threadpool(follow.served, _room().store, code, run,
                                          request.query_params)
    except StoreError:
        return _error("the class store cannot be reached", 503)
    if payload is None:
        return _error("no page of this server is in that class", 404)
    status, body, headers = payload.answer(request.headers.get("accept-encoding", ""),
                                           request.headers.get("if-none-match", ""))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


signals.SERVED = True
app = st.App("app.py", routes=[Route("/class/{signal}", class_version, methods=["GET"]),
                               Route("/class/{signal}/events", class_events, methods=["GET"]),
                               Route("/class/{signal}/play", class_play, methods=["POST"]),
                               Route("/class/{signal}/run/{run}", class_run, methods=["GET"])],
             middleware=[Middleware(GzipAssets,
                                    head=preload(plotly_sources()["plot2d"]))])

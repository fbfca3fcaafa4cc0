"""A browser tab without the browser: Streamlit's websocket protocol, enough for the player.

What a browser does, as read from the installed Streamlit (1.67) and its frontend bundle:

- It opens ws://HOST/_stcore/stream with the subprotocol list "streamlit[, xsrf token]" and
  an Origin header. The server checks only that the Origin matches the Host; the XSRF
  token matters only for login cookies, which this page has none of.
- Each run is a BackMsg `rerun_script` (a ClientState: the query string, the widget
  states, the fragment to rerun, the hashes of the messages it has cached). The first run
  of a tab is one with no widget states.
- The server answers with ForwardMsgs: `new_session` (once per run), `delta`s (elements;
  those inside a fragment carry its id) and at last `script_finished`.
- A v2 component's data is the `json` (or `mixed.json`, or JSON as `bytes`, as the player's
  is sent) of the `bidi_component` element.
- The component's setTriggerValue(event, value) sets one widget, whose id is
  "$$STREAMLIT_INTERNAL_KEY_" + element id + "__events", to `json_trigger_value` =
  JSON of [{"event": event, "value": value}], and the browser sends it with the fragment
  id of the element (the player is inside @st.fragment, so Step reruns only that).
- It answers the server's websocket pings at any time, between runs too: uvicorn closes a
  websocket whose ping goes unanswered (server.websocketPingInterval, 30 s, then as long).
- Big cacheable elements it has seen are sent again as a bare `ref_hash` when the browser
  listed them in `cached_message_hashes`; a browser forgets them after a few runs.

Unlike a browser, this client sends only the trigger widget, not every widget's value: the
server keeps the last value of widgets it is not told about, so the page behaves the same.
"""

from __future__ import annotations

import contextlib
import json
import select
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

TRIGGER_PREFIX = "$$STREAMLIT_INTERNAL_KEY"  # then "_", the element id, "__events"
TRIGGER_SUFFIX = "__events"
PLAYER_KEY = "player"

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(Exception):
    """The server said something this client cannot follow, or hung up."""


class PageError(Exception):
    """The script failed: the page shows an exception or a compile error."""


class ReplyTimeout(Exception):
    """No end of the run in time: a measurement (an overloaded server), not a bug."""


@dataclass
class Reply:
    seconds: float  # from sending the BackMsg to its run's script_finished
    status: int
    player: dict | None  # the player's data, when this run drew the player
    messages: int = 0
    received_bytes: int = 0


@dataclass
class _Cached:
    raw: bytes
    run: int  # the run count when last seen
    fragment_id: str


@dataclass
class Session:
    """One tab of the page. Not thread safe: one thread or greenlet drives one session. It
    starts no threads of its own, so under Locust (gevent's patched sockets) a wait for the
    server yields to the other users, and killing the greenlet ends the wait."""

    base_url: str  # http://127.0.0.1:PORT
    query: str = ""  # the link's query string, without "?"
    timeout: float = 60.0  # for the connection and for each run
    locale: str = "en-US"
    headers: tuple[str, ...] = ()  # more headers of the websocket's request ("Name: value")
    player: dict | None = None  # the player's latest data
    player_id: str = ""  # the component's element id
    fragment_id: str = ""  # the fragment the player lives in
    session_id: str = ""
    fragments: set = field(default_factory=set)  # every fragment that drew something
    _ws: websocket.WebSocket | None = field(default=None, repr=False)
    _cache: dict[str, _Cached] = field(default_factory=dict, repr=False)
    _runs: int = 0
    _max_age: int = 2
    _early: list = field(default_factory=list, repr=False)  # messages read between runs

    # ---------------------------------------------------------------- connection
    def connect(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {self.base_url}")
        scheme = "wss" if parts.scheme == "https" else "ws"
        path = parts.path.rstrip("/") + "/_stcore/stream"
        try:
            self._ws = websocket.create_connection(
                f"{scheme}://{parts.netloc}{path}", timeout=self.timeout,
                subprotocols=["streamlit"], origin=f"{parts.scheme}://{parts.netloc}",
                header=list(self.headers), enable_multithread=False)
        except (OSError, websocket.WebSocketException) as error:
            raise ProtocolError(f"could not connect: {error}") from error

    def close(self) -> None:
        """Close the tab: the websocket goes away, as when a browser tab is closed."""
        if self._ws is not None:
            # already gone is fine: closing is all we wanted
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self._ws.close(timeout=1)
            self._ws = None

    def keep_alive(self) -> None:
        """Between runs, what a browser does by itself: answer the server's pings. A message
        that came meanwhile is kept for the next run to read."""
        if self._ws is not None:
            self._ws.settimeout(self.timeout)  # a frame begun is read to its end
        while self._ws is not None and select.select([self._ws.sock], [], [], 0)[0]:
            try:
                opcode, frame = self._ws.recv_data_frame(True)
            except (OSError, websocket.WebSocketException) as error:
                raise ProtocolError(f"the connection broke: {error!r}") from error
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ProtocolError("the server closed the connection")
            if opcode == websocket.ABNF.OPCODE_BINARY:
                self._early.append(frame.data)

    def __enter__(self) -> Session:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- what a user does
    def load(self) -> Reply:
        """The first run of the page, as when the tab opens."""
        return self._run(widgets=[], fragment_id="")

    def act(self, name: str, epoch: int | None = None, token: int | None = None,
            wait: bool = True, **extra) -> Reply | None:
        """A player action (step, step10, play, pause, more, finished, run_end, reset), sent
        the way the player's JavaScript sends it: with the epoch on screen and the token of
        the playback it answers. Without `wait`, only sends it: for a tab about to close
        (a later run would read this one's answer)."""
        if self.player is None or not self.player_id:
            raise ProtocolError("the player is not on the page yet")
        value = {**extra, "name": name,
                 "epoch": self.shown_epoch() if epoch is None else epoch,
                 "token": self.player.get("token") if token is None else token,
                 "figures": self.player.get("figs_key") if self.player.get("figs") else None,
                 "rows": self.player.get("rows_key")}
        widget = {"id": f"{TRIGGER_PREFIX}_{self.player_id}{TRIGGER_SUFFIX}",
                  "json_trigger_value": json.dumps([{"event": "action", "value": value}])}
        return self._run(widgets=[widget], fragment_id=self.fragment_id, wait=wait)

    def _with_figures(self, player: dict) -> dict:
        """As the player does: figures come once, and are kept by their key; so do the rows
        of a following page's run."""
        if player.get("figs") is not None:
            self._figures = (player.get("figs_key"), player["figs"])
        elif getattr(self, "_figures", (None,))[0] == player.get("figs_key"):
            player = dict(player, figs=self._figures[1])
        if player.get("rows_key") and player.get("rows") is not None:
            self._rows = (player["rows_key"], player["rows"])
        elif player.get("rows_key") and getattr(self, "_rows", (None,))[0] == player["rows_key"]:
            player = dict(player, rows=self._rows[1])
        return player

    def poll(self, fragment_id: str) -> Reply:
        """A fragment's timed rerun (st.fragment(run_every=...)), as the browser sends it."""
        return self._run(widgets=[], fragment_id=fragment_id)

    def shown_epoch(self) -> int:
        """The epoch the player would show now: where the data says it is."""
        return int(self.player["at"]) if self.player else 0

    def last_epoch(self) -> int:
        """The last epoch the server has sent rows for."""
        epochs = (self.player or {}).get("rows", {}).get("epoch") or [0]
        return int(epochs[-1])

    # ---------------------------------------------------------------- the protocol
    def _run(self, widgets: list[dict], fragment_id: str, wait: bool = True) -> Reply | None:
        if self._ws is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        state.page_name = ""
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(self._cache)
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = self.locale
        info.url = f"{self.base_url.rstrip('/')}/" + (f"?{self.query}" if self.query else "")
        info.is_embedded = False
        info.color_scheme = "light"
        for widget in widgets:
            w = state.widget_states.widgets.add()
            w.id = widget["id"]
            w.json_trigger_value = widget["json_trigger_value"]
        start = time.perf_counter()
        try:
            self._ws.send_binary(message.SerializeToString())
        except (OSError, websocket.WebSocketException) as error:
            raise ProtocolError(f"could not send: {error}") from error
        return self._until_finished(start) if wait else None

    def _until_finished(self, start: float) -> Reply:
        deadline = start + self.timeout
        player = None
        count = size = 0
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ReplyTimeout(f"no end of the run in {self.timeout:g} s")
            self._ws.settimeout(left)
            try:
                raw = self._early.pop(0) if self._early else self._ws.recv()
            except (websocket.WebSocketTimeoutException, TimeoutError) as error:
                raise ReplyTimeout(f"no end of the run in {self.timeout:g} s") from error
            except (OSError, websocket.WebSocketException) as error:
                raise ProtocolError(f"the connection broke: {error!r}") from error
            if isinstance(raw, str):
                raise ProtocolError("a text frame: Streamlit sends only binary protobufs")
            count += 1
            size += len(raw)
            msg = self._parse(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self._max_age = msg.new_session.config.max_cached_message_age or self._max_age
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "delta":
                found = self._read_delta(msg)
                if found is not None:
                    player = found
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise PageError("the script did not compile")
                if status in DONE:
                    self._forget_old(list(msg.metadata.run.fragment_ids))
                    if player is not None:
                        self.player = self._with_figures(player)
                    return Reply(time.perf_counter() - start, int(status), player, count, size)
                # FINISHED_EARLY_FOR_RERUN: st.rerun() or a newer request; the next run ends it

    def _parse(self, raw: bytes) -> ForwardMsg:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(raw)
        except Exception as error:  # protobuf's DecodeError and friends
            raise ProtocolError(f"not a ForwardMsg: {error}") from error
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"a reference to a message never cached: {msg.ref_hash}")
            cached.run = self._runs
            full = ForwardMsg()
            full.ParseFromString(cached.raw)
            full.metadata.CopyFrom(msg.metadata)  # where it goes this time
            return full
        if msg.metadata.cacheable and msg.hash:
            fragment = msg.delta.fragment_id if msg.HasField("delta") else ""
            if msg.hash in self._cache:
                self._cache[msg.hash].run = self._runs
            else:
                self._cache[msg.hash] = _Cached(raw, self._runs, fragment)
        return msg

    def _forget_old(self, fragment_ids: list[str]) -> None:
        """The browser's rule: after each run, drop cached messages unused for a while
        (a fragment's run ages only that fragment's messages)."""
        self._runs += 1
        for key, cached in list(self._cache.items()):
            if fragment_ids and cached.fragment_id not in fragment_ids:
                continue
            if self._runs - cached.run > self._max_age:
                del self._cache[key]

    def _read_delta(self, msg: ForwardMsg) -> dict | None:
        delta = msg.delta
        if delta.fragment_id:
            self.fragments.add(delta.fragment_id)
        if delta.WhichOneof("type") != "new_element":
            return None
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise PageError(f"{element.exception.type}: {element.exception.message}")
        if kind != "bidi_component":
            return None
        component = element.bidi_component
        if not component.id.endswith(f"-{PLAYER_KEY}"):
            return None
        kind = component.WhichOneof("data")
        text = {"mixed": component.mixed.json, "bytes": component.bytes}.get(kind, component.json)
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ProtocolError(f"the player's data is not JSON: {error}") from error
        if not isinstance(data, dict) or "at" not in data or "token" not in data:
            raise ProtocolError("the player's data lacks 'at' or 'token'")
        self.player_id = component.id
        self.fragment_id = delta.fragment_id
        return data

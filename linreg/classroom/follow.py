"""What a class's following pages are sent: the class's whole run, built once per server.

A page that follows its teacher holds the run from epoch 0 to its end when it is short
(lab.SHARED_FOLLOW_EPOCHS), so the teacher's Step, Play, Pause or Reset moves it in the
browser from the play state the class route answers with (player/js/follow.js), with no
rerun of its script. The frame is built once per (setup, language, theme, view) for every
follower of this server; each page adds only what is its own (the epoch it starts on, its
words, where it waits).

When the teacher changes the setup, a following page asks for the new run itself
(server.py's GET /class/<signal>/run/<run key>, answered by `served`): the run's frame
without what is a page's own, encoded and gzipped once per (setup, language, theme, view),
the same bytes for every follower; the page swaps it into its player with no rerun.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from ..frame import Frame, build, setup_line
from ..lab import SHARED_FOLLOW_EPOCHS, Lab
from ..presets import preset
from ..share import LOCKABLE, View, decode
from ..texts import LANGUAGES, texts
from .room import run_key
from .store import ClassStore

KEPT = 32  # runs kept for the followers of this server (a run is a few 100 kB)
# a page's own part of its frame, left out of the shared run: the epoch it stands on, why
# its buttons rest, where it waits, the class's question of a place
PAGE_OWN = ("at", "led_by_teacher", "watch", "class_place")
FLAGS = ("dark", "present", "show_3d", "reduced_motion")  # the view a run's figures depend on
_PASS_KEY = secrets.token_bytes(32)  # this server's own: a page asks the server that made it


class _Built:
    """What is built once per key for every page of this server, the last KEPT kept; pages
    asking for the same at once wait for one build."""

    def __init__(self) -> None:
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()
        self.building: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, make: Callable[[], object]):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            building = self.building.setdefault(key, threading.Lock())
        with building:
            with self.lock:
                if key in self.items:
                    return self.items[key]
            value = make()
            with self.lock:
                self.items[key] = value
                self.building.pop(key, None)
                while len(self.items) > KEPT:
                    self.items.popitem(last=False)
        return value


_frames = _Built()
_payloads = _Built()
_setups: OrderedDict[str, tuple[int, dict]] = OrderedDict()  # code -> (version, setup) read
_setups_lock = threading.Lock()


def held(epochs: int) -> bool:
    """Whether a following page holds a run of this many epochs (and plays it by itself)."""
    return epochs <= SHARED_FOLLOW_EPOCHS


def _key(setup: dict, view: View, dark: bool) -> tuple:
    return (run_key(setup), view.lang, dark, view.present, view.show_3d, view.reduced_motion)


def run_frame(setup: dict, words: dict, view: View, dark: bool) -> Frame | None:
    """The class's run to its end, as its following pages show it (their buttons rest, no
    questions, no gestures), in `words` (the language of `view.lang`); None when the run is
    too long to hold (those pages follow by reruns)."""
    return _frames.get(_key(setup, view, dark), lambda: _build(setup, words, view, dark))


def _build(setup: dict, words: dict, view: View, dark: bool) -> Frame | None:
    decoded = decode(setup)
    if not held(decoded.settings.epochs):
        return None
    lab = Lab(decoded.data or preset("lesson"), decoded.settings)
    lab.run_to_end()  # copied when another page of this server has trained it
    shown = View(lang=view.lang, show_3d=view.show_3d, present=view.present,
                 reduced_motion=view.reduced_motion, locks=frozenset(LOCKABLE), predict=False)
    frame = build(lab, words, shown, dark=dark, led_by_teacher=words["class_following"])
    # every row of the run, none past its end (`next` keeps the one the log's last line and
    # the step in numbers need); the page keeps them by the run's key, for its next frames
    return replace(frame, ahead=None, rows_key=run_key(setup),
                   class_setup=setup_line(lab, words))


def following(frame: Frame, epoch, led_by_teacher: str, watch: dict,
              class_place: int | None = None) -> Frame:
    """One page's frame of the class's run: standing on the teacher's `epoch` (the page
    plays on from the play state in `watch` when the teacher plays)."""
    epochs = frame.rows.epoch
    at = max(0, min(int(epoch), epochs[-1]))
    return replace(frame, at=at, led_by_teacher=led_by_teacher, watch=watch,
                   class_place=class_place)


# ---------------------------------------------------------------- a new run, fetched

@dataclass(frozen=True)
class Payload:
    """A run as every follower with one language, theme and view fetches it."""

    body: bytes  # the frame's JSON without the page's own part
    gzipped: bytes
    etag: str

    def answer(self, accept_encoding: str, if_none_match: str) -> tuple[int, bytes, dict]:
        """The HTTP answer (status, body, headers) to a browser that accepts these encodings
        and has these ETags: the browser may keep it, a run's key names one setup."""
        headers = {"ETag": self.etag, "Cache-Control": "private, max-age=3600",
                   "Vary": "Accept-Encoding"}
        if self.etag in if_none_match:
            return 304, b"", headers
        if "gzip" in accept_encoding.lower():
            return 200, self.gzipped, {**headers, "Content-Encoding": "gzip"}
        return 200, self.body, headers


def _pass(code: str) -> str:
    """What this server gives the pages that follow class `code` (never a student waiting
    to be let in), and asks of a page that fetches the class's run."""
    return hmac.new(_PASS_KEY, code.encode(), hashlib.sha256).hexdigest()[:32]


def run_query(code: str, view: View, dark: bool) -> str:
    """The query of a following page's fetch of a new run: its language, theme and view (its
    figures depend on them) and its pass."""
    flags = {"dark": dark, "present": view.present, "show_3d": view.show_3d,
             "reduced_motion": view.reduced_motion}
    return urlencode({"lang": view.lang, **{k: int(flags[k]) for k in FLAGS},
                      "pass": _pass(code)})


def _asked(code: str, query: Mapping[str, str]) -> tuple[View, bool] | None:
    """The view a fetch asks for, when it is one run_query makes for this class."""
    flags = {k: query.get(k) for k in FLAGS}
    if (query.get("lang") not in LANGUAGES or any(v not in ("0", "1") for v in flags.values())
            or not hmac.compare_digest(str(query.get("pass", "")).encode(),
                                       _pass(code).encode())):
        return None
    on = {k: v == "1" for k, v in flags.items()}
    return View(lang=query["lang"], present=on["present"], show_3d=on["show_3d"],
                reduced_motion=on["reduced_motion"]), on["dark"]


def current_setup(store: ClassStore, code: str) -> dict | None:
    """The class's setup now: one version read, the class itself read again only when its
    version moved (a class's followers ask at once)."""
    version = store.version(code)
    with _setups_lock:
        known = _setups.get(code)
    if known is not None and known[0] == version:
        return known[1]
    found = store.read(code)
    if found is None:
        return None
    doc, version = found
    with _setups_lock:
        _setups[code] = (version, doc["setup"])
        _setups.move_to_end(code)
        while len(_setups) > KEPT:
            _setups.popitem(last=False)
    return doc["setup"]


def served(store: ClassStore, code: str, run: str, query: Mapping[str, str]) -> Payload | None:
    """The class's run `run` for a page following it, when that is the class's run now and
    the query is a following page's (run_query); None otherwise, or for a run too long to
    hold. Only the class's setup is in it: no student, no answer."""
    asked = _asked(code, query)
    if asked is None:
        return None
    setup = current_setup(store, code)
    if setup is None or run_key(setup) != run:
        return None
    view, dark = asked
    return _payloads.get(_key(setup, view, dark), lambda: _payload(setup, view, dark))


def _payload(setup: dict, view: View, dark: bool) -> Payload | None:
    frame = run_frame(setup, texts(view.lang), view, dark)
    if frame is None:
        return None
    shared = {k: v for k, v in frame.message().items() if k not in PAGE_OWN}
    try:
        body = json.dumps(shared, separators=(",", ":"), allow_nan=False).encode()
    except ValueError:  # a number JSON cannot hold: the page reruns instead
        return None
    return Payload(body, gzip.compress(body, 6, mtime=0),
                   '"' + hashlib.sha256(body).hexdigest()[:32] + '"')

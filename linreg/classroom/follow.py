"""What a class's following pages are sent: the class's whole run, built once per server.

A page that follows its teacher holds the run from epoch 0 to its end when it is short
(lab.SHARED_FOLLOW_EPOCHS), so the teacher's Step, Play, Pause or Reset moves it in the
browser from the play state the class route answers with (player/js/follow.js), with no
rerun of its script. The frame is built once per (setup, language, theme, view) for every
follower of this server; each page adds only what is its own (the epoch it starts on, its
words, where it waits).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from ..frame import Frame, build
from ..lab import SHARED_FOLLOW_EPOCHS, Lab
from ..presets import preset
from ..share import LOCKABLE, View, decode
from .room import run_key

KEPT = 32  # runs' frames kept for the followers of this server (a run is a few 100 kB)

_frames: OrderedDict[tuple, Frame | None] = OrderedDict()
_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}


def held(epochs: int) -> bool:
    """Whether a following page holds a run of this many epochs (and plays it by itself)."""
    return epochs <= SHARED_FOLLOW_EPOCHS


def run_frame(setup: dict, words: dict, view: View, dark: bool) -> Frame | None:
    """The class's run to its end, as its following pages show it (their buttons rest, no
    questions, no gestures), in `words` (the language of `view.lang`); None when the run is
    too long to hold (those pages follow by reruns). Pages asking for the same at once wait
    for one build."""
    key = (run_key(setup), view.lang, dark, view.present, view.show_3d, view.reduced_motion)
    with _lock:
        if key in _frames:
            _frames.move_to_end(key)
            return _frames[key]
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            if key in _frames:
                return _frames[key]
        frame = _build(setup, words, view, dark)
        with _lock:
            _frames[key] = frame
            _building.pop(key, None)
            while len(_frames) > KEPT:
                _frames.popitem(last=False)
    return frame


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
    return replace(frame, ahead=None, rows_key=run_key(setup))


def following(frame: Frame, epoch, led_by_teacher: str, watch: dict,
              class_place: int | None = None) -> Frame:
    """One page's frame of the class's run: standing on the teacher's `epoch` (the page
    plays on from the play state in `watch` when the teacher plays)."""
    epochs = frame.rows.epoch
    at = max(0, min(int(epoch), epochs[-1]))
    return replace(frame, at=at, led_by_teacher=led_by_teacher, watch=watch,
                   class_place=class_place)

"""The live player component: what Python sends it, and how it is mounted."""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import streamlit as st

from linreg import figures
from linreg.analysis import analyse
from linreg.edits import MAX_HAND_POINTS
from linreg.lessonlog import log_entries
from linreg.surface import readable_limit, view_ranges
from linreg.train import batches_per_epoch, peek

from .lab import Lab

ASSETS = Path(__file__).parent / "assets"
PLAYER_MODULES = ASSETS / "player"  # the player's ES modules, joined into one script
STATIC = Path(__file__).parent.parent / "static"
MAX_ROWS = 4000  # rows sent to the browser; longer runs are decimated for drawing
SLOW_SPEED = 4  # epochs a second for oscillating runs: under 3 flashes a second each way
SHARED_FIGURES = 256  # figures kept for all sessions of this server
_SHARED: OrderedDict = OrderedDict()
_SHARED_LOCK = threading.Lock()
ROW_COLUMNS = ("epoch", "W", "b", "cost", "test_cost", "dW", "db")


def ensure_plotly_js() -> None:
    """Serve the plotly.js that ships inside the plotly package (never a CDN)."""
    target = STATIC / "plotly.min.js"
    if target.exists():
        return
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    STATIC.mkdir(exist_ok=True)
    # several servers may start at once (a class behind nginx): never serve half a file
    partial = target.with_suffix(f".{os.getpid()}.part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


@st.cache_resource
def _component():
    from .assets.bundle import join  # the modules as one script: see ui/assets/bundle.py

    return st.components.v2.component(
        "linreg_player",
        js=join(PLAYER_MODULES, "main.js"),
        css=(ASSETS / "player.css").read_text(encoding="utf-8"),
        isolate_styles=False,
    )


def mount(payload: dict, on_action) -> None:
    _component()(key="player", data=payload, on_action_change=on_action)


def _nice(low: float, high: float) -> list[float]:
    """Round a range outward to a coarse grid, so small changes of a path keep the axes still."""
    span = max(high - low, 1e-9)
    unit = 10 ** math.floor(math.log10(span)) / 2
    return [math.floor(low / unit) * unit, math.ceil(high / unit) * unit]


def _rows(lab: Lab) -> dict:
    h = lab.state.history
    n = len(h)
    picks = figures.decimate(n, MAX_ROWS)
    shown = min(lab.shown_epoch, n - 1)
    if shown not in set(picks.tolist()):
        picks = np.union1d(picks, [shown])
    rows = {}
    for name in ROW_COLUMNS:
        column = h[name][picks]
        if name == "epoch":
            rows[name] = column.astype(int).tolist()
        elif name == "test_cost":
            rows[name] = [None if math.isnan(v) else v for v in column.tolist()]
        else:
            rows[name] = column.tolist()
    return rows


def _figures(lab: Lab, t: dict, dark: bool, show_3d: bool) -> tuple[dict, dict]:
    """The four static figures, each rebuilt only when what it shows changed; with a key
    each, so the browser redraws only those that did."""
    data, state = lab.data, lab.state
    st_train = data.train_stats
    a = analyse(st_train)
    h = state.history
    start = (state.settings.w0, state.settings.b0)
    (w0, w1), (b0, b1) = view_ranges(st_train, [*h["W"], start[0]], [*h["b"], start[1]],
                                     limit=readable_limit(a, start))
    W_range, b_range = _nice(w0, w1), _nice(b0, b1)
    fit_x, fit_y = figures.line_fit_ranges(data, a)
    p_values = [*h["W"], *h["b"]]
    # the axes are rounded outward, so a figure drawn for this key covers every run it fits
    p_range = _nice(*figures.padded(min(p_values), max(p_values)))
    c_range = figures.cost_range(h["cost"], h["test_cost"], a.cost_best)
    epochs = state.settings.epochs
    common = (data.fingerprint, t["epoch"], t["cost"], dark)
    plans = {
        "fit": (common + (fit_x, fit_y),
                lambda: figures.line_fit(data, a, t, dark, fit_x, fit_y)),
        "contour": (common + (W_range, b_range, show_3d),
                    lambda: figures.contour(st_train, a, W_range, b_range, t, dark)),
        "params": (common + (epochs, p_range),
                   lambda: figures.parameters(epochs, p_range, [], a, t, dark)),
        "cost": (common + (epochs, c_range),
                 lambda: figures.cost_curve(epochs, c_range, t, dark)),
        "surface": (common + (W_range, b_range, show_3d),
                    lambda: (figures.surface_3d(st_train, a, W_range, b_range, t, dark)
                             if show_3d else None)),
    }
    cache = lab.cache.setdefault("figures", {})
    figs, keys = {}, {}
    for name, (parts, build) in plans.items():
        key = hashlib.sha1(repr((name, parts)).encode()).hexdigest()[:16]
        if cache.get(name, (None,))[0] != key:
            cache[name] = (key, _shared_figure(key, build))
        keys[name], figs[name] = cache[name]
    return figs, keys


def _shared_figure(key: str, build):
    """A class on one server mostly looks at the same data: its sessions share one copy of
    each figure (a contour is about a megabyte of Python floats) instead of one each."""
    with _SHARED_LOCK:
        if key in _SHARED:
            _SHARED.move_to_end(key)
            return _SHARED[key]
    figure = build()
    with _SHARED_LOCK:
        _SHARED[key] = figure
        while len(_SHARED) > SHARED_FIGURES:
            _SHARED.popitem(last=False)
    return figure


def payload(lab: Lab, t: dict, *, dark: bool = False, show_3d: bool = False,
            present: bool = False, reduced_motion: bool = False, speed: int = 100,
            locks: frozenset = frozenset()) -> dict:
    state, s = lab.state, lab.settings
    h = state.history
    figs, figs_keys = _figures(lab, t, dark, show_3d)
    if present:  # readable from the back of the room
        figs = {name: _large(fig) for name, fig in figs.items()}
        figs_keys = {name: key + "-present" for name, key in figs_keys.items()}
    figs_key = hashlib.sha1(repr(sorted(figs_keys.items())).encode()).hexdigest()[:16]
    after = None
    if not lab.playing and state.epoch == s.epochs and not state.diverged:
        # the lesson's last log line prints W and b one update past the end
        peek_key = (state.epoch, lab.data_version, s, state.W, state.b)
        cached = lab.cache.get("peek")
        if cached and cached[0] == peek_key:
            after = cached[1]
        else:
            after = peek(state)
            lab.cache["peek"] = (peek_key, after)
    entries = log_entries(h["W"], h["b"], h["cost"], s.epochs, s.log_every, after)
    if len(entries) > 400:
        entries = entries[-400:]
    a = analyse(lab.data.train_stats)
    diverged = None
    if state.divergence is not None:
        diverged = t["diverged"].format(epoch=state.divergence.epoch,
                                        cost=state.divergence.cost, bound=a.stability_bound)
    sampled = figures.sample_points(lab.data, figures.MAX_SCATTER)
    # (W, b) that jumps across the valley every epoch would flash: play it slowly.
    max_speed = SLOW_SPEED if s.optimizer == "sgd" and a.zone(s.lr) != "smooth" else None
    rule = {"sgd": "SGD", "momentum": f"momentum {s.momentum:g}", "adam": "Adam"}[s.optimizer]
    if not s.full_batch:
        rule += f", {batches_per_epoch(lab.data.n_train, s.batch_size)} updates / epoch"
    return {
        "token": lab.play_token,
        "playing": lab.playing,
        "at": lab.shown_epoch,
        "end": s.epochs,
        "more": lab.playing and not state.finished,
        "rows": _rows(lab),
        "lr": s.lr,
        "optimizer": s.optimizer,
        "full_batch": s.full_batch or s.batch_size >= lab.data.n_train,
        "update_rule": rule,
        "has_test": lab.data.n_test > 0,
        "points": {"x": lab.data.x[sampled].tolist(), "y": lab.data.y[sampled].tolist()},
        "edit": {
            # points move by hand on small data sets; the server checks every edit again
            "points": lab.data.size <= MAX_HAND_POINTS and "data" not in locks,
            "start": not ({"w0", "b0"} & locks),
            "index": sampled.tolist(),
            "test": lab.data.is_test[sampled].tolist(),
            "undo": len(lab.undo_stack),
            "hint": (t["edit_hint"] if lab.data.size <= MAX_HAND_POINTS
                     else t["edit_hint_big"].format(limit=MAX_HAND_POINTS)),
        },
        "figs": figs,
        "figs_key": figs_key,
        "figs_keys": figs_keys,
        "log": entries,
        "diverged": diverged,
        "finished_text": t["finished"].format(epochs=s.epochs),
        "labels": {k: t[k] for k in (
            "play", "pause", "step", "step10", "run_end", "reset", "speed",
            "epochs_per_second", "epoch", "cost", "test_cost", "this_step", "log", "playing",
            "save_png", "save_png_title", "undo", "undo_title", "new_points",
            "train_points", "test_points")},
        "dark": dark,
        "summaries": summaries(t),
        "present": present,
        "reduced_motion": reduced_motion,
        "max_speed": max_speed,
        "slowed": t["slowed"].format(speed=SLOW_SPEED) if max_speed else None,
        "speed": speed,
    }


def _large(fig: dict | None) -> dict | None:
    if fig is None:
        return None
    layout = dict(fig["layout"], font=dict(fig["layout"].get("font", {}), size=18))
    if "title" in layout:
        layout["title"] = dict(layout["title"], font={"size": 22})
    if "margin" in layout and "scene" not in layout:  # room for the larger tick labels
        m = layout["margin"]
        layout["margin"] = dict(m, l=m.get("l", 0) + 34, b=m.get("b", 0) + 24)
    return {"data": fig["data"], "layout": layout}


def summaries(t: dict) -> dict:
    return {
        "fit": f"{t['line_fit']}: H(x) = {{W}}x + {{b}}, {t['epoch']} {{epoch}}.",
        "contour": f"{t['cost_surface']}: (W, b) = ({{W}}, {{b}}), {t['cost']} {{cost}}.",
        "params": f"{t['parameters']}: W = {{W}}, b = {{b}}.",
        "cost": f"{t['cost_title']}: {t['cost']} = {{cost}}.",
    }


def payload_size(p: dict) -> int:
    return len(json.dumps(p))

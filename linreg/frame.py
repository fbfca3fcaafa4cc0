"""What the live player is sent: one typed frame of a run, built from a Lab.

The player (player/js/) draws the moving parts from `rows` over the static figures;
every number it shows comes from here. `Frame.message()` is the JSON-ready dict.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, fields, replace

import numpy as np

from . import figures
from .analysis import analyse
from .edits import MAX_HAND_POINTS
from .lab import Lab
from .lessonlog import log_entries
from .share import View
from .surface import readable_limit, view_ranges
from .train import LONG_RUN_EPOCHS, batches_per_epoch, engine_for, is_full_batch

MAX_ROWS = 4000  # rows sent to the browser; longer runs are decimated for drawing
MAX_LOG_LINES = 400
AHEAD_EPOCHS = 10  # rows sent beyond the last one, so Step and Step x10 show at once
SLOW_SPEED = 4  # epochs a second for oscillating runs: under 3 flashes a second each way
ROW_COLUMNS = ("epoch", "W", "b", "cost", "test_cost", "dW", "db")
LABELS = ("play", "pause", "step", "step10", "run_end", "reset", "speed", "epochs_per_second",
          "epoch", "cost", "test_cost", "this_step", "log", "playing", "save_png",
          "save_png_title", "undo", "undo_title", "new_points", "train_points", "test_points",
          "lr", "epochs", "w0", "b0", "preview_none", "preview_diverges", "preview_ends",
          "upload_button", "skip_to_player", "cost_plot_keys", "fit_plot_keys", "say_state",
          "say_wb", "say_point")


def _message(value):
    """A dataclass as a plain dict, one level at a time (asdict would deep-copy figures)."""
    return {f.name: _message_of(getattr(value, f.name)) for f in fields(value)}


def _message_of(value):
    return _message(value) if hasattr(value, "__dataclass_fields__") else value


@dataclass(frozen=True)
class Rows:
    """History rows, column-wise; long runs decimated, the epoch on screen always kept."""

    epoch: list[int]
    W: list[float]
    b: list[float]
    cost: list[float]
    test_cost: list[float | None]  # None where there is no test set
    dW: list[float]
    db: list[float]


@dataclass(frozen=True)
class EditRules:
    """Which gestures the plots accept; the server checks every edit again."""

    points: bool  # points move by hand on small data sets
    start: bool  # the start (W, b) moves on the contour
    rate: bool  # the learning rate moves on the scrubber
    index: list[int]  # the data set's row of each point drawn
    test: list[bool]
    undo: int  # changes Undo can take back
    hint: str


@dataclass(frozen=True)
class PreviewBasis:
    """What the browser needs to draw any rate's or start's path while a hand moves
    (player/js/preview.js): in float64, a full-batch path depends on the data only through
    its statistics; the lesson's float32 engine is redone on the points themselves."""

    stats: dict  # the training set's centred statistics
    test_stats: dict | None
    float32_epochs: int  # runs up to this many epochs train in float32 (0: data too big)
    points: dict | None  # the training points, x and y, when float32 runs are redone
    divergence_cost: float  # the cost past which a run counts as diverged
    memory: list[float]  # the optimizer's memory at the last row: m_W, m_b, v_W, v_b, steps
    momentum: float
    full_batch: bool  # mini-batches shuffle the points: no preview from statistics
    smooth: float  # rates below 1/lambda_max converge without zig-zag
    stable: float  # rates below 2/lambda_max converge (plain SGD)
    lr_low: float  # the scrubber's range, log scale
    lr_high: float


def _statistics(stats) -> dict:
    return {k: getattr(stats, k) for k in ("n", "mean_x", "mean_y", "var_x", "cov_xy", "var_y")}


def _preview_basis(lab: Lab, full_batch: bool) -> PreviewBasis:
    state, s = lab.state, lab.settings
    a = analyse(lab.data.train_stats)
    row = state.history.row(state.epoch)
    stable = a.stability_bound if math.isfinite(a.stability_bound) else 1.0
    # the page trains on the lesson's float32 engine up to LONG_RUN_EPOCHS, if the data fits
    float32 = engine_for(lab.data, replace(s, epochs=LONG_RUN_EPOCHS)) == "faithful"
    train = ~lab.data.is_test
    # the browser redoes float32 epochs point by point: on a set edited by hand, a scrub's
    # preview stays prompt
    redo = float32 and lab.data.n_train <= MAX_HAND_POINTS
    return PreviewBasis(
        stats=_statistics(lab.data.train_stats),
        test_stats=_statistics(lab.data.test_stats) if lab.data.n_test else None,
        float32_epochs=LONG_RUN_EPOCHS if float32 else 0,
        points={"x": lab.data.x[train].tolist(), "y": lab.data.y[train].tolist()} if redo
        else None,
        divergence_cost=state.divergence_cost,
        memory=[row["m_W"], row["m_b"], row["v_W"], row["v_b"], row["opt_steps"]],
        momentum=s.momentum, full_batch=full_batch, smooth=a.smooth_bound, stable=stable,
        lr_low=min(stable / 1000, s.lr) if s.lr > 0 else stable / 1000,  # a log scale
        lr_high=max(stable * 2, s.lr))


@dataclass(frozen=True)
class Frame:
    token: int  # changes on every Play, so the player knows a new one began
    playing: bool
    at: int  # the epoch on screen
    end: int  # the settings' epochs
    more: bool  # the server trains further while playing
    rows: Rows
    ahead: Rows | None  # the next epochs' rows when the run stands still (none while playing)
    next: dict | None  # W and b one update past the last row, when the run stands still
    lr: float
    optimizer: str
    full_batch: bool
    preview: PreviewBasis
    update_rule: str
    has_test: bool
    points: dict
    edit: EditRules
    figs: dict
    figs_key: str
    figs_keys: dict
    log: list
    diverged: str | None
    finished_text: str
    labels: dict
    dark: bool
    summaries: dict
    present: bool
    reduced_motion: bool
    max_speed: int | None  # oscillating runs play slowly
    slowed: str | None
    speed: int
    prediction: dict | None  # the questions' words and the last verdict; None when off
    led_by_teacher: str | None = None  # a class's page the teacher leads: why its buttons rest
    # a class's page: where to wait for the class's next version, and for a page following
    # its teacher the class's play state and keys at the version it was built from
    watch: dict | None = None
    class_place: int | None = None  # the class asks where (W, b) will be after this many
    lang: str = "en"  # the page's language, for its <html lang> (screen readers)
    # steps: a click on the cost plot answers it
    publish: dict | None = None  # a teacher's page: where its player tells the class its play
    rows_key: str | None = None  # a following page's run: sent once, then kept by the player
    class_setup: str | None = None  # a following page's run: its setup in words (setup_line)

    def message(self) -> dict:
        return _message(self)


def build(lab: Lab, words: dict, view: View | None = None, *, dark: bool = False,
          speed: int = 100, led_by_teacher: str | None = None, watch: dict | None = None,
          class_place: int | None = None, publish: dict | None = None,
          ask: dict | None = None) -> Frame:
    view = view or View()
    state, s = lab.state, lab.settings
    h = state.history
    a = analyse(lab.data.train_stats)
    figs, figs_keys = _figures(lab, words, dark, view.show_3d)
    if view.present:  # readable from the back of the room
        figs = {name: _large(fig) for name, fig in figs.items()}
        figs_keys = {name: key + "-present" for name, key in figs_keys.items()}
    # a page that follows a class's teacher steps when the teacher does: no rows ahead, but
    # the one past the end that the lesson's last log line prints
    ahead = None if lab.playing or (led_by_teacher and state.epoch < s.epochs) else _ahead(lab)
    following = (ahead.W[0], ahead.b[0]) if ahead and ahead.W else None
    last_line = following if state.epoch == s.epochs else None
    # the lesson's last log line prints W and b one update past the end
    log = log_entries(h["W"], h["b"], h["cost"], s.epochs, s.log_every, last_line)
    diverged = None
    if state.divergence is not None:
        diverged = words["diverged"].format(epoch=state.divergence.epoch,
                                            cost=state.divergence.cost, bound=a.stability_bound)
    sampled = figures.sample_points(lab.data, figures.MAX_SCATTER)
    # (W, b) that jumps across the valley every epoch would flash: play it slowly.
    max_speed = SLOW_SPEED if s.optimizer == "sgd" and a.zone(s.lr) != "smooth" else None
    rule = update_rule(lab)
    small = lab.data.size <= MAX_HAND_POINTS
    full_batch = s.full_batch or s.batch_size >= lab.data.n_train
    return Frame(
        token=lab.play_token, playing=lab.playing, at=lab.shown_epoch, end=s.epochs,
        more=lab.playing and not state.finished and state.epoch < lab.end_of_play,
        rows=_rows(lab), ahead=ahead,
        next=None if following is None else {"W": following[0], "b": following[1]},
        lr=s.lr, optimizer=s.optimizer, full_batch=full_batch,
        preview=_preview_basis(lab, full_batch), update_rule=rule,
        has_test=lab.data.n_test > 0,
        points={"x": lab.data.x[sampled].tolist(), "y": lab.data.y[sampled].tolist()},
        edit=EditRules(
            points=small and "data" not in view.locks,
            start=not ({"w0", "b0"} & view.locks), rate="lr" not in view.locks,
            index=sampled.tolist(), test=lab.data.is_test[sampled].tolist(),
            undo=len(lab.undo_stack),
            hint=(words["edit_hint"] if small
                  else words["edit_hint_big"].format(limit=MAX_HAND_POINTS))),
        figs=figs,
        figs_key=hashlib.sha1(repr(sorted(figs_keys.items())).encode()).hexdigest()[:16],
        figs_keys=figs_keys, log=log[-MAX_LOG_LINES:], diverged=diverged,
        finished_text=words["finished"].format(epochs=s.epochs),
        labels={k: words[k] for k in LABELS}, dark=dark, summaries=summaries(words),
        present=view.present, reduced_motion=view.reduced_motion, max_speed=max_speed,
        slowed=words["slowed"].format(speed=SLOW_SPEED) if max_speed else None, speed=speed,
        prediction=(_prediction(lab, words, ask) if view.predict and not led_by_teacher
                    else None),
        led_by_teacher=led_by_teacher, watch=watch, class_place=class_place, lang=view.lang,
        publish=publish,
    )


def update_rule(lab: Lab) -> str:
    """The optimizer as the step in numbers names it: "SGD", "momentum 0.9", "Adam", and
    the updates an epoch makes when the batches are smaller than the data."""
    s = lab.settings
    rule = {"sgd": "SGD", "momentum": f"momentum {s.momentum:g}", "adam": "Adam"}[s.optimizer]
    if not s.full_batch:
        rule += f", {batches_per_epoch(lab.data.n_train, s.batch_size)} updates / epoch"
    return rule


def setup_line(lab: Lab, words: dict) -> str:
    """The run's setup in one line of the page's words: what a following student's player
    names beside "Following the teacher", in place of the sidebar's fields."""
    s = lab.settings
    return words["class_setup"].format(rule=update_rule(lab), lr=f"{s.lr:g}", epochs=s.epochs,
                                       w0=f"{s.w0:g}", b0=f"{s.b0:g}", points=lab.data.n_train)


PREDICT_LABELS = ("predict", "choice_smooth", "choice_oscillating", "choice_diverging",
                  "ask_place", "ask_place_after", "place_click", "place_cancel", "ask_next",
                  "step_and_see")


def _prediction(lab: Lab, words: dict, ask: dict | None = None) -> dict:
    """The questions in the page's words, and the last verdict as the player shows it; `ask`
    (a lesson's screen: its question's kind and steps) narrows the panel to that question."""
    labels = {k: words[k] for k in PREDICT_LABELS}
    labels["ask_rate"] = words["ask_rate"].format(lr=lab.settings.lr)
    v = lab.verdict
    if v is None:
        return {"labels": labels, "verdict": None, "ask": ask}
    t, a = v.truth, v.answer
    placed = a.kind == "where_after"  # the cost plot marks the guess and the truth
    return {"labels": labels, "ask": ask, "verdict": {
        "kind": a.kind, "right": v.right, "epoch": v.epoch, "reveal_at": v.reveal_at,
        "text": v.says(words, is_full_batch(lab.settings, lab.data)),
        "guess": [a.W, a.b] if placed else None, "truth": [t["W"], t["b"]] if placed else None,
        "waiting": words["verdict_waiting"].format(epoch=v.reveal_at)}}


def _ahead(lab: Lab) -> Rows:
    """The rows after the last one, computed by the core (cached per state): Step shows the
    next of them at once while the server catches up; one past the end feeds the log."""
    state = lab.state
    epochs = max(1, min(AHEAD_EPOCHS, lab.settings.epochs - state.epoch))
    key = (state.epoch, lab.data_version, lab.settings, state.W, state.b, state.diverged)
    cached = lab.cache.get("ahead")
    if not (cached and cached[0] == key):
        cached = (key, _as_rows(lab.rows_ahead(epochs)))
        lab.cache["ahead"] = cached
    return cached[1]


def _rows(lab: Lab) -> Rows:
    h = lab.state.history
    n = len(h)
    picks = figures.decimate(n, MAX_ROWS)
    shown = min(lab.shown_epoch, n - 1)
    if shown not in set(picks.tolist()):
        picks = np.union1d(picks, [shown])
    return _as_rows({name: h[name][picks] for name in ROW_COLUMNS})


def _as_rows(columns: dict) -> Rows:
    out = {name: np.asarray(columns[name]).tolist() for name in ROW_COLUMNS}
    out["epoch"] = [int(e) for e in out["epoch"]]
    out["test_cost"] = [None if math.isnan(v) else v for v in out["test_cost"]]
    return Rows(**out)


def _nice(low: float, high: float) -> list[float]:
    """Round a range outward to a coarse grid, so small changes of a path keep the axes still."""
    span = max(high - low, 1e-9)
    unit = 10 ** math.floor(math.log10(span)) / 2
    return [math.floor(low / unit) * unit, math.ceil(high / unit) * unit]


def _figures(lab: Lab, words: dict, dark: bool, show_3d: bool) -> tuple[dict, dict]:
    """The four static figures, each rebuilt only when what it shows changed; with a key
    each, so the browser redraws only those that did."""
    data, state = lab.data, lab.state
    stats = data.train_stats
    a = analyse(stats)
    h = state.history
    start = (state.settings.w0, state.settings.b0)
    (w0, w1), (b0, b1) = view_ranges(stats, [*h["W"], start[0]], [*h["b"], start[1]],
                                     limit=readable_limit(a, start))
    W_range, b_range = _nice(w0, w1), _nice(b0, b1)
    fit_x, fit_y = figures.line_fit_ranges(data, a)
    p_values = [*h["W"], *h["b"]]
    # the axes are rounded outward, so a figure drawn for this key covers every run it fits
    p_range = _nice(*figures.padded(min(p_values), max(p_values)))
    c_range = figures.cost_range(h["cost"], h["test_cost"], a.cost_best)
    epochs = state.settings.epochs
    common = (data.fingerprint, words["epoch"], words["cost"], dark)
    plans = {
        "fit": (common + (fit_x, fit_y),
                lambda: figures.line_fit(data, a, words, dark, fit_x, fit_y)),
        "contour": (common + (W_range, b_range, show_3d),
                    lambda: figures.contour(stats, a, W_range, b_range, words, dark)),
        "params": (common + (epochs, p_range),
                   lambda: figures.parameters(epochs, p_range, [], a, words, dark)),
        "cost": (common + (epochs, c_range),
                 lambda: figures.cost_curve(epochs, c_range, words, dark)),
        "surface": (common + (W_range, b_range, show_3d),
                    lambda: (figures.surface_3d(stats, a, W_range, b_range, words, dark)
                             if show_3d else None)),
    }
    cache = lab.cache.setdefault("figures", {})
    figs, keys = {}, {}
    for name, (parts, draw) in plans.items():
        key = hashlib.sha1(repr((name, parts)).encode()).hexdigest()[:16]
        if cache.get(name, (None,))[0] != key:
            cache[name] = (key, figures.shared(key, draw))
        keys[name], figs[name] = cache[name]
    return figs, keys


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


def summaries(words: dict) -> dict:
    """Text of each plot for screen readers; the player fills in the numbers."""
    return {
        "fit": f"{words['line_fit']}: H(x) = {{W}}x + {{b}}, {words['epoch']} {{epoch}}.",
        "contour": f"{words['cost_surface']}: (W, b) = ({{W}}, {{b}}), "
                   f"{words['cost']} {{cost}}.",
        "params": f"{words['parameters']}: W = {{W}}, b = {{b}}.",
        "cost": f"{words['cost_title']}: {words['cost']} = {{cost}}.",
    }

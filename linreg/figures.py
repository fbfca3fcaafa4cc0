"""Plotly figures (as plain dicts) from arrays. No training here, only drawing.

The live player draws what moves (the current line, the path, the growing curves) over
these figures, so each figure fixes its axis ranges and margins: the player maps data to
pixels from them without asking Plotly.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from .analysis import Analysis, analyse
from .dataset import Dataset, Stats
from .questions import ZONES
from .surface import cost_grid

# Okabe-Ito: told apart with every common colour-vision deficiency.
PALETTE = {
    "train": "#0072B2", "test": "#E69F00", "line": "#D55E00", "best": "#888888",
    "W": "#0072B2", "b": "#009E73", "cost": "#D55E00", "test_cost": "#E69F00",
    "path": "#D55E00", "optimum": "#F0E442",
}
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
PATH_LINE = "white"  # a run's path over the contour's colours
MARGIN = {"l": 64, "r": 24, "t": 62, "b": 48}
MAX_SCATTER = 4000  # points drawn; more are sampled (the numbers still use them all)
COST_FLOOR = 1e-12  # log axes cannot show a cost of exactly 0
SHARED_FIGURES = 256  # figures kept for all sessions of this server
_shared: OrderedDict[str, dict | None] = OrderedDict()
_shared_lock = threading.Lock()


def decimate(n: int, limit: int) -> np.ndarray:
    """Indices of at most `limit` evenly spread rows of n, always keeping the first and last."""
    if n <= limit:
        return np.arange(n)
    picks = np.unique(np.linspace(0, n - 1, limit).round().astype(int))
    return picks


def sample_points(data: Dataset, limit: int = MAX_SCATTER) -> np.ndarray:
    """Indices of the points to draw: all of them, or an even sample of a big set."""
    if data.size <= limit:
        return np.arange(data.size)
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(data.size, size=limit, replace=False))


def shared(key: str, draw: Callable[[], dict | None]) -> dict | None:
    """The figure `key` names, drawn only when no session of this server holds it yet.

    A class on one server mostly looks at the same data: its sessions share one copy of
    each figure (a contour is about a megabyte of Python floats) instead of one each; the
    least recently used go first."""
    with _shared_lock:
        if key in _shared:
            _shared.move_to_end(key)
            return _shared[key]
    figure = draw()
    with _shared_lock:
        _shared[key] = figure
        while len(_shared) > SHARED_FIGURES:
            _shared.popitem(last=False)
    return figure


def _layout(title: str, x_title: str, y_title: str, x_range, y_range, dark: bool,
            y_log: bool = False, legend: bool = True) -> dict:
    ink = "#e8e8e8" if dark else "#262730"
    grid = "rgba(255,255,255,0.12)" if dark else "rgba(0,0,0,0.10)"
    axis = {"gridcolor": grid, "zeroline": False, "automargin": False, "fixedrange": True,
            "linecolor": grid, "showline": True}
    y_axis = dict(axis, title={"text": y_title}, range=list(y_range))
    if y_log:
        y_axis.update(type="log")
    return {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "y": 0.985, "yanchor": "top",
                  "font": {"size": 15}},
        "margin": dict(MARGIN),
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"color": ink, "family": "sans-serif", "size": 13},
        "xaxis": dict(axis, title={"text": x_title}, range=list(x_range)),
        "yaxis": y_axis,
        "showlegend": legend,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                   "yanchor": "bottom", "bgcolor": "rgba(0,0,0,0)", "font": {"size": 12}},
        "hovermode": "closest",
        "dragmode": False,
    }


def padded(low: float, high: float, share: float = 0.08, least: float = 0.5):
    span = high - low
    pad = max(span * share, least * share)
    return [float(low - pad), float(high + pad)]


def line_fit_ranges(data: Dataset, analysis: Analysis) -> tuple[list, list]:
    x_low, x_high = float(data.x.min()), float(data.x.max())
    y_low, y_high = float(data.y.min()), float(data.y.max())
    if x_low <= 0 <= x_high * 4 or x_high - x_low < 1e-9:
        x_low = min(x_low, 0.0)  # show the intercept b where it is near
    if analysis.unique_optimum:
        for x in (x_low, x_high):
            y = analysis.W_best * x + analysis.b_best
            y_low, y_high = min(y_low, y), max(y_high, y)
    return padded(x_low, x_high), padded(min(y_low, 0.0) if y_low > 0 > -y_high else y_low,
                                         y_high)


def line_fit(data: Dataset, analysis: Analysis, labels: dict, dark: bool = False,
             x_range=None, y_range=None) -> dict:
    """The points and the closed-form best line; the player adds the current line."""
    if x_range is None or y_range is None:
        x_range, y_range = line_fit_ranges(data, analysis)
    shown = sample_points(data)
    kind = "scattergl" if shown.size > 1000 else "scatter"
    x, y, test = data.x[shown], data.y[shown], data.is_test[shown]
    traces = [
        {"type": kind, "mode": "markers", "name": labels["train_points"],
         "x": x[~test].tolist(), "y": y[~test].tolist(),
         "marker": {"color": PALETTE["train"], "size": 9 if shown.size < 200 else 5,
                    "line": {"width": 1, "color": "white"}},
         "hovertemplate": "x=%{x}<br>y=%{y}<extra></extra>"},
        {"type": kind, "mode": "markers", "name": labels["test_points"],
         "x": x[test].tolist(), "y": y[test].tolist(),
         "marker": {"color": PALETTE["test"], "size": 10 if shown.size < 200 else 5,
                    "symbol": "diamond", "line": {"width": 1, "color": "white"}},
         "hovertemplate": "x=%{x}<br>y=%{y}<extra></extra>"},
    ]
    if analysis.unique_optimum:
        traces.append({
            "type": "scatter", "mode": "lines", "name": labels["best_line"],
            "x": list(x_range),
            "y": [analysis.W_best * v + analysis.b_best for v in x_range],
            "line": {"color": PALETTE["best"], "dash": "dash", "width": 2},
            "opacity": 0.6, "hoverinfo": "skip",
        })
    # a legend entry for the line the player draws
    traces.append({"type": "scatter", "mode": "lines", "name": labels["current_line"],
                   "x": [None], "y": [None], "line": {"color": PALETTE["line"], "width": 3}})
    title = labels["line_fit"]
    if shown.size < data.size:
        title += " " + labels["sampled"].format(shown=shown.size, total=data.size)
    return {"data": traces,
            "layout": _layout(title, "x", "y", x_range, y_range, dark)}


def contour(stats: Stats, analysis: Analysis, W_range, b_range, labels: dict,
            dark: bool = False, size: int = 60) -> dict:
    """The cost over (W, b), on log-spaced levels so both the bowl and its floor show."""
    W = np.linspace(W_range[0], W_range[1], size)
    b = np.linspace(b_range[0], b_range[1], size)
    cost = cost_grid(stats, W, b)
    z = np.log10(np.maximum(cost, COST_FLOOR))
    z_low, z_high = float(z.min()), float(z.max())
    ticks = list(range(math.floor(z_low), math.ceil(z_high) + 1))
    traces = [{
        "type": "contour", "x": W.tolist(), "y": b.tolist(), "z": np.round(z, 5).tolist(),
        "colorscale": "Viridis", "reversescale": False, "ncontours": 22,
        "contours": {"coloring": "fill", "showlines": True},
        "line": {"width": 0.5, "color": "rgba(255,255,255,0.35)"},
        "colorbar": {"title": {"text": labels["cost"], "side": "right"}, "thickness": 12,
                     "x": 1.0, "xanchor": "left", "xpad": 6,
                     "tickvals": ticks, "ticktext": [_power(t) for t in ticks]},
        "customdata": np.round(cost, 6).tolist(),
        "hovertemplate": "W=%{x:.3f}<br>b=%{y:.3f}<br>" + labels["cost"]
                         + "=%{customdata}<extra></extra>",
        "showlegend": False,
    }]
    if analysis.unique_optimum:
        traces.append({
            "type": "scatter", "mode": "markers", "name": labels["optimum"],
            "x": [analysis.W_best], "y": [analysis.b_best],
            "marker": {"symbol": "star", "size": 16, "color": PALETTE["optimum"],
                       "line": {"width": 1.5, "color": "#222"}},
            "hovertemplate": labels["optimum"] + ": W=%{x:.3f}, b=%{y:.3f}<extra></extra>",
        })
    traces.append({"type": "scatter", "mode": "lines+markers", "name": labels["path"],
                   "x": [None], "y": [None], "line": {"color": PATH_LINE, "width": 2},
                   "marker": {"color": PALETTE["path"], "size": 9}})
    layout = _layout(labels["cost_surface"], "W", "b", W_range, b_range, dark)
    layout["margin"] = dict(MARGIN, r=90)
    return {"data": traces, "layout": layout}


def surface_3d(stats: Stats, analysis: Analysis, W_range, b_range, labels: dict,
               dark: bool = False, size: int = 50) -> dict:
    W = np.linspace(W_range[0], W_range[1], size)
    b = np.linspace(b_range[0], b_range[1], size)
    z = np.log10(np.maximum(cost_grid(stats, W, b), COST_FLOOR))
    ink = "#e8e8e8" if dark else "#262730"
    traces = [
        {"type": "surface", "x": W.tolist(), "y": b.tolist(), "z": np.round(z, 5).tolist(),
         "colorscale": "Viridis", "showscale": False, "opacity": 0.92,
         "hovertemplate": "W=%{x:.3f}<br>b=%{y:.3f}<br>log10 cost=%{z:.2f}<extra></extra>"},
        {"type": "scatter3d", "mode": "lines+markers", "name": labels["path"],
         "x": [], "y": [], "z": [], "line": {"color": PALETTE["path"], "width": 6},
         "marker": {"size": 2, "color": PALETTE["path"]}},
    ]
    if analysis.unique_optimum:
        zb = math.log10(max(analysis.cost_best, COST_FLOOR))
        traces.append({"type": "scatter3d", "mode": "markers", "name": labels["optimum"],
                       "x": [analysis.W_best], "y": [analysis.b_best], "z": [zb],
                       "marker": {"size": 6, "color": PALETTE["optimum"], "symbol": "diamond"}})
    return {"data": traces, "layout": {
        "title": {"text": labels["cost_surface"], "x": 0.01, "font": {"size": 15}},
        "margin": {"l": 0, "r": 0, "t": 40, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)", "font": {"color": ink, "size": 12},
        "showlegend": False,
        "scene": {"xaxis": {"title": {"text": "W"}, "range": list(W_range)},
                  "yaxis": {"title": {"text": "b"}, "range": list(b_range)},
                  "zaxis": {"title": {"text": "log10 " + labels["cost"]}},
                  "camera": {"eye": {"x": 1.5, "y": -1.5, "z": 1.0}}},
    }}


def parameters(epochs: int, W, b, analysis: Analysis, labels: dict, dark: bool = False) -> dict:
    """Axes for W and b against the epoch; the player draws the curves."""
    values = [v for v in (*_finite(W), *_finite(b)) if abs(v) < 1e6]
    if analysis.unique_optimum:
        values += [analysis.W_best, analysis.b_best]
    y_range = padded(min(values), max(values)) if values else [-1, 1]
    traces = []
    for name, target in (("W", analysis.W_best), ("b", analysis.b_best)):
        traces.append({"type": "scatter", "mode": "lines", "name": name, "x": [None],
                       "y": [None], "line": {"color": PALETTE[name], "width": 3}})
        if target is not None:
            traces.append({"type": "scatter", "mode": "lines", "showlegend": False,
                           "x": [0, max(epochs, 1)], "y": [target, target],
                           "line": {"color": PALETTE[name], "dash": "dot", "width": 1.5},
                           "opacity": 0.7, "hoverinfo": "skip"})
    return {"data": traces, "layout": _layout(
        labels["parameters"], labels["epoch"], "W, b", [0, max(epochs, 1)], y_range, dark)}


def cost_range(cost, test_cost, cost_best: float) -> list[float]:
    """A log10 range from the costs so far down to where training is heading.

    Reaching down to a millionth of the starting cost (or the best cost) keeps the axis
    still while the cost falls, instead of rescaling on every step.
    """
    values = [v for v in (*_finite(cost), *_finite(test_cost)) if v > 0]
    start = _finite(cost)[0] if len(_finite(cost)) else 1.0
    low = min([*values, max(cost_best, start * 1e-6, COST_FLOOR)])
    high = max([*values, low * 10])
    return [math.floor(math.log10(max(low, COST_FLOOR)) * 2) / 2,
            math.ceil(math.log10(high) * 2) / 2 + 0.25]


def cost_curve(epochs: int, y_range, labels: dict, dark: bool = False) -> dict:
    """A log axis for the train and test cost against the epoch; the player draws the curves."""
    traces = [
        {"type": "scatter", "mode": "lines", "name": labels["train_cost"], "x": [None],
         "y": [None], "line": {"color": PALETTE["cost"], "width": 3}},
        {"type": "scatter", "mode": "lines", "name": labels["test_cost"], "x": [None],
         "y": [None], "line": {"color": PALETTE["test_cost"], "width": 2, "dash": "dash"}},
    ]
    layout = _layout(labels["cost_title"], labels["epoch"], labels["cost"] + " (log)",
                     [0, max(epochs, 1)], y_range, dark, y_log=True)
    layout["yaxis"].update(dtick=1, exponentformat="power")
    return {"data": traces, "layout": layout}


def _finite(values) -> list[float]:
    a = np.asarray(values, dtype=np.float64)
    return a[np.isfinite(a)].tolist()


def _power(exponent: int) -> str:
    return f"1e{exponent}" if abs(exponent) > 3 else f"{10.0 ** exponent:g}"


# ---------------------------------------------------------------- the learning-rate explorer

def status_text(run, labels: dict) -> str:
    if run.status == "diverged":
        return labels["st_diverged"].format(epoch=run.diverged_at)
    if run.status == "converged":
        return labels["st_converged"].format(epoch=run.reached_at)
    return labels["st_" + run.status]


def compare_paths(stats: Stats, analysis: Analysis, runs, W_range, b_range, labels: dict,
                  dark: bool = False) -> dict:
    """Every run's path on one cost contour, each in its own colour."""
    fig = contour(stats, analysis, W_range, b_range, labels, dark, size=50)
    fig["data"] = [t for t in fig["data"] if t.get("x") != [None]]  # no player legend entry
    for k, run in enumerate(runs):
        color = SERIES[k % len(SERIES)]
        stop = run.diverged_at if run.diverged_at >= 0 else run.W.size
        picks = decimate(stop, 800)
        fig["data"].append({
            "type": "scatter", "mode": "lines+markers", "name": run.label,
            "x": run.W[picks].tolist(), "y": run.b[picks].tolist(),
            "line": {"color": color, "width": 2.5}, "marker": {"size": 4, "color": color},
            "hovertemplate": run.label + "<br>W=%{x:.3f}, b=%{y:.3f}<extra></extra>",
        })
    fig["layout"]["title"]["text"] = labels["cmp_paths"]
    fig["layout"]["showlegend"] = True
    fig["layout"]["legend"].update(orientation="v", y=-0.22, yanchor="top", x=0, xanchor="left")
    fig["layout"]["margin"] = dict(MARGIN, t=40, r=90, b=60 + 22 * (len(runs) + 1))
    fig["layout"]["height"] = 420 + 22 * (len(runs) + 1)
    return fig


def compare_costs(runs, labels: dict, dark: bool = False) -> dict:
    """Each run's cost against the epoch, log scale; a legend says what became of it."""
    traces, values = [], []
    for k, run in enumerate(runs):
        color = SERIES[k % len(SERIES)]
        stop = run.diverged_at if run.diverged_at >= 0 else run.cost.size
        picks = decimate(stop, 1500)
        cost = np.maximum(run.cost[picks], COST_FLOOR)
        values += [float(cost.min()), float(cost.max())]
        traces.append({
            "type": "scatter", "mode": "lines", "name": f"{run.label}: {status_text(run, labels)}",
            "x": picks.tolist(), "y": cost.tolist(), "line": {"color": color, "width": 2.5},
        })
        if run.diverged_at >= 0:
            traces.append({"type": "scatter", "mode": "markers", "showlegend": False,
                           "x": [stop - 1], "y": [float(cost[-1])],
                           "marker": {"symbol": "x", "size": 12, "color": color}})
    epochs = max((r.cost.size - 1 for r in runs), default=1)
    y_range = [math.log10(min(values, default=1e-6)) - 0.3,
               math.log10(max(values, default=1.0)) + 0.3]
    layout = _layout(labels["cmp_costs"], labels["epoch"], labels["cost"] + " (log)",
                     [0, epochs], y_range, dark, y_log=True)
    layout["yaxis"].update(dtick=1, exponentformat="power")
    layout["legend"].update(orientation="v", y=-0.22, yanchor="top", x=0, xanchor="left")
    layout["margin"] = dict(MARGIN, t=40, b=60 + 22 * len(runs))
    layout["height"] = 420 + 22 * len(runs)
    return {"data": traces, "layout": layout}


def rate_sweep(sweep, labels: dict, dark: bool = False) -> dict:
    """Final cost and epochs to the tolerance against the learning rate: the cliff at 2/λmax."""
    lrs = sweep.lrs.tolist()
    diverged = sweep.diverged_at >= 0
    final = np.maximum(sweep.final_cost, COST_FLOOR)
    reached = np.where(sweep.reached_at >= 0, sweep.reached_at, np.nan)
    layout = _layout(labels["sweep_title"], labels["lr"], labels["final_cost"], [0, 1], [0, 1],
                     dark)
    layout["xaxis"].update(type="log", range=[math.log10(lrs[0]), math.log10(lrs[-1])],
                           exponentformat="power", anchor="y2")
    layout["yaxis"].update(type="log", domain=[0.55, 1.0], range=None, autorange=True,
                           exponentformat="power")
    layout["yaxis2"] = dict(layout["yaxis"], type="linear", domain=[0.0, 0.42],
                            title={"text": labels["epochs_to_tol"]}, autorange=True)
    layout["xaxis"]["title"] = {"text": labels["lr"]}
    layout["height"] = 520
    layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": sweep.bound,
                         "x1": sweep.bound, "y0": 0, "y1": 1,
                         "line": {"color": PALETTE["line"], "dash": "dash", "width": 2}}]
    layout["annotations"] = [{"x": math.log10(sweep.bound), "xref": "x", "y": 1, "yref": "paper",
                              "text": f"2/λmax = {sweep.bound:.4g}", "showarrow": False,
                              "xanchor": "right", "yanchor": "bottom", "font": {"size": 12}}]
    traces = [
        {"type": "scatter", "mode": "lines+markers", "name": labels["converging"],
         "x": [v for v, d in zip(lrs, diverged) if not d],
         "y": [float(c) for c, d in zip(final, diverged) if not d],
         "marker": {"color": PALETTE["W"], "size": 6}, "line": {"color": PALETTE["W"]}},
        {"type": "scatter", "mode": "markers", "name": labels["diverging"],
         "x": [v for v, d in zip(lrs, diverged) if d],
         "y": [float(c) for c, d in zip(final, diverged) if d],
         "marker": {"color": PALETTE["line"], "size": 8, "symbol": "x"}},
        {"type": "scatter", "mode": "lines+markers", "name": labels["epochs_to_tol"],
         "x": lrs, "y": [None if np.isnan(v) else float(v) for v in reached], "yaxis": "y2",
         "marker": {"color": PALETTE["b"], "size": 5}, "line": {"color": PALETTE["b"]}},
    ]
    return {"data": traces, "layout": layout}


def distance(epochs, measured, predicted, labels: dict, dark: bool = False) -> dict:
    """Distance to the optimum on a log scale; a constant rate is a straight line."""
    epochs = np.asarray(epochs)
    picks = decimate(epochs.size, 1500)
    m = np.maximum(np.asarray(measured)[picks], COST_FLOOR)
    p = np.asarray(predicted)[picks]
    finite = np.concatenate([m, p[np.isfinite(p) & (p > 0)]])
    y_range = [math.log10(max(finite.min(), COST_FLOOR)) - 0.3, math.log10(finite.max()) + 0.3]
    traces = [
        {"type": "scatter", "mode": "lines", "name": labels["measured"],
         "x": epochs[picks].tolist(), "y": m.tolist(),
         "line": {"color": PALETTE["cost"], "width": 3}},
        {"type": "scatter", "mode": "lines", "name": labels["predicted"],
         "x": epochs[picks].tolist(),
         "y": [float(v) if np.isfinite(v) and v > 0 else None for v in p],
         "line": {"color": PALETTE["best"], "width": 2, "dash": "dash"}},
    ]
    layout = _layout(labels["distance_title"], labels["epoch"], labels["distance"],
                     [0, max(int(epochs[-1]), 1)], y_range, dark, y_log=True)
    layout["yaxis"].update(dtick=1, exponentformat="power")
    return {"data": traces, "layout": layout}


# ---------------------------------------------------------------- a live class's board

BOARD_MARGIN = {"l": 50, "r": 10, "t": 10, "b": 40}
ANSWER_BINS = 20  # the next-W histogram's bars
LEAST_HALF_SPAN = 0.25  # the next-W axis reaches at least this far either side of W


def _board_layout(x_title: str, y_title: str, x_range, y_range, dark: bool,
                  height: int) -> dict:
    layout = _layout("", x_title, y_title, x_range, y_range, dark, legend=False)
    layout.update(margin=dict(BOARD_MARGIN), height=height)
    return layout


def _count_axis(layout: dict, counts) -> None:
    """A count axis from 0 up, in whole numbers, with room above the tallest bar (and a 1
    when nothing is counted yet)."""
    top = max([1, *counts])
    layout["yaxis"].update(range=[0, top * 1.2], dtick=max(1, math.ceil(top / 5)))


def _no_player(fig: dict) -> dict:
    """A contour without the legend entry the player draws into."""
    fig["data"] = [t for t in fig["data"] if t.get("x") != [None]]
    return fig


def board_answers(kind: str, answers: list, truth: dict | None, now: tuple[float, float],
                   stats: Stats, labels: dict, dark: bool = False) -> dict:
    """The class's answers to a question, and the truth once revealed. `now` is the
    teacher's (W, b) when the question was asked; before any answer the axes show the
    choices (the three zones at 0, or counts around the teacher's W)."""
    if kind == "rate_zone":
        return _zones_figure(answers, truth, labels, dark)
    if kind == "where_after":
        return _places_figure(answers, truth, now, stats, labels, dark)
    return _next_W_figure(answers, truth, now[0], labels, dark)


def _count_bars(names: list[str], counts: list[int], colors: list[str], dark: bool,
                height: int) -> dict:
    """One bar a choice, counted from 0, each with its count written on it."""
    layout = _board_layout("", "", [-0.5, len(names) - 0.5], [0, 1], dark, height)
    _count_axis(layout, counts)
    return {"data": [{"type": "bar", "x": names, "y": counts, "text": counts,
                      "textposition": "outside", "cliponaxis": False,
                      "marker": {"color": colors}}], "layout": layout}


def _zones_figure(answers: list, truth: dict | None, labels: dict, dark: bool) -> dict:
    right = (truth or {}).get("zone")
    return _count_bars([labels[f"choice_{z}"] for z in ZONES],
                       [sum(a.get("zone") == z for a in answers) for z in ZONES],
                       [PALETTE["b"] if z == right else PALETTE["train"] for z in ZONES],
                       dark, 320)


def _next_W_figure(answers: list, truth: dict | None, W_now: float, labels: dict,
                   dark: bool) -> dict:
    """A histogram of the answered W on an axis centred on the teacher's W."""
    guesses = [a["W"] for a in answers]
    true_W = (truth or {}).get("W")
    reach = max([LEAST_HALF_SPAN, *(abs(v - W_now) * 1.15 for v in [*guesses, true_W]
                                    if v is not None and math.isfinite(v))])
    x_range = [W_now - reach, W_now + reach]
    counts, edges = np.histogram(guesses, bins=ANSWER_BINS, range=x_range)
    layout = _board_layout("W", "", x_range, [0, 1], dark, 320)
    _count_axis(layout, counts.tolist())
    # the teacher's W where the question was asked, and the truth once revealed (its label
    # lower, in case the two are close)
    marks = [(W_now, PALETTE["best"], "dash", f"W = {W_now:.4f}", 1.0)]
    if true_W is not None:
        marks.append((true_W, PALETTE["b"], "solid", labels["class_truth"], 0.9))
    layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x,
                         "y0": 0, "y1": 1, "line": {"color": color, "dash": dash, "width": 3}}
                        for x, color, dash, _, _ in marks]
    layout["annotations"] = [{"x": x, "xref": "x", "y": y, "yref": "paper", "text": text,
                              "showarrow": False, "xanchor": "left", "yanchor": "top",
                              "xshift": 4} for x, _, _, text, y in marks]
    return {"data": [{
        "type": "bar", "x": ((edges[:-1] + edges[1:]) / 2).tolist(), "y": counts.tolist(),
        "width": float(edges[1] - edges[0]), "marker": {"color": PALETTE["train"]},
        "hovertemplate": "W ≈ %{x:.4f}: %{y}<extra></extra>",
    }], "layout": layout}


def _places_figure(answers: list, truth: dict | None, now: tuple[float, float],
                   stats: Stats, labels: dict, dark: bool) -> dict:
    """The answered (W, b) on the cost's contour, around the teacher's (W, b)."""
    Ws = [a["W"] for a in answers] + ([truth["W"]] if truth else []) + [now[0]]
    bs = [a["b"] for a in answers] + ([truth["b"]] if truth else []) + [now[1]]
    pad_W = max(0.5, (max(Ws) - min(Ws)) * 0.15)
    pad_b = max(0.5, (max(bs) - min(bs)) * 0.15)
    fig = _no_player(contour(stats, analyse(stats), [min(Ws) - pad_W, max(Ws) + pad_W],
                             [min(bs) - pad_b, max(bs) + pad_b], labels, dark))
    fig["data"].append({
        "type": "scatter", "mode": "markers", "name": labels["class_answers"],
        "x": [a["W"] for a in answers], "y": [a["b"] for a in answers],
        "text": [a["who"] for a in answers],
        "marker": {"color": SERIES[3], "size": 10, "line": {"color": "white", "width": 1}}})
    if truth:
        fig["data"].append({
            "type": "scatter", "mode": "markers", "name": labels["class_truth"],
            "x": [truth["W"]], "y": [truth["b"]],
            "marker": {"color": PALETTE["b"], "size": 16, "symbol": "diamond"}})
    fig["layout"].update(height=320, showlegend=False, margin=dict(BOARD_MARGIN, t=35, r=90))
    return fig


def board_mission(solved: int, tried: int, working: int, labels: dict,
                   dark: bool = False) -> dict:
    """How the class stands on a mission: solved, tried and not yet there, still working."""
    return _count_bars([labels[f"class_mission_{k}"] for k in ("solved", "tried", "working")],
                       [solved, tried, working],
                       [PALETTE["b"], PALETTE["test"], PALETTE["best"]], dark, 260)


def board_sweep(runs: list, labels: dict, dark: bool = False) -> dict:
    """The class's own sweep: each submitted run's rate against its last cost."""
    layout = _board_layout(labels["lr"], labels["cost"], [0, 1], [0, 1], dark, 300)
    layout["xaxis"].update(type="log", range=None, autorange=True, exponentformat="power")
    layout["yaxis"].update(type="log", range=None, autorange=True, exponentformat="power")
    return {"data": [{
        "type": "scatter", "mode": "markers", "text": [r["id"] for r in runs],
        "x": [r["lr"] for r in runs], "y": [max(r["cost"], COST_FLOOR) for r in runs],
        "marker": {"size": 11, "color": [PALETTE["line"] if r["diverged"] else PALETTE["train"]
                                         for r in runs]},
    }], "layout": layout}


def board_paths(runs: list, stats: Stats, labels: dict, dark: bool = False) -> dict:
    """Runs' paths of (W, b) on one contour of the cost; the view spans the runs that did
    not diverge (a diverged path leaves it, as it leaves the valley)."""
    a = analyse(stats)
    framed = [r for r in runs if not r["diverged"]] or runs
    Ws = [p[0] for r in framed for p in r["path"]] + [a.W_best or 0.0]
    bs = [p[1] for r in framed for p in r["path"]] + [a.b_best or 0.0]
    span = [[min(Ws) - 0.3, max(Ws) + 0.3], [min(bs) - 0.3, max(bs) + 0.3]]
    fig = _no_player(contour(stats, a, *span, labels, dark))
    for r in runs:
        fig["data"].append({
            "type": "scatter", "mode": "lines", "name": r["id"], "text": r["id"],
            "x": [p[0] for p in r["path"]], "y": [p[1] for p in r["path"]],
            "line": {"color": PALETTE["line"] if r["diverged"] else PATH_LINE, "width": 2}})
    # the contour fixes its margins for the player; here a wide span's ticks need room
    for axis in ("xaxis", "yaxis"):
        fig["layout"][axis]["automargin"] = True
    fig["layout"].update(height=300, showlegend=False, margin=dict(BOARD_MARGIN, t=35, r=90))
    return fig

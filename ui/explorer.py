"""The learning-rate explorer: stability from the data, runs side by side, a sweep, the rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from linreg import figures
from linreg.analysis import analyse
from linreg.errors import InputError
from linreg.lab import Lab
from linreg.settings import FIELD
from linreg.surface import readable_limit, view_ranges
from linreg.sweep import (
    compare_batches,
    compare_optimizers,
    compare_rates,
    distance_to_optimum,
    predicted_distance,
    sweep_rates,
)

MAX_RUNS = 6
EPOCH_CAP = 5000  # comparisons keep every epoch of every run
SWEEP_COUNT = 60
CHART = {"displayModeBar": False}


def suggested_rates(bound: float) -> str:
    return ", ".join(f"{v:.4g}" for v in (0.001, 0.01, 0.1, 0.9 * bound, 1.01 * bound))


def parse_list(text: str, field: str) -> list:
    """Comma-separated values checked by the settings table; InputError names the bad one."""
    values = [part.strip() for part in str(text).replace(";", ",").split(",") if part.strip()]
    return [FIELD[field].check(v) for v in values]


def _cached(lab: Lab, key, compute):
    entry = lab.cache.get(key[0])
    if entry is not None and entry[0] == key:
        return entry[1]
    value = compute()
    lab.cache[key[0]] = (key, value)
    return value


def stability_ui(lab: Lab, words: dict, dark: bool) -> None:
    a = analyse(lab.data.train_stats)
    lr = lab.settings.lr
    st.subheader(words["stability"])
    cols = st.columns(4)
    cols[0].metric(words["bound"], f"{a.stability_bound:.4f}")
    cols[1].metric(words["fastest"], f"{a.fastest_lr:.4f}")
    cols[2].metric(words["condition"], f"{a.condition_number:.4g}" if np.isfinite(
        a.condition_number) else "∞")
    cols[3].metric(words["zone_now"].format(lr=lr), words["zone_" + a.zone(lr)])
    if a.unique_optimum:
        st.caption(words["stability_note"].format(lmin=a.lambda_min, lmax=a.lambda_max, lr=lr,
                                              fast=abs(1 - lr * a.lambda_max),
                                              slow=abs(1 - lr * a.lambda_min)))
    else:
        st.warning(words["no_unique"])


def compare_ui(lab: Lab, words: dict, dark: bool) -> None:
    ss = st.session_state
    data, settings = lab.data, lab.settings
    a = analyse(data.train_stats)
    st.subheader(words["compare"])
    modes = {"rates": words["by_rates"], "optimizers": words["by_optimizers"],
             "batches": words["by_batches"]}
    mode = st.radio(words["compare_by"], list(modes), format_func=modes.get, horizontal=True,
                    key="cmp_mode")
    if "cmp_rates" not in ss:
        ss.cmp_rates = suggested_rates(a.stability_bound)
    left, right = st.columns([3, 1])
    if mode == "rates":
        text = left.text_input(words["rates"], key="cmp_rates")
        right.button(words["suggested"], key="cmp_suggested", on_click=_suggest,
                     args=(a.stability_bound,))
    elif mode == "batches":
        text = left.text_input(words["sizes"], value="0, 8, 1", key="cmp_sizes")
    else:
        text = ""
    tolerance = st.number_input(words["tolerance"], 1e-12, 1e3, 1e-4, format="%.1e", key="cmp_tol")
    capped = settings.but(epochs=min(settings.epochs, EPOCH_CAP))
    if settings.epochs > EPOCH_CAP:
        st.caption(words["epochs_capped"].format(cap=EPOCH_CAP))
    try:
        values = parse_list(text, "lr" if mode == "rates" else "batch_size") if text else []
    except InputError as error:
        st.error(words["bad_rates"].format(error=error))
        return
    if len(values) > MAX_RUNS:
        st.warning(words["too_many_runs"])
        values = values[:MAX_RUNS]
    key = ("compare", lab.data_version, capped, mode, tuple(values), tolerance)
    if mode == "rates":
        runs = _cached(lab, key, lambda: compare_rates(data, capped, values, tolerance))
    elif mode == "optimizers":
        runs = _cached(lab, key, lambda: compare_optimizers(data, capped, tolerance))
    else:
        runs = _cached(lab, key, lambda: compare_batches(data, capped, values, tolerance))
    if not runs:
        return
    start = (settings.w0, settings.b0)
    # the axes follow the runs that stay finite; a diverging path runs off the chart
    finite_runs = [r for r in runs if r.diverged_at < 0]
    Ws = np.concatenate([r.W for r in finite_runs] + [[start[0]]])
    bs = np.concatenate([r.b for r in finite_runs] + [[start[1]]])
    W_range, b_range = view_ranges(data.train_stats, Ws, bs, limit=readable_limit(a, start))
    c1, c2 = st.columns(2)
    c1.plotly_chart(figures.compare_paths(data.train_stats, a, runs, W_range, b_range, words, dark),
                    config=CHART, key="cmp_paths")
    c2.plotly_chart(figures.compare_costs(runs, words, dark), config=CHART, key="cmp_costs")
    st.dataframe(pd.DataFrame({
        words["run"]: [r.label for r in runs],
        words["status"]: [figures.status_text(r, words) for r in runs],
        words["final_cost"]: [f"{r.cost[r.diverged_at - 1 if r.diverged_at > 0 else -1]:.6g}"
                          for r in runs],
    }), hide_index=True, key="cmp_table")


def _suggest(bound: float) -> None:
    st.session_state.cmp_rates = suggested_rates(bound)


def sweep_ui(lab: Lab, words: dict, dark: bool) -> None:
    st.subheader(words["sweep"])
    settings = lab.settings.but(epochs=min(lab.settings.epochs, EPOCH_CAP))
    tolerance = st.session_state.get("cmp_tol", 1e-4)
    key = ("sweep", lab.data_version, settings.epochs, settings.w0, settings.b0, tolerance)
    sweep = _cached(lab, key, lambda: sweep_rates(lab.data, settings, tolerance, SWEEP_COUNT))
    st.plotly_chart(figures.rate_sweep(sweep, words, dark), config=CHART, key="sweep")
    diverged = np.nonzero(sweep.diverged_at >= 0)[0]
    if diverged.size:
        st.caption(words["cliff"].format(lr=sweep.lrs[diverged[0]], bound=sweep.bound))


def distance_ui(lab: Lab, words: dict, dark: bool) -> None:
    a = analyse(lab.data.train_stats)
    if not a.unique_optimum:
        return
    h = lab.state.history
    if len(h) < 2:
        return
    st.subheader(words["distance"])
    d = distance_to_optimum(h["W"], h["b"], a.W_best, a.b_best)
    epochs = h["epoch"]
    rate = a.slow_rate(lab.settings.lr)
    theory = predicted_distance(epochs, rate, int(epochs[-1]), float(d[-1]))
    st.plotly_chart(figures.distance(epochs, d, theory, words, dark), config=CHART, key="distance")


def explorer_ui(lab: Lab, words: dict, dark: bool) -> None:
    stability_ui(lab, words, dark)
    compare_ui(lab, words, dark)
    sweep_ui(lab, words, dark)
    distance_ui(lab, words, dark)

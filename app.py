"""linreg: the page. Layout, widgets and callbacks; the core computes, the player moves."""

from __future__ import annotations

import streamlit as st
import torch

from linreg import figures
from linreg.analysis import analyse
from linreg.data import PRESETS, Generator, InputError, parse_csv, preset
from linreg.settings import FIELD, OPTIMIZERS, Settings
from ui import explorer, player
from ui.lab import Lab
from ui.table import apply_edits, to_dataset
from ui.texts import LANGUAGES, message, texts

torch.set_num_threads(1)
player.ensure_plotly_js()

ss = st.session_state
LR_STEPS = sorted({round(m * 10.0**e, 12) for e in range(-5, 2) for m in (1, 2, 5)} | {0.0})


# ---------------------------------------------------------------- state, once per session

def init_state() -> None:
    if "lab" in ss:
        return
    ss.lab = Lab()
    ss.lang = "en"
    ss.editor_version = 0
    ss.editor_base = ss.lab.data.to_frame()
    ss.table_error = None
    ss.notices = []  # (level, text) shown at the top until the next change of data or settings
    ss.preset = "lesson"
    sync_setting_widgets()


def sync_setting_widgets() -> None:
    """Put the lab's settings into the widgets' keys (after a reset, a link, a preset)."""
    s = ss.lab.settings
    for f in ("epochs", "w0", "b0", "optimizer", "batch_size", "momentum", "seed", "log_every"):
        ss[f"set_{f}"] = getattr(s, f)
    ss.set_lr = s.lr
    ss.set_lr_slider = min(LR_STEPS, key=lambda v: abs(v - s.lr))


def choice_ui(where, label: str, options, state_key: str, prefix: str, on_change) -> None:
    """A selectbox of translated choices; its value lives in ss[state_key].

    The widget's key carries the language: the browser keeps showing the old label of a
    keyed selectbox when only its option labels change.
    """
    words = texts(ss.lang)  # bound now: format_func may run outside this script run
    widget_key = f"{state_key}__{ss.lang}"

    def changed():
        ss[state_key] = ss[widget_key]
        on_change()

    where.selectbox(label, options, index=list(options).index(ss[state_key]), key=widget_key,
                    format_func=lambda o: words[f"{prefix}{o}"], on_change=changed)


def is_dark() -> bool:
    return getattr(st.context.theme, "type", None) == "dark"


def t(key: str) -> str:
    return texts(ss.lang)[key]


def say(level: str, error) -> None:
    ss.notices.append((level, message(ss.lang, error.code, error.params)))


# ---------------------------------------------------------------- callbacks

def on_action() -> None:
    """The player's buttons and keys send an action; the script applies it before drawing."""
    ss.pending_action = (ss.get("player") or {}).get("action")


def apply_action(action) -> None:
    """One action with the epoch the player shows: step, play, pause, run to end, reset."""
    if not isinstance(action, dict):
        return
    lab: Lab = ss.lab
    name = action.get("name")
    epoch = action.get("epoch")
    if isinstance(epoch, (int, float)) and not isinstance(epoch, bool):
        lab.showing(int(epoch))
    if name == "step":
        lab.step(1)
    elif name == "step10":
        lab.step(10)
    elif name == "play":
        lab.play()
    elif name == "pause" or name == "finished":
        if action.get("token") == lab.play_token:
            lab.pause(lab.shown_epoch)
    elif name == "more":
        if lab.playing and action.get("token") == lab.play_token:
            lab.train_ahead()
    elif name == "run_end":
        lab.run_to_end()
    elif name == "reset":
        lab.reset()


def on_settings() -> None:
    ss.notices = []
    values = {f: ss[f"set_{f}"] for f in
              ("epochs", "w0", "b0", "optimizer", "batch_size", "momentum", "seed", "log_every")}
    values["lr"] = ss.set_lr
    try:
        settings = Settings(**values)
    except InputError as error:
        say("error", error)
        sync_setting_widgets()
        return
    ss.lab.change_settings(settings)


def on_lr_slider() -> None:
    ss.set_lr = float(ss.set_lr_slider)
    on_settings()


def on_lr_number() -> None:
    ss.set_lr_slider = min(LR_STEPS, key=lambda v: abs(v - ss.set_lr))
    on_settings()


def replace_data(data) -> None:
    """A whole new data set: the table starts over from it and training restarts."""
    ss.lab.change_data(data, restart=True)
    ss.editor_version += 1
    ss.editor_base = data.to_frame()
    ss.table_error = None
    ss.edits_seen = None


def on_preset() -> None:
    ss.notices = []
    replace_data(preset(ss.preset))


def on_generate() -> None:
    ss.notices = []
    try:
        gen = Generator(n=int(ss.gen_n), slope=float(ss.gen_slope),
                        intercept=float(ss.gen_intercept), noise=float(ss.gen_noise),
                        seed=int(ss.gen_seed), test_fraction=float(ss.gen_test_fraction),
                        x_low=0.0, x_high=5.0)
        replace_data(gen.make())
    except InputError as error:
        say("error", error)


def on_upload() -> None:
    ss.notices = []
    upload = ss.get("upload")
    if upload is None:
        return
    try:
        parsed = parse_csv(upload.getvalue())
    except InputError as error:
        say("error", error)
        ss.notices.append(("info", t("kept_last_good")))
        return
    for notice in parsed.notices:
        say("warning", notice)
    replace_data(parsed.dataset)
    ss.notices.append(("success", t("data_loaded").format(n=parsed.dataset.size)))


def apply_table_edits() -> None:
    """Apply the editor's edits when they changed (read from session state, so tests can too)."""
    edits = ss.get(f"editor_{ss.editor_version}")
    fingerprint = repr(edits)
    if fingerprint == ss.get("edits_seen"):
        return
    ss.edits_seen = fingerprint
    if not edits:
        return
    table = apply_edits(ss.editor_base, edits)
    try:
        data = to_dataset(table)
    except InputError as error:
        ss.table_error = message(ss.lang, error.code, error.params)
        return
    ss.table_error = None
    if data != ss.lab.data:
        ss.lab.change_data(data, restart=False)


# ---------------------------------------------------------------- widgets

def language_ui() -> None:
    st.sidebar.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get,
                     key="lang", horizontal=True)


def data_ui() -> None:
    sb = st.sidebar
    sb.header(t("data"))
    choice_ui(sb, t("preset"), list(PRESETS), "preset", "preset_", on_preset)
    with sb.expander(t("generator")):
        st.number_input(t("gen_n"), 2, 100_000, 20, key="gen_n")
        st.number_input(t("gen_slope"), -100.0, 100.0, 2.0, key="gen_slope")
        st.number_input(t("gen_intercept"), -100.0, 100.0, 1.0, key="gen_intercept")
        st.number_input(t("gen_noise"), 0.0, 100.0, 1.0, key="gen_noise")
        st.number_input(t("gen_seed"), 0, 2**31 - 1, 1, key="gen_seed")
        st.slider(t("gen_test_fraction"), 0.0, 0.5, 0.2, 0.05, key="gen_test_fraction")
        st.button(t("generate"), on_click=on_generate, width="stretch")
    sb.file_uploader(t("upload"), type=["csv", "txt", "tsv"], key="upload",
                     on_change=on_upload)
    sb.download_button(t("download_csv"), ss.lab.data.to_csv(), "points.csv", "text/csv",
                       width="stretch")


def settings_ui() -> None:
    sb = st.sidebar
    sb.header(t("settings"))
    sb.select_slider(t("lr"), LR_STEPS, key="set_lr_slider", on_change=on_lr_slider,
                     help=t("lr_help"))
    lr = FIELD["lr"]
    sb.number_input(t("lr"), lr.low, lr.high, key="set_lr", step=0.001, format="%.6g",
                    on_change=on_lr_number, label_visibility="collapsed")
    a = analyse(ss.lab.data.train_stats)
    sb.plotly_chart(figures.rate_zones(a, ss.lab.settings.lr, texts(ss.lang), is_dark()),
                    config={"displayModeBar": False}, key="lr_zones")
    if a.unique_optimum:
        sb.caption(t("lr_zone").format(smooth=f"{a.smooth_bound:.4g}",
                                       bound=f"{a.stability_bound:.4g}"))
    for name, step in (("epochs", 100), ("w0", 0.5), ("b0", 0.5)):
        f = FIELD[name]
        sb.number_input(t(name), f.kind(f.low), f.kind(f.high), key=f"set_{name}",
                        step=f.kind(step), on_change=on_settings)
    choice_ui(sb, t("optimizer"), OPTIMIZERS, "set_optimizer", "opt_", on_settings)
    f = FIELD["batch_size"]
    sb.number_input(t("batch_size"), f.low, f.high, key="set_batch_size", step=1,
                    on_change=on_settings)
    if ss.set_optimizer == "momentum":
        f = FIELD["momentum"]
        sb.number_input(t("momentum"), f.low, f.high, key="set_momentum", step=0.05,
                        on_change=on_settings)
    with sb.expander("…"):
        for name in ("seed", "log_every"):
            f = FIELD[name]
            st.number_input(t(name), f.low, f.high, key=f"set_{name}", step=1,
                            on_change=on_settings)
    st.sidebar.toggle(t("show_3d"), key="show_3d")


def notices_ui() -> None:
    for level, text in ss.notices:
        getattr(st, level)(text)
    if ss.table_error:
        st.error(ss.table_error + " " + t("kept_last_good"))


def table_ui() -> None:
    st.caption(t("table_help"))
    lab: Lab = ss.lab
    st.caption(t("points_summary").format(n_train=lab.data.n_train, n_test=lab.data.n_test))
    if len(ss.editor_base) > 5000:
        st.dataframe(ss.editor_base, height=300)
        return
    st.data_editor(
        ss.editor_base, key=f"editor_{ss.editor_version}", num_rows="dynamic",
        width="stretch", hide_index=False,
        column_config={
            "x": st.column_config.NumberColumn("x", required=True, format="%.6g"),
            "y": st.column_config.NumberColumn("y", required=True, format="%.6g"),
            "set": st.column_config.SelectboxColumn(t("set"), options=["train", "test"],
                                                    required=True, default="train"),
        },
    )


# ---------------------------------------------------------------- the page

st.set_page_config(page_title="linreg", page_icon="📉", layout="wide")
init_state()
apply_action(ss.pop("pending_action", None))
apply_table_edits()
language_ui()
data_ui()
settings_ui()

st.title(t("title"))
st.caption(t("intro"))
notices_ui()
lab: Lab = ss.lab
dark = is_dark()
player.mount(player.payload(lab, texts(ss.lang), dark=dark, show_3d=ss.get("show_3d", False)),
             on_action)
st.caption(t("engine_fast") if lab.state.engine == "fast" else t("engine_faithful"))

tab_data, tab_rates, tab_help = st.tabs([t("tab_data"), t("tab_rates"), t("tab_help")])
with tab_data:
    table_ui()
with tab_rates:
    explorer.explorer_ui(lab, texts(ss.lang), dark)
with tab_help:
    st.markdown(t("help_body"))
    st.info(t("lesson_quirk"))

"""The sidebar: language, data, settings, view and sharing. Each returns nothing; widgets
write to session state and call back into ui.session."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from linreg import missions
from linreg.analysis import analyse
from linreg.presets import PRESETS
from linreg.settings import FIELD, OPTIMIZERS
from linreg.share import LOCKABLE, encode, link_has_points, to_json
from linreg.texts import LANGUAGES, texts

from . import changes, session
from .changes import RATE_SLIDER
from .state import locked, page, ss, word

NO_BAR = {"displayModeBar": False}


def choice(where, label: str, options, value: str, key: str, prefix: str, on_change,
           disabled: bool = False) -> None:
    """A selectbox of translated choices showing `value`; a choice calls on_change(choice).

    The widget's key carries the language: the browser keeps showing the old label of a
    keyed selectbox when only its option labels change.
    """
    words = texts(ss.lang)  # bound now: format_func may run outside this script run
    widget_key = f"{key}__{ss.lang}"

    def changed():
        if widget_key in ss:  # not emptied meanwhile by ui/changes.put_widgets
            on_change(ss[widget_key])

    where.selectbox(label, options, index=list(options).index(value), key=widget_key,
                    format_func=lambda o: words[f"{prefix}{o}"], on_change=changed,
                    disabled=disabled)


def language_ui() -> None:
    st.sidebar.radio(word("language"), list(LANGUAGES), format_func=LANGUAGES.get,
                     key="lang", horizontal=True)


def data_ui() -> None:
    sb = st.sidebar
    sb.header(word("data"))
    data_locked = locked("data")
    choice(sb, word("preset"), list(PRESETS), page().preset, "preset", "preset_",
           session.on_preset, data_locked)
    with sb.expander(word("generator")):
        st.number_input(word("gen_n"), 2, 1_000_000, 20, key="gen_n", disabled=data_locked)
        st.number_input(word("gen_slope"), -100.0, 100.0, 2.0, key="gen_slope",
                        disabled=data_locked)
        st.number_input(word("gen_intercept"), -100.0, 100.0, 1.0, key="gen_intercept",
                        disabled=data_locked)
        st.number_input(word("gen_noise"), 0.0, 100.0, 1.0, key="gen_noise", disabled=data_locked)
        st.number_input(word("gen_seed"), 0, 2**31 - 1, 1, key="gen_seed", disabled=data_locked)
        st.slider(word("gen_test_fraction"), 0.0, 0.5, 0.2, 0.05, key="gen_test_fraction",
                  disabled=data_locked)
        st.button(word("generate"), on_click=session.on_generate, width="stretch",
                  disabled=data_locked)
    sb.file_uploader(word("upload"), type=["csv", "txt", "tsv", "json"], key="upload",
                     on_change=session.on_upload, disabled=data_locked)
    sb.caption(word("upload_hint"))


def settings_ui(dark: bool) -> None:
    sb = st.sidebar
    sb.header(word("settings"))
    settings = ss.lab.settings
    # one rate on both controls (ui/changes puts the Lab's in both): the slider's stops
    # hold the field's exact rate
    sb.select_slider(word("lr"), session.lr_steps(settings.lr), key=RATE_SLIDER,
                     format_func=session.lr_label, on_change=session.on_setting,
                     args=("lr", RATE_SLIDER), help=word("lr_help"), disabled=locked("lr"))
    lr = FIELD["lr"]
    sb.number_input(word("lr"), lr.low, lr.high, key="set_lr", step=0.001, format=session.LR_FORMAT,
                    on_change=session.on_setting, args=("lr", "set_lr"),
                    label_visibility="collapsed", disabled=locked("lr"))
    a = analyse(ss.lab.data.train_stats)
    if a.unique_optimum:
        sb.caption(word("lr_zone").format(smooth=f"{a.smooth_bound:.4g}",
                                       bound=f"{a.stability_bound:.4g}"))
    else:
        sb.warning(word("no_unique"))
    for name, step in (("epochs", 100), ("w0", 0.5), ("b0", 0.5)):
        setting_field(sb, name, step)
    choice(sb, word("optimizer"), OPTIMIZERS, settings.optimizer, "set_optimizer", "opt_",
           session.on_optimizer, locked("optimizer"))
    setting_field(sb, "batch_size", 1)
    if settings.optimizer == "momentum":
        setting_field(sb, "momentum", 0.05)
    with sb.expander(word("more_settings")):
        for name in ("seed", "log_every"):
            setting_field(st, name, 1)
    changes.widgets_drawn()


def setting_field(where, name: str, step) -> None:
    """One setting's field, within its limits; a change goes to the Lab."""
    f = FIELD[name]
    where.number_input(word(name), f.kind(f.low), f.kind(f.high), key=f"set_{name}",
                       step=f.kind(step), on_change=session.on_setting, args=(name, f"set_{name}"),
                       disabled=locked(name))


def view_ui() -> None:
    sb = st.sidebar
    sb.header(word("view"))
    sb.toggle(word("show_3d"), key="show_3d")
    sb.toggle(word("present"), key="present", help=word("present_help"))
    sb.toggle(word("reduced_motion"), key="reduced_motion", help=word("reduced_motion_help"))
    sb.toggle(word("predictions_on"), key="predict", help=word("predictions_help"))


def missions_ui() -> None:
    """The course of missions: progress, the one under way with its goal and verdict."""
    sb = st.sidebar
    sb.header(word("missions"))
    ids = [m.id for m in missions.MISSIONS]
    mission = page().mission
    sb.caption(word("missions_progress").format(solved=len(mission.solved & set(ids)),
                                                total=len(ids)))
    words = texts(ss.lang)
    numbers = missions.numbers(ss.lab)
    if mission.current is None:
        solved = set(mission.solved)  # bound now: format_func may run outside this script run
        first = next((k for k, i in enumerate(ids) if i not in solved), 0)
        pick = sb.selectbox(word("mission_choose"), ids, index=first, key="mission_pick",
                            format_func=lambda i: ("✓ " if i in solved else "")
                            + words[f"mission_{i}_title"])
        sb.button(word("mission_start"), on_click=session.start_mission, args=(pick,),
                  width="stretch", key="mission_start")
        return
    m = missions.BY_ID[mission.current]
    box = sb.container(border=True)
    box.markdown(f"**{words[f'mission_{m.id}_title']}**")
    box.write(words[f"mission_{m.id}_goal"])
    if m.asks:
        box.text_input(word(f"mission_answer_{m.asks}"), key="mission_answer",
                       max_chars=missions.MAX_ANSWER_CHARS)
        box.button(word("mission_check"), key="mission_check")
    progress = session.mission_progress()
    if progress.status == missions.SOLVED:
        box.success(word("mission_solved").format(
            idea=words[f"mission_{m.id}_idea"].format(**numbers)))
    elif progress.status == missions.TRIED:
        hint_key = f"mission_{m.id}_hint" + (f"_{progress.why}" if f"mission_{m.id}_hint_"
                                              f"{progress.why}" in words else "")
        box.warning(word("mission_hint").format(hint=words[hint_key].format(**numbers)))
    else:
        box.caption(word("mission_open"))
    box.button(word("mission_leave"), on_click=session.leave_mission, key="mission_leave")


def page_link() -> str:
    """The full link of this setup, as students should open it."""
    base = st.context.url or "http://127.0.0.1:8501/"
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    if host in ("127.0.0.1", "localhost", "0.0.0.0") and serving_a_room():
        host = room_address() or host
    netloc = f"{host}:{parts.port}" if parts.port else host
    query = urlencode(encode(ss.lab.settings, ss.lab.data, session.view()))
    return urlunsplit((parts.scheme or "http", netloc, parts.path or "/", query, ""))


def serving_a_room() -> bool:
    return st.get_option("server.address") in ("0.0.0.0", "::")


def room_address() -> str | None:
    """This machine's address on the room's network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return None


def qr_svg(text: str) -> str:
    """An SVG string: shown inline, so no media file can go missing between reruns."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False,
                                     svgns=True, dark="black", light="white")
    return buffer.getvalue().decode("utf-8")


def share_ui() -> None:
    sb = st.sidebar
    sb.header(word("share"))
    link = page_link()
    sb.caption(word("share_help"))
    # a plain link: as code (st.code, or `backticks`) it would load a highlighter or a font
    sb.markdown(f"[{link}]({link})")
    if not link_has_points(ss.lab.data):
        sb.warning(word("link_without_points"))
    # drawn when asked for: a page with the code on every load paints later
    if sb.toggle(word("qr"), key="show_qr"):
        sb.image(qr_svg(link), caption=word("qr_caption"))
        if not serving_a_room():
            sb.caption(word("room_hint"))
    if not page().locks:
        words = texts(ss.lang)
        sb.multiselect(word("lock"), list(LOCKABLE), key="share_locks",
                       format_func=lambda n: words.get(n, n), help=word("lock_help"))
    # built when clicked, not on every run: with a million points it is tens of MB
    settings, data, view = ss.lab.settings, ss.lab.data, session.view()
    sb.download_button(word("download_setup"), lambda: to_json(settings, data, view),
                       "linreg-setup.json", "application/json", width="stretch",
                       on_click="ignore")

"""One person's session: set up once (from the link), then changed only through callbacks."""

from __future__ import annotations

import math
import time

import streamlit as st

from linreg import missions
from linreg.data import Generator, InputError, parse_csv, preset
from linreg.edits import edit_start
from linreg.lab import Lab
from linreg.questions import Answer
from linreg.settings import FIELDS, Settings
from linreg.share import View, decode, encode, from_json
from linreg.texts import MESSAGES, message, texts

from .table import apply_edits, to_dataset

ss = st.session_state
SETTING_NAMES = [f.name for f in FIELDS]
LR_STEPS = sorted({round(m * 10.0**e, 12) for e in range(-5, 2) for m in (1, 2, 5)} | {0.0})
# a value a field showed before the page changed it may come back from the browser for a
# moment, as if chosen (a rerun asked before the new value arrived): it is not taken then
ECHO_SECONDS = 1.5
LR_FORMAT = "%.6g"  # the exact field's format; the slider labels its stops the same way


def lr_steps(lr: float) -> list[float]:
    """The slider's stops: 1, 2 and 5 a decade, and the rate in use, so the slider shows
    the exact rate the field shows (0.19, not its neighbour 0.2)."""
    return sorted(set(LR_STEPS) | {float(lr)})


def lr_label(lr: float) -> str:
    return LR_FORMAT % lr


def init() -> None:
    """The first run of a session builds the setup its link describes."""
    if "lab" in ss:
        return
    setup = decode(st.query_params.to_dict())
    ss.lab = Lab(setup.data or preset("lesson"), setup.settings)
    locale = (st.context.locale or "").lower()
    lang = setup.view.lang
    if "lang" not in st.query_params and locale.startswith("ko"):
        lang = "ko"
    ss.lang = lang
    ss.show_3d = setup.view.show_3d
    ss.present = setup.view.present
    ss.calm = setup.view.reduced_motion
    ss.locks = set(setup.view.locks)  # locked by the link: shown, not changeable
    ss.predict = setup.view.predict
    ss.embed = embedded()
    ss.mission = setup.view.mission
    ss.solved = set(setup.view.solved)
    ss.mission_answer = ""
    ss.mission_status = None
    own = set(decode(missions.BY_ID[ss.mission].setup).view.locks) if ss.mission else set()
    ss.link_locks = set(ss.locks) - own  # what leaving a mission keeps locked
    ss.share_locks = []  # what the teacher chooses to lock in the link they hand out
    ss.editor_version = 0
    ss.editor_base = ss.lab.data.to_frame()
    ss.table_error = None
    ss.notices = [("warning", n.code, n.params) for n in setup.notices]
    ss.preset = next((name for name in ("lesson", "lesson_first", "noisy", "outlier",
                                        "unscaled") if preset(name) == ss.lab.data), "lesson")
    sync_setting_widgets()


def embedded() -> bool:
    """`embed=1` (or Streamlit's own `embed=true`) in the address: Streamlit hides that
    parameter from st.query_params, so it is read from the address the browser sent."""
    from urllib.parse import parse_qs

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    values = parse_qs(getattr(ctx, "query_string", "") or "").get("embed", [])
    return bool(values) and values[-1].strip().lower() in ("1", "true", "yes", "on")


def in_fragment_run() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def sync_setting_widgets() -> None:
    """Put the lab's settings into the widgets' keys (after a link, a file, a bad value).

    A value put in a field's key reaches the browser only in a run that draws the field: not
    in a run of a fragment, nor in a run cut short by the next one. The browser's old value
    would then come back with the next click. So the values are put again at the top of each
    whole run until the sidebar has drawn them (widgets_due, cleared by controls)."""
    ss.widgets_due = True
    if in_fragment_run():
        return
    s = ss.lab.settings
    for name in SETTING_NAMES:
        if f"set_{name}" in ss and ss[f"set_{name}"] != getattr(s, name):
            _remember_echo(name, ss[f"set_{name}"])
        ss[f"set_{name}"] = getattr(s, name)
    ss.set_lr_slider = s.lr
    for key in [k for k in ss if str(k).startswith(("set_optimizer__", "preset__"))]:
        del ss[key]  # choice boxes take their value from set_optimizer / preset again


def word(key: str) -> str:
    return texts(ss.lang)[key]


def note(level: str, code: str, **params) -> None:
    """A message at the top of the page until the next change; rendered in the language
    shown at the time (so switching language translates it too)."""
    ss.notices.append((level, code, params))


def render_notice(code: str, params: dict) -> str:
    if code in MESSAGES["en"]:
        return message(ss.lang, code, params)
    return texts(ss.lang)[code].format(**params)


def view() -> View:
    return View(lang=ss.lang, show_3d=ss.show_3d, present=ss.present, reduced_motion=ss.calm,
                locks=frozenset(ss.locks) | frozenset(ss.get("share_locks", [])),
                predict=ss.predict, mission=ss.mission, solved=frozenset(ss.solved),
                embed=ss.embed)


def sync_link() -> None:
    """Keep the URL equal to the setup (never the training progress): a link rebuilds it."""
    params = encode(ss.lab.settings, ss.lab.data, view())
    in_class = ss.get("class_page")  # ui/class_room.py's ClassPage
    role = in_class.role if in_class else None
    if role == "student":
        params = {"join": in_class.code}  # the class gives the setup; a reload joins again
    elif role is None and ss.get("class_join_code") and \
            "join" in st.query_params:
        params["join"] = st.query_params["join"]
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def leave_presentation() -> None:
    ss.present = False


def locked(name: str) -> bool:
    return name in ss.locks


# ---------------------------------------------------------------- the player's actions

def on_action() -> None:
    """The player's buttons and keys send an action; the script applies it before drawing."""
    ss.pending_action = (ss.get("player") or {}).get("action")


def whole_number(value) -> int | None:
    """An epoch from the browser as an int, or None for anything else (inf, NaN, text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def apply_action(action) -> None:
    """One action with the epoch the player shows: step, play, pause, run to end, reset."""
    if not isinstance(action, dict):
        return
    lab: Lab = ss.lab
    name = action.get("name")
    held = action.get("figures")  # the figures the player has: this answer need not repeat them
    ss.player_figures = held if isinstance(held, str) else None
    held = action.get("rows")  # and the class's run a following page holds
    ss.player_rows = held if isinstance(held, str) else None
    frozen = getattr(ss.get("class_page"), "frozen", False)  # ui/class_room.py's ClassPage
    if frozen and name not in ("more", "finished", "class_sync"):
        return  # a class's page following its teacher: the teacher's buttons drive it
    epoch = whole_number(action.get("epoch"))
    if epoch is not None:
        lab.showing(epoch)
    if name in ("step", "step10"):
        to = action.get("to")  # the epoch the player shows already, from the rows ahead
        if isinstance(to, int) and not isinstance(to, bool):
            lab.step_to(to)
        else:
            lab.step(10 if name == "step10" else 1)
    elif name == "play":
        lab.play()
    elif name in ("pause", "finished"):
        if action.get("token") == lab.play_token:
            lab.pause(lab.shown_epoch)
    elif name == "more":
        if lab.playing and action.get("token") == lab.play_token:
            lab.train_ahead()
    elif name == "run_end":
        lab.run_to_end()
    elif name == "reset":
        lab.reset()
    elif name == "edit":
        apply_edit(action)
    elif name == "set_lr":
        apply_rate(action.get("lr"))
    elif name == "predict":
        apply_prediction(action.get("answer"))
    elif name == "undo":
        ss.notices = []
        if lab.undo():
            refresh_table()
            sync_setting_widgets()
        else:
            note("info", "undo_empty")


def apply_player_action(action) -> bool:
    """An action in a rerun of the player alone; True when the rest of the page must follow
    (the points or the start changed, a message appeared, or an open tab shows the run)."""
    before = list(ss.notices)
    apply_action(action)
    if not isinstance(action, dict):
        return False
    name = action.get("name")
    if name in ("edit", "undo", "set_lr") or ss.notices != before:
        return True
    return name != "more" and ss.get("tab") in (word("tab_rates"), word("tab_export"))


def apply_edit(edit: dict) -> None:
    """A point or the start moved by hand on a plot; checked here, whatever the browser sent."""
    ss.notices = []
    lab: Lab = ss.lab
    op = edit.get("op")
    try:
        if op == "start":
            if locked("w0") or locked("b0"):
                raise InputError("edit_locked", name="W, b")
            W, b = edit_start(edit)
            lab.edit_start(lab.settings.but(w0=W, b0=b))
            sync_setting_widgets()
        else:
            if locked("data"):
                raise InputError("edit_locked", name=word("data"))
            lab.edit_points(edit)
            refresh_table()
    except InputError as error:
        note("error", error.code, **error.params)


def apply_prediction(message) -> None:
    """A prediction from the player: judged by the core, then the run shows the truth."""
    ss.notices = []
    if not ss.predict:
        return  # the questions are off: an old page's click changes nothing
    try:
        answer = Answer.from_dict(message)
    except InputError as error:
        note("error", error.code, **error.params)
        return
    ss.lab.predict(answer)


# ---------------------------------------------------------------- missions

def start_mission(mission_id: str) -> None:
    """The mission's setup (data, settings, locks) replaces the bench's; the link's own
    locks stay."""
    ss.notices = []
    setup = decode(missions.BY_ID[mission_id].setup)
    ss.lab = Lab(setup.data or preset("lesson"), setup.settings)
    ss.mission, ss.mission_answer, ss.mission_status = mission_id, "", None
    ss.locks = own_locks()
    ss.preset = "lesson" if setup.data is None else ss.preset
    refresh_table()
    sync_setting_widgets()


def leave_mission() -> None:
    ss.mission, ss.mission_status = None, None
    ss.locks = own_locks()


def own_locks() -> set:
    """What this page locks by itself: its link's locks and those of its mission."""
    mission = missions.BY_ID.get(ss.mission) if ss.mission else None
    return set(ss.link_locks) | (set(decode(mission.setup).view.locks) if mission else set())


def mission_progress() -> missions.Progress | None:
    """The mission's progress on the run as it stands (not while it plays: the core runs
    ahead of what the learner sees); a solved mission is remembered in the link."""
    if not ss.mission:
        return None
    if ss.lab.playing and ss.mission_status is not None:
        return ss.mission_status
    progress = missions.check(ss.mission, ss.lab, ss.mission_answer)
    if ss.lab.playing:
        progress = missions.Progress(missions.OPEN)
    if progress.status == missions.SOLVED:
        ss.solved.add(ss.mission)
    ss.mission_status = progress
    return progress


def apply_rate(value) -> None:
    """A rate chosen on the player's scrubber: the same rule as the sidebar's field."""
    ss.notices = []
    try:
        if locked("lr"):
            raise InputError("edit_locked", name=word("lr"))
        settings = ss.lab.settings.but(lr=value)
    except InputError as error:
        note("error", error.code, **error.params)
        return
    ss.lab.change_settings(settings)
    sync_setting_widgets()


def refresh_table() -> None:
    """The table shows the lab's points again (after an edit on a plot, or Undo)."""
    ss.editor_version += 1
    ss.editor_base = ss.lab.data.to_frame()
    ss.table_error = None
    ss.edits_seen = None


# ---------------------------------------------------------------- settings and data

def on_settings() -> None:
    if ss.get("widgets_due"):
        return  # the browser's value predates the lab's: the run puts the lab's back
    now = ss.lab.settings
    values = {name: ss[f"set_{name}"] for name in SETTING_NAMES}
    for name, value in values.items():
        if value != getattr(now, name) and _echo(name, value):
            values[name] = ss[f"set_{name}"] = getattr(now, name)
    if values == {name: getattr(now, name) for name in SETTING_NAMES}:
        ss.set_lr_slider = now.lr
        return  # only echoes: nothing was chosen
    ss.notices = []
    try:
        settings = Settings(**values)
    except InputError as error:
        note("error", error.code, **error.params)
        sync_setting_widgets()
        return
    ss.lab.change_settings(settings)


def _echo(name: str, value) -> bool:
    """Whether a field's value is the one it showed before the page (a link, the class, the
    other rate control) changed it a moment ago: the browser may send that old value back
    once, as if chosen."""
    echo = ss.get("setting_echoes", {}).get(name)
    return bool(echo) and value == echo[0] and time.monotonic() < echo[1]


def _remember_echo(name: str, before) -> None:
    ss.setdefault("setting_echoes", {})[name] = (before, time.monotonic() + ECHO_SECONDS)


def _on_rate(chosen: str, other: str) -> None:
    """A rate chosen on one control (the slider or the exact field): the other follows."""
    if _echo("lr", float(ss[chosen])):
        ss[chosen] = ss[other] = ss.lab.settings.lr
        return
    before = ss.lab.settings.lr
    ss[other] = float(ss[chosen])
    on_settings()
    if before != ss.lab.settings.lr:
        _remember_echo("lr", float(before))


def on_lr_slider() -> None:
    _on_rate("set_lr_slider", "set_lr")


def on_lr_number() -> None:
    _on_rate("set_lr", "set_lr_slider")


def replace_data(data) -> None:
    """A whole new data set: the table starts over from it and training restarts."""
    ss.lab.change_data(data, restart=True)
    refresh_table()


def on_preset() -> None:
    ss.notices = []
    replace_data(preset(ss.preset))


def on_generate() -> None:
    ss.notices = []
    try:
        gen = Generator(n=int(ss.gen_n), slope=float(ss.gen_slope),
                        intercept=float(ss.gen_intercept), noise=float(ss.gen_noise),
                        seed=int(ss.gen_seed), test_fraction=float(ss.gen_test_fraction))
        replace_data(gen.make())
    except InputError as error:
        note("error", error.code, **error.params)


def on_upload() -> None:
    """A CSV of points, or a setup saved as JSON."""
    ss.notices = []
    upload = ss.get("upload")
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        if upload.name.lower().endswith(".json"):
            setup = from_json(raw)
            for n in setup.notices:
                note("warning", n.code, **n.params)
            ss.lab.change_settings(setup.settings)
            replace_data(setup.data)
            ss.lang, ss.show_3d = setup.view.lang, setup.view.show_3d
            ss.present, ss.calm = setup.view.present, setup.view.reduced_motion
            ss.share_locks = sorted(setup.view.locks)
            sync_setting_widgets()
            note("success", "setup_loaded")
            return
        parsed = parse_csv(raw)
    except InputError as error:
        note("error", error.code, **error.params)
        note("info", "kept_last_good")
        return
    for n in parsed.notices:
        note("warning", n.code, **n.params)
    replace_data(parsed.dataset)
    note("success", "data_loaded", n=parsed.dataset.size)


def apply_table_edits() -> None:
    """Apply the editor's edits when they changed (read from session state, so tests can too)."""
    edits = ss.get(f"editor_{ss.editor_version}")
    fingerprint = repr(edits)
    if fingerprint == ss.get("edits_seen"):
        return
    ss.edits_seen = fingerprint
    if not edits or locked("data"):
        return
    table = apply_edits(ss.editor_base, edits)
    try:
        data = to_dataset(table)
    except InputError as error:
        ss.table_error = (error.code, error.params)
        return
    ss.table_error = None
    if data != ss.lab.data:
        ss.lab.remember()
        ss.lab.change_data(data, restart=False)

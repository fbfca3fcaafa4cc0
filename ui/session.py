"""One person's session: set up once (from the link), then changed only through callbacks.
Every change of the Lab goes through ui/changes.apply."""

from __future__ import annotations

import math
from dataclasses import replace

import streamlit as st

from linreg import missions
from linreg.edits import edit_start
from linreg.errors import InputError
from linreg.parsing import parse_csv
from linreg.presets import Generator
from linreg.questions import Answer
from linreg.share import View, decode, encode, from_json
from linreg.texts import MESSAGES, message, texts

from . import changes
from .changes import Change, Source
from .state import MissionState, PageState, note, page, ss, word
from .table import apply_edits, to_dataset

LR_STEPS = sorted({round(m * 10.0**e, 12) for e in range(-5, 2) for m in (1, 2, 5)} | {0.0})
LR_FORMAT = "%.6g"  # the exact field's format; the slider labels its stops the same way


def lr_steps(lr: float) -> list[float]:
    """The slider's stops: 1, 2 and 5 a decade, and the rate in use, so the slider shows
    the exact rate the field shows (0.19, not its neighbour 0.2). The rates it showed before
    stay stops while they may be sent back (ui/changes' Echo): Streamlit reads a value that
    is no stop as the first stop, 0, which the echo guard could not tell from a choice."""
    echo = page().echoes.get("lr")
    return sorted(set(LR_STEPS) | {float(lr)} | {float(v) for v in (echo.shown if echo else ())})


def lr_label(lr: float) -> str:
    return LR_FORMAT % lr


def init() -> None:
    """The first run of a session builds the setup its link describes."""
    if "page" in ss:
        return
    setup = decode(st.query_params.to_dict())
    view = setup.view
    if "lang" not in st.query_params and (st.context.locale or "").lower().startswith("ko"):
        view = replace(view, lang="ko")
    ss.page = PageState(
        embed=embedded(), link_locks=view.locks - mission_locks(view.mission),
        mission=MissionState(current=view.mission, solved=set(view.solved)),
        notices=[("warning", n.code, n.params) for n in setup.notices])
    changes.apply(changes.whole(setup, locks=view.locks, view=view), Source.LINK)


def embedded() -> bool:
    """`embed=1` (or Streamlit's own `embed=true`) in the address: Streamlit hides that
    parameter from st.query_params, so it is read from the address the browser sent."""
    from urllib.parse import parse_qs

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    values = parse_qs(getattr(ctx, "query_string", "") or "").get("embed", [])
    return bool(values) and values[-1].strip().lower() in ("1", "true", "yes", "on")


def render_notice(code: str, params: dict) -> str:
    if code in MESSAGES["en"]:
        return message(ss.lang, code, params)
    return texts(ss.lang)[code].format(**params)


def refuse(error: InputError) -> None:
    """A person's change that cannot be read: its message replaces the page's."""
    page().notices.clear()
    note("error", error.code, **error.params)


def view() -> View:
    state = page()
    return View(lang=ss.lang, show_3d=ss.show_3d, present=ss.present,
                reduced_motion=ss.reduced_motion,
                locks=state.locks | frozenset(ss.get("share_locks", [])),
                predict=ss.predict, mission=state.mission.current,
                solved=frozenset(state.mission.solved), embed=state.embed)


def sync_link() -> None:
    """Keep the URL equal to the setup (never the training progress): a link rebuilds it."""
    params = encode(ss.lab.settings, ss.lab.data, view()) | page().lesson.link()
    in_class = ss.get("class_page")  # ui/class_room.py's ClassPage
    role = in_class.role if in_class else None
    if role == "student":
        params = {"join": in_class.code}  # the class gives the setup; a reload joins again
    elif role is None and ss.get("class_join_code") and "join" in st.query_params:
        params["join"] = st.query_params["join"]
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def leave_presentation() -> None:
    ss.present = False


# ---------------------------------------------------------------- the player's actions

def on_action() -> None:
    """The player's buttons and keys send an action; the script applies it before drawing."""
    page().player.action = (ss.get("player") or {}).get("action")


def take_action() -> dict | None:
    """The player's action not yet applied (once only)."""
    mail = page().player
    action, mail.action = mail.action, None
    return action


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
    lab = ss.lab
    name = action.get("name")
    held = action.get("figures")  # the figures the player has: this answer need not repeat them
    page().player.figures = held if isinstance(held, str) else None
    held = action.get("rows")  # and the class's run a following page holds
    page().player.rows = held if isinstance(held, str) else None
    if name == "drawn":  # the player's first plots are on screen
        page().plots_drawn = True
    led = getattr(ss.get("class_page"), "led_by_teacher", False)  # ui/class_room.py's ClassPage
    if led and name not in ("more", "finished", "class_sync"):
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
    elif name == "set_lr":  # the rate chosen on the player's scrubber
        changes.apply(Change(settings={"lr": action.get("lr")}), Source.SCRUBBER)
    elif name == "predict":
        apply_prediction(action.get("answer"))
    elif name == "undo":
        changes.apply(Change(), Source.UNDO)


def apply_player_action(action) -> bool:
    """An action in a rerun of the player alone; True when the rest of the page must follow
    (the points or the start changed, a message appeared, or an open tab shows the run)."""
    before, drawn = list(page().notices), page().plots_drawn
    apply_action(action)
    if not isinstance(action, dict):
        return False
    name = action.get("name")
    if name in ("edit", "undo", "set_lr") or page().notices != before:
        return True
    if name == "drawn":
        return not drawn  # the first plots are on screen: now the sidebar and the tabs
    return name != "more" and ss.get("tab") in (word("tab_rates"), word("tab_export"))


def apply_edit(edit: dict) -> None:
    """A point or the start moved by hand on a plot; checked here, whatever the browser sent."""
    if edit.get("op") != "start":
        changes.apply(Change(points=edit), Source.PLOT)
        return
    try:
        W, b = edit_start(edit)
    except InputError as error:
        refuse(error)
        return
    changes.apply(Change(settings={"w0": W, "b0": b}), Source.PLOT)


def apply_prediction(answer) -> None:
    """A prediction from the player: judged by the core, then the run shows the truth."""
    page().notices.clear()
    if not ss.predict:
        return  # the questions are off: an old page's click changes nothing
    try:
        ss.lab.predict(Answer.from_dict(answer))
    except InputError as error:
        note("error", error.code, **error.params)


# ---------------------------------------------------------------- missions

def mission_locks(mission_id: str | None) -> frozenset:
    mission = missions.BY_ID.get(mission_id) if mission_id else None
    return frozenset(decode(mission.setup).view.locks) if mission else frozenset()


def own_locks() -> frozenset:
    """What this page locks by itself: its link's locks, its lesson screen's and those of its
    mission."""
    state = page()
    return state.link_locks | state.lesson.screen_locks() | mission_locks(state.mission.current)


def start_mission(mission_id: str) -> None:
    """The mission's setup (data, settings, locks) replaces the Lab's; the link's own locks
    stay."""
    state = page()
    state.notices.clear()
    state.mission.current, state.mission.progress = mission_id, None
    ss.mission_answer = ""
    setup = decode(missions.BY_ID[mission_id].setup)
    changes.apply(changes.whole(setup, locks=own_locks()), Source.MISSION)


def leave_mission() -> None:
    mission = page().mission
    mission.current = mission.progress = None
    changes.apply(Change(locks=own_locks()), Source.MISSION)


def mission_progress() -> missions.Progress | None:
    """The mission's progress on the run as it stands (not while it plays: the core runs
    ahead of what the learner sees); a solved mission is remembered in the link."""
    mission, lab = page().mission, ss.lab
    if not mission.current:
        return None
    if lab.playing and mission.progress is not None:
        return mission.progress
    progress = missions.check(mission.current, lab, ss.get("mission_answer", ""))
    if lab.playing:
        progress = missions.Progress(missions.OPEN)
    if progress.status == missions.SOLVED:
        mission.solved.add(mission.current)
    mission.progress = progress
    return progress


# ---------------------------------------------------------------- settings and data

def on_setting(name: str, key: str) -> None:
    """A settings field or the rate's slider (`key`) changed setting `name`."""
    changes.apply(Change(settings={name: ss[key]}), Source.SIDEBAR)


def on_optimizer(optimizer: str) -> None:
    changes.apply(Change(settings={"optimizer": optimizer}), Source.SIDEBAR)


def on_preset(name: str) -> None:
    changes.apply(Change(preset=name), Source.PRESET)


def on_generate() -> None:
    try:
        gen = Generator(n=int(ss.gen_n), slope=float(ss.gen_slope),
                        intercept=float(ss.gen_intercept), noise=float(ss.gen_noise),
                        seed=int(ss.gen_seed), test_fraction=float(ss.gen_test_fraction))
        data = gen.make()
    except InputError as error:
        refuse(error)
        return
    changes.apply(Change(data=data), Source.PRESET)


def on_upload() -> None:
    """A CSV of points, or a setup saved as JSON."""
    upload = ss.get("upload")
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        if upload.name.lower().endswith(".json"):
            setup = from_json(raw)
            change = changes.whole(setup, view=setup.view)
            warnings, done = setup.notices, ("setup_loaded", {})
        else:
            parsed = parse_csv(raw)
            change = Change(data=parsed.dataset)
            warnings, done = parsed.notices, ("data_loaded", {"n": parsed.dataset.size})
    except InputError as error:
        refuse(error)
        note("info", "kept_last_good")
        return
    if changes.apply(change, Source.FILE):
        for n in warnings:
            note("warning", n.code, **n.params)
        note("success", done[0], **done[1])


def apply_table_edits() -> None:
    """Apply the editor's edits when they changed (read from session state, so tests can too)."""
    table = page().table
    edits = ss.get(f"editor_{table.version}")
    fingerprint = repr(edits)
    if fingerprint == table.seen:
        return
    table.seen = fingerprint
    if not edits:
        return
    try:
        data = to_dataset(apply_edits(table.base, edits))
    except InputError as error:
        table.error = (error.code, error.params)
        return
    table.error = None
    if data != ss.lab.data:
        changes.apply(Change(data=data), Source.TABLE)

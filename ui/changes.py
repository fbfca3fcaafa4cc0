"""The one way into the Lab. Every control that changes a setting, the points or the start
(the sidebar, the player's scrubber and plots, the table, a preset, a file, Undo, the link,
a mission, the class) says what it asks as a Change and calls apply(). Only apply checks the
locks, changes the Lab, and puts the Lab's values into the sidebar's widgets.

Why the sidebar needs care: Streamlit sends a value put into a widget's key to the browser
only in a whole run that draws that widget (not in a run of a fragment, nor in a run cut
short by the next one). Until the browser has it, each rerun it asks for carries the old
value it shows, which arrives as if chosen; a widget may even send its old value once more
just after (a slider does). So each value the page replaces is remembered as an Echo: until
the sidebar has drawn the Lab's value, and for ECHO_SECONDS after, a value it showed before
is not taken (a value the person typed is).

A browser that outlived its server (a restart) sends the values its old page showed, and
then forgets them after this session's first run, which draws no sidebar; the sidebar then
shows each widget's default (the rate 0, 0 epochs) and sends it back as a choice. So until a
whole run has drawn the sidebar to the end, each whole run writes every value again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from linreg.dataset import Dataset
from linreg.errors import InputError
from linreg.lab import Lab
from linreg.presets import PRESETS, preset
from linreg.settings import FIELDS, Settings
from linreg.share import Setup, View

from .state import Echo, TableState, note, page, ss, word

SETTING_NAMES = tuple(f.name for f in FIELDS)
RATE_SLIDER = "set_lr_slider"  # the rate has two widgets: the slider and the exact field
VIEW_KEYS = ("lang", "show_3d", "present", "reduced_motion", "predict")  # View's, one widget each
ECHO_SECONDS = 1.5


class Source(Enum):
    """Where a change comes from: it says which locks hold and how the Lab takes it."""

    SIDEBAR = "sidebar"  # a settings field or the rate's slider: the run goes on
    SCRUBBER = "scrubber"  # the rate on the player's scrubber: the run goes on
    PLOT = "plot"  # the start or a point moved by hand on a plot: Undo takes it back
    TABLE = "table"  # the points table: Undo takes it back
    PRESET = "preset"  # a preset's points or the generator's: a new run
    FILE = "file"  # an uploaded CSV of points or setup file: a new run
    UNDO = "undo"  # the last change by hand, taken back
    LINK = "link"  # the page's address, on its first run: a new Lab
    MISSION = "mission"  # a mission's setup and locks, started (a new Lab) or left
    CLASS = "class"  # the teacher's setup (a new Lab) and the class's locks
    LESSON = "lesson"  # a lesson's screen: its setup (a new Lab) and locks, or the lesson left


# no lock holds against these
SETS_LOCKS = (Source.LINK, Source.MISSION, Source.CLASS, Source.LESSON)
BY_HAND = (Source.SIDEBAR, Source.SCRUBBER, Source.PLOT, Source.UNDO, Source.PRESET,
           Source.FILE)  # a person's own change clears the page's messages
FROM_WIDGETS = (Source.SIDEBAR, Source.PRESET)  # the sidebar's widgets, which may echo


@dataclass(frozen=True)
class Change:
    """What is asked; anything left out stays as it is."""

    settings: Mapping[str, Any] = field(default_factory=dict)  # by name, not yet checked
    data: Dataset | None = None
    preset: str | None = None  # a preset, by name: its points
    points: dict | None = None  # a point added, moved or deleted on a plot (linreg.edits)
    locks: frozenset[str] | None = None  # the page's locks from now on (SETS_LOCKS only)
    view: View | None = None  # a link's or a setup file's view, for the sidebar's toggles


def whole(setup: Setup, **rest) -> Change:
    """A setup (a link's, a file's, a mission's, the teacher's) as a change: all its
    settings, and its points (the lesson's when it names none)."""
    return Change(settings=setup.settings.as_dict(), data=setup.data or preset("lesson"), **rest)


def apply(change: Change, source: Source) -> bool:
    """Take `change` from `source` into the Lab, or refuse it with a message (a lock, a bad
    value); either way the sidebar then shows the Lab's values. True when taken."""
    state, before = page(), ss.get("lab")
    points_before = before.data if before else None  # the Lab changes in place
    if change.locks is not None and source not in SETS_LOCKS:
        raise ValueError(f"{source} sets no locks")
    if source in FROM_WIDGETS and _sent_back(change):
        put_widgets()  # the browser showed an older value than the Lab's: it gets the Lab's
        return False
    if source in BY_HAND:
        state.notices.clear()
    if source is Source.UNDO and not before.undo_stack:
        note("info", "undo_empty")
        return False
    try:
        settings, data = _target(change, source, before)
        if source not in SETS_LOCKS:
            refused = _touched(change, before, settings, data) & state.locks
            if refused:
                raise InputError("edit_locked", name=", ".join(word(n) for n in sorted(refused)))
        _change_lab(change, source, settings, data)
    except InputError as error:
        note("error", error.code, **error.params)
        put_widgets()
        return False
    if change.locks is not None:
        state.locks = frozenset(change.locks)
    if change.view is not None:
        _put_view(change.view, source)
    lab = ss.lab
    if lab is not before or lab.data is not points_before:
        state.preset = change.preset or _preset_name(lab.data) or state.preset
        if source is not Source.TABLE:  # the table shows its own edits already
            refresh_table()
    put_widgets()
    return True


def _new_run(change: Change, source: Source) -> bool:
    return source in SETS_LOCKS and bool(change.settings or change.data is not None)


def _target(change: Change, source: Source, lab: Lab | None) -> tuple[Settings, Dataset]:
    """The settings and points asked for (InputError when a value is bad)."""
    if source is Source.UNDO:
        data, settings = lab.undo_stack[-1]
        return settings, data
    base = Settings() if _new_run(change, source) else lab.settings
    if change.preset is not None:
        return base.but(**change.settings), preset(change.preset)
    return base.but(**change.settings), lab.data if change.data is None else change.data


def _touched(change: Change, lab: Lab, settings: Settings, data: Dataset) -> set[str]:
    """The lockable names a change would alter."""
    names = {n for n in SETTING_NAMES if getattr(settings, n) != getattr(lab.settings, n)}
    if change.points is not None or (data is not lab.data and data != lab.data):
        names.add("data")
    return names


def _change_lab(change: Change, source: Source, settings: Settings, data: Dataset) -> None:
    lab = ss.get("lab")
    if source in SETS_LOCKS:
        if _new_run(change, source):
            ss.lab = Lab(data, settings)
    elif source is Source.UNDO:
        lab.undo()
    elif source is Source.PLOT:
        if change.points is not None:
            lab.edit_points(change.points)  # InputError for a bad edit: nothing changed
        else:
            lab.edit_start(settings)
    elif source is Source.TABLE:
        lab.remember()
        lab.change_data(data, restart=False)
    else:
        if settings != lab.settings:
            lab.change_settings(settings)
        if change.data is not None or change.preset is not None:
            lab.change_data(data, restart=True)


def _preset_name(data: Dataset) -> str | None:
    return next((name for name in PRESETS if preset(name) == data), None)


def refresh_table() -> None:
    """The table starts over from the Lab's points (a new editor key forgets old edits)."""
    state = page()
    state.table = TableState(base=ss.lab.data.to_frame(), version=state.table.version + 1)


def _put_view(view: View, source: Source) -> None:
    for key in VIEW_KEYS:
        if key != "predict" or source is not Source.FILE:
            ss[key] = getattr(view, key)
    if source is Source.FILE:
        ss.share_locks = sorted(view.locks)  # for the link handed out, not for this page


# ---------------------------------------------------------------- the sidebar's widgets

def in_fragment_run() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def _shown() -> dict[str, Any]:
    """What the sidebar's widgets that the page writes must show, by setting."""
    s = ss.lab.settings
    return {name: getattr(s, name) for name in SETTING_NAMES} | {"preset": page().preset}


def _keys(name: str) -> list[str]:
    """The widgets' keys of one setting. A choice's key carries the language (see
    controls.choice); it is emptied, not written, and the choice then shows the Lab's."""
    if name in ("optimizer", "preset"):
        prefix = "set_optimizer__" if name == "optimizer" else "preset__"
        return [k for k in ss if str(k).startswith(prefix)]
    return [f"set_{name}", RATE_SLIDER] if name == "lr" else [f"set_{name}"]


def put_widgets(run_start: bool = False) -> None:
    """Put the Lab's values into the sidebar's widgets' keys; remember each value replaced.
    Called by apply, and at the top of each whole run (`run_start`) for what a run of the
    player alone changed."""
    if in_fragment_run():
        return  # the sidebar is not drawn in this run
    again = run_start and not page().sidebar_shown  # the browser may forget (module's note)
    if again:
        for key in VIEW_KEYS:
            if key in ss:
                ss[key] = ss[key]  # a value written in this run goes to the browser
    echoes = page().echoes
    for name, value in _shown().items():
        for key in _keys(name):
            if key in ss and ss[key] != value:
                echo = echoes.get(name)
                earlier = echo.shown if echo and echo.until is None else ()
                echoes[name] = Echo((*earlier, ss[key]))
            elif key in ss and not again:
                continue
            if name in ("optimizer", "preset"):
                del ss[key]
            else:
                ss[key] = value


def widgets_drawn() -> None:
    """The sidebar has drawn the Lab's values: an old one that comes back is refused for
    ECHO_SECONDS more."""
    now, echoes = time.monotonic(), page().echoes
    for name, echo in list(echoes.items()):
        if echo.until is None:
            echo.until = now + ECHO_SECONDS
        elif echo.until < now:
            del echoes[name]


def _sent_back(change: Change) -> bool:
    """Whether a widget's value is older than the Lab's (see the module's note)."""
    asked = dict(change.settings) | ({"preset": change.preset} if change.preset else {})
    for name, value in asked.items():
        echo = page().echoes.get(name)
        if echo and value in echo.shown and (echo.until is None
                                             or time.monotonic() < echo.until):
            return True
    return False

"""A whole setup as URL query parameters, and back, from the settings' one table of fields.

Links carry only what differs from the defaults, so the lesson's setup is a bare link. Bad
parameters (malformed, too long, out of range) are dropped one by one with a notice; the
rest of the link still loads.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .dataset import Dataset, shortest_decimal
from .errors import InputError, Notice
from .parsing import from_table
from .presets import PRESETS, preset
from .settings import FIELD, FIELDS, Settings
from .texts import LANGUAGES

MAX_LINK_POINTS = 400  # beyond this a link would be too long for browsers; use a CSV
MAX_VALUE_CHARS = 8_000
LOCKABLE = tuple(f.name for f in FIELDS) + ("data",)
# the missions' names (linreg/missions.py; listed here so a link is read without training)
# the link's word for View.reduced_motion, short, and kept as links in use carry it
REDUCED_MOTION = "calm"
MISSION_IDS = ("fast_fit", "edge", "zigzag", "diverge", "momentum", "slope_double",
               "flat_valley", "lesson_500")


@dataclass(frozen=True)
class View:
    """How the page shows the run: not training settings, but part of a shared setup."""

    lang: str = "en"
    show_3d: bool = False
    present: bool = False
    reduced_motion: bool = False
    locks: frozenset = field(default_factory=frozenset)  # controls a student cannot change
    predict: bool = True  # the player offers its questions (a demonstration turns them off)
    # the player and its plots alone, for an iframe; Streamlit keeps `embed` in the address
    # itself (it reserves the name), so links never write it
    embed: bool = False
    mission: str | None = None  # the mission under way
    solved: frozenset = field(default_factory=frozenset)  # missions done, kept in the link


@dataclass(frozen=True)
class Setup:
    settings: Settings
    data: Dataset | None  # None: the link names no points, keep the default
    view: View
    notices: tuple[Notice, ...] = ()


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _points_text(values: np.ndarray) -> str:
    return ",".join(shortest_decimal(v) for v in values.tolist())


def encode(settings: Settings, data: Dataset, view: View) -> dict[str, str]:
    """Query parameters for a setup; defaults are left out."""
    params: dict[str, str] = {}
    default = Settings()
    for f in FIELDS:
        value = getattr(settings, f.name)
        if value != getattr(default, f.name):
            params[f.name] = value if isinstance(value, str) else _number(value)
    named = next((name for name in PRESETS if preset(name) == data), None)
    if named is not None:
        if named != "lesson":
            params["data"] = named
    elif data.size <= MAX_LINK_POINTS:
        params["x"] = _points_text(data.x)
        params["y"] = _points_text(data.y)
        if data.n_test:
            params["test"] = ",".join(str(i) for i in np.nonzero(data.is_test)[0].tolist())
    if view.lang != "en":
        params["lang"] = view.lang
    for name, on in (("3d", view.show_3d), ("present", view.present),
                     (REDUCED_MOTION, view.reduced_motion)):
        if on:
            params[name] = "1"
    if view.locks:
        params["lock"] = ",".join(sorted(view.locks))
    if not view.predict:
        params["predict"] = "0"
    if view.mission:
        params["mission"] = view.mission
    if view.solved:
        params["solved"] = ",".join(sorted(view.solved))
    return params


def link_has_points(data: Dataset) -> bool:
    return data.size <= MAX_LINK_POINTS or any(preset(n) == data for n in PRESETS)


def _flag(value: str) -> bool:
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)


def decode(params: Mapping[str, object]) -> Setup:
    """A setup from (untrusted) query parameters. Never raises for bad input."""
    notices: list[Notice] = []
    clean: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        if len(value) > MAX_VALUE_CHARS:
            notices.append(Notice("link_too_long", name=key[:30]))
            continue
        clean[key] = value

    values = {}
    for f in FIELDS:
        if f.name in clean:
            try:
                values[f.name] = f.check(clean[f.name])
            except InputError as error:
                notices.append(Notice("link_bad", name=f.name, why=str(error)))
    settings = Settings(**values)

    data = None
    if "x" in clean or "y" in clean:
        try:
            xs = clean.get("x", "").split(",")
            ys = clean.get("y", "").split(",")
            if len(xs) != len(ys):
                raise InputError("link_points_mismatch", nx=len(xs), ny=len(ys))
            if len(xs) > MAX_LINK_POINTS:
                raise InputError("too_many_points", kept=MAX_LINK_POINTS, found=len(xs))
            sets = ["train"] * len(xs)
            for part in filter(None, clean.get("test", "").split(",")):
                index = int(part)
                if not 0 <= index < len(xs):
                    raise InputError("link_bad", name="test", why=part[:20])
                sets[index] = "test"
            data = from_table(xs, ys, sets)
        except (InputError, ValueError) as error:
            why = str(error) if isinstance(error, InputError) else "not a list of numbers"
            notices.append(Notice("link_bad", name="x, y", why=why))
    elif "data" in clean:
        if clean["data"] in PRESETS:
            data = preset(clean["data"])
        else:
            notices.append(Notice("link_bad", name="data", why=clean["data"][:40]))

    view = View()
    if "lang" in clean:
        if clean["lang"] in LANGUAGES:
            view = replace(view, lang=clean["lang"])
        else:
            notices.append(Notice("link_bad", name="lang", why=clean["lang"][:20]))
    for key, attr in (("3d", "show_3d"), ("present", "present"), (REDUCED_MOTION, "reduced_motion"),
                      ("embed", "embed")):
        if key in clean:
            try:
                view = replace(view, **{attr: _flag(clean[key])})
            except ValueError:
                notices.append(Notice("link_bad", name=key, why=clean[key][:20]))
    if "lock" in clean:
        names = [n.strip() for n in clean["lock"].split(",") if n.strip()]
        unknown = [n for n in names if n not in LOCKABLE]
        if unknown:
            notices.append(Notice("link_bad", name="lock", why=", ".join(unknown)[:60]))
        view = replace(view, locks=frozenset(n for n in names if n in LOCKABLE))
    if "predict" in clean:
        try:
            view = replace(view, predict=_flag(clean["predict"]))
        except ValueError:
            notices.append(Notice("link_bad", name="predict", why=clean["predict"][:20]))
    if "mission" in clean:
        if clean["mission"] in MISSION_IDS:
            view = replace(view, mission=clean["mission"])
        else:
            notices.append(Notice("link_bad", name="mission", why=clean["mission"][:40]))
    if "solved" in clean:
        names = [n.strip() for n in clean["solved"].split(",") if n.strip()]
        view = replace(view, solved=frozenset(n for n in names if n in MISSION_IDS))
        if any(n not in MISSION_IDS for n in names):
            notices.append(Notice("link_bad", name="solved", why=clean["solved"][:40]))
    known = {f.name for f in FIELDS} | {"x", "y", "test", "data", "lang", "3d", "present",
                                         REDUCED_MOTION, "lock", "predict", "mission", "solved",
                                         "embed", "join", "name",
                                         "lesson", "screen", "done"}  # linreg/lesson.py's
    extra = sorted(k for k in clean if k not in known)
    if extra:
        notices.append(Notice("link_unknown", names=", ".join(extra)[:80]))
    return Setup(settings, data, view, tuple(notices))


# ---------------------------------------------------------------- the setup as a JSON file

def to_json(settings: Settings, data: Dataset, view: View) -> str:
    """The setup as JSON: every setting, every point, the view; loadable with from_json."""
    doc = {
        "linreg_setup": 1,
        "settings": {f.name: getattr(settings, f.name) for f in fields(settings)},
        "points": {"x": data.x.tolist(), "y": data.y.tolist(),
                   "test": np.nonzero(data.is_test)[0].tolist()},
        "view": {"lang": view.lang, "show_3d": view.show_3d, "present": view.present,
                 "reduced_motion": view.reduced_motion, "locks": sorted(view.locks)},
    }
    return json.dumps(doc, indent=2)


def from_json(text: str | bytes) -> Setup:
    """A setup from a JSON file written by to_json; InputError if it is not one."""
    try:
        doc = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InputError("setup_not_json") from None
    if not isinstance(doc, dict) or doc.get("linreg_setup") != 1:
        raise InputError("setup_not_json")
    params: dict[str, str] = {}
    settings = doc.get("settings") if isinstance(doc.get("settings"), dict) else {}
    for name, value in settings.items():
        if name in FIELD and isinstance(value, (int, float, str)) and not isinstance(value, bool):
            params[name] = str(value)
    points = doc.get("points") if isinstance(doc.get("points"), dict) else {}
    xs, ys, test = points.get("x"), points.get("y"), points.get("test", [])
    if not (isinstance(xs, list) and isinstance(ys, list) and isinstance(test, list)):
        raise InputError("setup_not_json")
    if len(xs) != len(ys):
        raise InputError("link_points_mismatch", nx=len(xs), ny=len(ys))
    sets = ["train"] * len(xs)
    for i in test:
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(xs):
            raise InputError("setup_not_json")
        sets[i] = "test"
    for v in xs + ys:
        # an int is left to from_table: math.isfinite(10**400) would overflow
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (
            isinstance(v, float) and not math.isfinite(v)
        ):
            raise InputError("data_not_finite")
    data = from_table(xs, ys, sets)
    view_doc = doc.get("view") if isinstance(doc.get("view"), dict) else {}
    for key, name in (("show_3d", "3d"), ("present", "present"),
                      ("reduced_motion", REDUCED_MOTION)):
        if view_doc.get(key) is True:
            params[name] = "1"
    if isinstance(view_doc.get("lang"), str):
        params["lang"] = view_doc["lang"]
    locks = view_doc.get("locks")
    if isinstance(locks, list) and all(isinstance(n, str) for n in locks):
        params["lock"] = ",".join(locks)
    setup = decode(params)
    return replace(setup, data=data)

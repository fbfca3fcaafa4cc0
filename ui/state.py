"""The page's own state: beside its widgets' values, st.session_state holds the Lab (`lab`)
and one PageState (`page`). Only ui/changes.apply changes the Lab's settings, points and
start, the locks, and the sidebar's widgets. (The live class keeps its own state under keys
that start with `class_`.)"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from linreg.lesson import Lesson, link_value
from linreg.missions import Progress
from linreg.share import decode
from linreg.texts import texts

ss = st.session_state
Notice = tuple[str, str, dict]  # (level, code, params): worded in the language shown


@dataclass
class MissionState:
    current: str | None = None  # the mission under way
    solved: set[str] = field(default_factory=set)  # kept in the link
    progress: Progress | None = None  # on the run as it last stood


@dataclass
class LessonState:
    """The lesson under way (ui/lesson.py); the link keeps it, its screen and what was done."""

    lesson: Lesson | None = None
    screen: int = 0  # the screen shown, from 0
    done: set[int] = field(default_factory=set)  # screens (from 1) whose question was answered
    link_read: bool = False  # the link's lesson is read on the session's first run only

    def link(self) -> dict[str, str]:
        value = link_value(self.lesson) if self.lesson else None
        if value is None:
            return {}  # no lesson, or one too big for a link
        params = {"lesson": value, "screen": str(self.screen + 1)}
        if self.done:
            params["done"] = ",".join(str(n) for n in sorted(self.done))
        return params

    def screen_locks(self) -> frozenset[str]:
        """What the screen's own setup locks (a mission started or left on it keeps these)."""
        if self.lesson is None:
            return frozenset()
        return decode(self.lesson.screens[self.screen].setup).view.locks


@dataclass
class TableState:
    """Streamlit's editor keeps only edits: they are replayed on `base`."""

    base: pd.DataFrame = field(default_factory=pd.DataFrame)
    version: int = 0  # part of the editor's key: a new number forgets the old edits
    error: tuple[str, dict] | None = None  # why the last edits could not be taken
    seen: str | None = None  # the edits already taken


@dataclass
class PlayerMail:
    """What the player sent, kept for the script's next run."""

    action: dict | None = None  # applied once, then dropped
    figures: str | None = None  # the key of the figures the player says it holds
    rows: str | None = None  # the key of the class's run a following page says it holds


@dataclass
class Echo:
    """The values a sidebar widget showed before the page put the Lab's in their place."""

    shown: tuple  # more than one when the page replaced values again before a drawing
    until: float | None = None  # None until the sidebar has drawn the Lab's value


@dataclass
class PageState:
    embed: bool = False  # the player and its plots alone, for an iframe
    link_locks: frozenset[str] = frozenset()  # locked by the link: they outlast a mission
    locks: frozenset[str] = frozenset()  # what cannot be changed now
    preset: str = "lesson"  # the preset the data's choice shows
    notices: list[Notice] = field(default_factory=list)  # until the next change
    mission: MissionState = field(default_factory=MissionState)
    lesson: LessonState = field(default_factory=LessonState)
    table: TableState = field(default_factory=TableState)
    player: PlayerMail = field(default_factory=PlayerMail)
    echoes: dict[str, Echo] = field(default_factory=dict)  # by setting (ui/changes.py)
    # the player has drawn its first plots: the sidebar and the tabs follow (app.py)
    plots_drawn: bool = False
    # a whole run drew the sidebar and reached its end: the browser holds its values
    sidebar_shown: bool = False


def page() -> PageState:
    return ss.page


def word(key: str) -> str:
    return texts(ss.lang)[key]


def note(level: str, code: str, **params) -> None:
    """A message at the top of the page until the next change; worded in the language shown
    at the time (so switching language translates it too)."""
    page().notices.append((level, code, params))


def locked(name: str) -> bool:
    return name in page().locks

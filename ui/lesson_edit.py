"""Making a lesson on the page: the page's setup added as a screen (with its words and what
it asks), screens moved up and down or deleted, and the lesson exported as one offline file.
Every change goes through linreg.lesson.from_dict, so a lesson made here reads back from its
JSON file as it is; one it refuses changes nothing and says why."""

from __future__ import annotations

import streamlit as st

from linreg import lesson as lessons
from linreg.errors import InputError
from linreg.questions import KINDS, MAX_STEPS
from linreg.share import encode
from linreg.texts import LANGUAGES, texts

from . import session
from .lesson import leave, show
from .panels import as_text
from .state import page, ss, word

MISSION_NOW = "mission"  # the "ask" choice: the mission now running


def _words(text: str) -> dict:
    """Words written in the page's language, for every language of the file."""
    return {lang: text for lang in LANGUAGES}


def _setup() -> dict:
    """The page's current setup as the link writes it (its settings, points, view, locks),
    without what is the learner's own (language, mission, the questions' switch)."""
    params = encode(ss.lab.settings, ss.lab.data, session.view())
    return {k: v for k, v in params.items() if k in lessons.SETUP_KEYS}


def new_screen() -> dict:
    """The screen the form describes, as plain data (read by from_dict with the rest)."""
    doc = {"title": _words(ss.get("lesson_add_title", "").strip()),
           "text": _words(ss.get("lesson_add_text", "").strip()), "setup": _setup()}
    ask = _asked()
    if ask == MISSION_NOW and page().mission.current:
        doc["mission"] = page().mission.current
    elif ask in KINDS:
        doc["question"] = {"kind": ask} | (
            {"steps": int(ss.get("lesson_add_steps", 10))} if ask == "where_after" else {})
    notice = ss.get("lesson_add_notice", "").strip()
    if notice:
        doc["notice"] = _words(notice)
    return doc


def _replace(screens: list[dict], screen: int, done: set[int]) -> bool:
    """The lesson with these screens, `screen` shown; False (and the message) if refused."""
    ls = page().lesson
    title = ls.lesson.title if ls.lesson else _words(word("lesson_made_title"))
    try:
        made = lessons.from_dict({"linreg_lesson": lessons.FORMAT, "title": title,
                                  "screens": screens})
    except InputError as error:
        session.refuse(error)
        return False
    ls.lesson, ls.screen, ls.done = made, screen, done
    return True


def _screens() -> list[dict]:
    ls = page().lesson
    return [s.to_dict() for s in ls.lesson.screens] if ls.lesson else []


def add_screen() -> None:
    """The page's setup as a new screen after the one shown (the first, with no lesson)."""
    ls, screens = page().lesson, _screens()
    at = ls.screen + 1 if ls.lesson else 0
    done = {n + (n > at) for n in ls.done}
    if _replace(screens[:at] + [new_screen()] + screens[at:], at, done):
        for key in ("lesson_add_title", "lesson_add_text", "lesson_add_notice"):
            ss[key] = ""


def move(index: int, step: int) -> None:
    """Screen `index` swapped with its neighbour; the screen shown and what was done follow."""
    ls, screens = page().lesson, _screens()
    other = index + step
    if not 0 <= other < len(screens):
        return
    screens[index], screens[other] = screens[other], screens[index]
    where = {index: other, other: index}
    _replace(screens, where.get(ls.screen, ls.screen),
             {where.get(n - 1, n - 1) + 1 for n in ls.done})


def delete(index: int) -> None:
    """Screen `index` gone (the one shown gone: the next one's setup on the page); the last
    one gone leaves the lesson."""
    ls, screens = page().lesson, _screens()
    del screens[index]
    if not screens:
        leave()
        return
    was_shown = index == ls.screen
    shown = min(ls.screen - (ls.screen > index), len(screens) - 1)
    if _replace(screens, shown, {n - (n - 1 > index) for n in ls.done if n - 1 != index}) \
            and was_shown:
        show(shown)


def offline_file() -> bytes:
    from player.offline import lesson_html

    return lesson_html(page().lesson.lesson, texts(ss.lang), ss.lang).encode("utf-8")


# ---------------------------------------------------------------- drawn

def _choices() -> list[str]:
    return ["none", *KINDS] + ([MISSION_NOW] if page().mission.current else [])


def _asked() -> str:
    """The form's choice of what to ask (the select box holds its label, in the page's
    language)."""
    return {_ask_label(c): c for c in _choices()}.get(ss.get("lesson_add_ask"), "none")


def _ask_label(choice: str) -> str:
    if choice == MISSION_NOW:
        return word("lesson_ask_mission").format(
            mission=word(f"mission_{page().mission.current}_title"))
    return word(f"class_ask_{choice}") if choice in KINDS else word("lesson_ask_none")


def edit_ui() -> None:
    """The sidebar's part that makes a lesson: the add form, the screens in order, export."""
    sb, ls = st.sidebar, page().lesson
    box = sb.expander(word("lesson_make"))
    box.text_input(word("lesson_add_title"), key="lesson_add_title",
                   max_chars=lessons.MAX_TITLE_CHARS)
    box.text_area(word("lesson_add_text"), key="lesson_add_text",
                  max_chars=lessons.MAX_TEXT_CHARS)
    box.selectbox(word("lesson_add_ask"), [_ask_label(c) for c in _choices()],
                  key="lesson_add_ask")
    if _asked() == "where_after":
        box.number_input(word("lesson_add_steps"), 1, MAX_STEPS, 10,
                         key="lesson_add_steps")
    box.text_input(word("lesson_add_notice"), key="lesson_add_notice",
                   max_chars=lessons.MAX_NOTICE_CHARS)
    box.button(word("lesson_add"), key="lesson_add", on_click=add_screen,
               disabled=not ss.get("lesson_add_title", "").strip(), width="stretch")
    if ls.lesson is None:
        return
    total = len(ls.lesson.screens)
    for i, screen in enumerate(ls.lesson.screens):
        name, up, down, gone = box.columns([6, 1, 1, 1], vertical_alignment="center")
        mark = "▸ " if i == ls.screen else ""
        name.markdown(f"{mark}{i + 1}. {as_text(screen.title[ss.lang])}")
        up.button("↑", key=f"lesson_up_{i}", on_click=move, args=(i, -1), disabled=i == 0,
                  help=word("lesson_up"))
        down.button("↓", key=f"lesson_down_{i}", on_click=move, args=(i, 1),
                    disabled=i + 1 == total, help=word("lesson_down"))
        gone.button("✕", key=f"lesson_delete_{i}", on_click=delete, args=(i,),
                    help=word("lesson_delete"))
    sb.download_button(word("lesson_export"), offline_file, "linreg-lesson.html",
                       "text/html", width="stretch", on_click="ignore", key="lesson_export")

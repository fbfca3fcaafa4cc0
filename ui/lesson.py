"""The lesson alone: a learner goes screen by screen. Each screen's setup goes on the page
through ui/changes.apply with its locks (a new run, as a mission's does); its question is
the player's (narrowed to it), its mission the sidebar's. The link keeps the lesson, the
screen and what was done (ui/state.LessonState), so a reload loses nothing."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from linreg import lesson as lessons
from linreg.errors import InputError
from linreg.share import decode

from . import changes, session
from .changes import Change, Source
from .panels import as_text
from .state import page, ss, word


def init() -> None:
    """On the session's first run: the lesson, screen and done screens its link names. The
    screen's setup is in the link already (as the learner left it), so it is not put again."""
    state = page()
    if state.lesson.link_read:
        return
    state.lesson.link_read = True
    value = st.query_params.get("lesson")
    if not value:
        return
    try:
        lesson = lessons.from_link(value)
    except InputError as error:
        state.notices.append(("warning", error.code, error.params))
        return
    number = lessons.screens_from_link(st.query_params.get("screen", "1"), lesson) or {1}
    state.lesson.lesson, state.lesson.screen = lesson, min(number) - 1
    state.lesson.done = lessons.screens_from_link(st.query_params.get("done"), lesson)
    # the link's locks are this screen's: they go when the lesson is left
    state.link_locks -= decode(current().link_setup()).view.locks


def current() -> lessons.Screen | None:
    ls = page().lesson
    return ls.lesson.screens[ls.screen] if ls.lesson else None


def question() -> dict | None:
    """The screen's question for the player (its kind and N steps), or None."""
    screen = current()
    return screen.question.to_dict() if screen and screen.question else None


# ---------------------------------------------------------------- callbacks

def open_lesson(lesson: lessons.Lesson) -> None:
    ls = page().lesson
    ls.lesson, ls.done = lesson, set()
    show(0)


def open_builtin() -> None:
    open_lesson(lessons.builtin())


def on_upload() -> None:
    """A lesson file: opened, or refused with its message and the page left as it was."""
    upload = ss.get("lesson_upload")
    if upload is None:
        return
    try:
        lesson = lessons.from_json(upload.getvalue())
    except InputError as error:
        session.refuse(error)
        return
    open_lesson(lesson)


def show(index: int) -> None:
    """Screen `index`: its setup (with its mission's) and locks on the page, as a new run."""
    page().lesson.screen = index
    put(current())


def put(screen: lessons.Screen) -> None:
    """A screen's setup (with its mission's) and locks on the page, as a new run (a class's
    student on their own screen too, ui/class_lesson.py)."""
    state = page()
    state.notices.clear()
    setup = decode(screen.link_setup())
    state.mission.current, state.mission.progress = screen.mission, None
    ss.mission_answer = ""
    # the learner's language and comfort stay; a question needs the questions on
    view = replace(setup.view, lang=ss.lang, present=ss.present or setup.view.present,
                   reduced_motion=ss.reduced_motion or setup.view.reduced_motion,
                   predict=ss.predict or screen.question is not None)
    changes.apply(changes.whole(setup, locks=state.link_locks | setup.view.locks, view=view),
                  Source.LESSON)


def go(step: int) -> None:
    ls = page().lesson
    if ls.lesson and 0 <= ls.screen + step < len(ls.lesson.screens):
        show(ls.screen + step)


def leave() -> None:
    """The lesson ends; the run stays as it is, the controls come back."""
    state = page()
    state.lesson.lesson, state.lesson.done = None, set()
    state.mission.current = state.mission.progress = None
    changes.apply(Change(locks=state.link_locks), Source.LESSON)


# ---------------------------------------------------------------- progress

def answered() -> bool:
    """Whether the screen's question has just been answered and its verdict reached on
    screen: the screen is then done (kept in the link) and shows what to notice."""
    ls, lab = page().lesson, ss.lab
    screen = current()
    if not (screen and screen.question) or ls.screen + 1 in ls.done:
        return False
    asked, verdict = screen.question, lab.verdict
    if verdict is None or verdict.answer.kind != asked.kind or (
            asked.steps and verdict.answer.steps != asked.steps):
        return False
    if lab.playing or lab.shown_epoch < verdict.reveal_at:
        return False
    ls.done.add(ls.screen + 1)
    return True


def done(index: int) -> bool:
    """A screen is done once its question is answered or its mission solved (or, in a
    class, revealed: ui/class_lesson.revealed); a screen that asks nothing, once shown."""
    screen, ls = page().lesson.lesson.screens[index], page().lesson
    if screen.mission:
        return screen.mission in page().mission.solved or index + 1 in ls.done
    return index + 1 in ls.done or screen.question is None


# ---------------------------------------------------------------- drawn

def screen_ui() -> None:
    """The screen's title, text and what to notice, above the plots, with Back and Next."""
    ls = page().lesson
    if ls.lesson is None:
        return
    answered()
    session.mission_progress()  # a mission solved by the run on screen counts at once
    screen, total = current(), len(ls.lesson.screens)
    title, text, notice = screen.words(ss.lang)
    box = st.container(border=True, key="lesson_screen")
    box.caption(word("lesson_progress").format(n=ls.screen + 1, total=total))
    box.subheader(as_text(title))
    box.markdown(as_text(text))
    # Back and Next keep their place among the box's elements whatever the screen shows, so
    # Streamlit keeps the same buttons and the focus stays on Next from screen to screen
    asks, notices = box.empty(), box.empty()
    if screen.question:
        asks.caption(word("lesson_ask"))
    elif screen.mission:
        asks.caption(word("lesson_mission").format(
            mission=word(f"mission_{screen.mission}_title")))
    if notice and done(ls.screen):
        notices.info(as_text(word("lesson_notice").format(notice=notice)))
    back, forward = box.columns(2)
    back.button("← " + word("lesson_back"), key="lesson_back", on_click=go, args=(-1,),
                disabled=ls.screen == 0, width="stretch")
    forward.button(word("lesson_next") + " →", key="lesson_next", on_click=go, args=(1,),
                   disabled=ls.screen + 1 >= total, type="primary", width="stretch")


def sidebar_ui() -> None:
    """Open the built-in lesson or a file; under way: progress, download, leave."""
    sb, ls = st.sidebar, page().lesson
    sb.header(word("lesson"))
    if ls.lesson is None:
        sb.caption(word("lesson_help"))
        sb.button(word("lesson_open"), key="lesson_open", on_click=open_builtin,
                  width="stretch")
        sb.file_uploader(word("lesson_upload"), type=["json"], key="lesson_upload",
                         on_change=on_upload)
        return
    lesson, lang = ls.lesson, ss.lang
    total = len(lesson.screens)
    sb.markdown(f"**{as_text(lesson.title[lang])}**")
    asking = [i for i, s in enumerate(lesson.screens) if s.question or s.mission]
    finished = sum(done(i) for i in asking)
    sb.caption(word("lesson_progress").format(n=ls.screen + 1, total=total) + " · "
               + f"{finished}/{len(asking)} {word('lesson_done')}")
    if lessons.link_value(lesson) is None:
        sb.warning(word("lesson_not_in_link"))
    sb.download_button(word("lesson_download"), lambda: lessons.to_json(lesson),
                       "linreg-lesson.json", "application/json", width="stretch",
                       on_click="ignore", key="lesson_download")
    sb.button(word("lesson_leave"), key="lesson_leave", on_click=leave, width="stretch")

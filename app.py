"""linreg: the page. Layout only: ui/ holds the widgets and callbacks, linreg/ computes,
the player (a component) moves the plots in the browser."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
import torch

from linreg import frame
from linreg.texts import texts
from ui import (
    changes,
    class_lesson,
    class_room,
    class_student,
    class_teacher,
    controls,
    explorer,
    lesson,
    lesson_edit,
    panels,
    player,
    session,
    style,
)
from ui.class_room import class_page
from ui.state import page, ss, word

torch.set_num_threads(1)
player.ensure_plotly_js()

st.set_page_config(page_title="linreg", page_icon="📉", layout="wide")
session.init()
lesson.init()
if class_room.init():  # a new page: a join link fills the class's code in
    class_student.follow_link()
class_student.start_due_mission()
changes.put_widgets(run_start=True)  # what a run of the player alone changed reaches the sidebar
first_action = session.take_action()
session.apply_action(first_action)
class_student.take_answer(first_action)
session.apply_table_edits()
dark = getattr(st.context.theme, "type", None) == "dark"
words = texts(ss.lang)
embed = page().embed  # the player and its plots alone, for an iframe

top = st.container()  # the title and messages, written after the player has been sent


@st.fragment
def live_player(words: dict, dark: bool) -> None:
    """The player's buttons rerun only this part, so Step and Play answer fast; an action
    that changes the rest of the page (an edit, a message) then redraws the whole page."""
    whole_page = False
    if changes.in_fragment_run():  # the player alone: its action was not applied above
        action = session.take_action()
        whole_page = session.apply_player_action(action)
        if isinstance(action, dict) and action.get("name") == "class_sync":
            # the class moved: a student's player follows here; anything more, the page
            whole_page |= class_student.synced() == "page"
        whole_page |= class_student.take_answer(action)  # a (W, b) clicked for the class
        before = page().mission.progress
        whole_page |= session.mission_progress() != before  # the sidebar shows it
        whole_page |= lesson.answered()  # the screen shows what to notice
        whole_page |= class_lesson.own_screen_moved(class_room.follows())  # grid, notice
        class_student.report_mission()
    # a following page reads its class before its frame is built (its player may hold the
    # class's newer run already); when more than the player moved, the rest of the page
    # follows: drawn below in a whole run, in a run of its own after a run of the player alone
    # (or to start the class's mission at the top)
    whole_page |= class_student.catch_up() == "page" and (
        changes.in_fragment_run() or class_page().mission_due is not None)
    class_teacher.publish()  # a teacher's Step or Play reaches the class
    # the gestures obey the link's locks, not the ones chosen for the next link
    view = replace(session.view(), locks=page().locks)
    shown = class_student.following_frame(words, view, dark) or frame.build(
        ss.lab, words, view, dark=dark, led_by_teacher=class_room.led_text(),
        watch=class_room.watch(), class_place=class_student.place_steps(),
        publish=class_teacher.play_to(), ask=lesson.question())
    player.mount(shown, session.on_action, rerun_next=whole_page)
    if whole_page:
        st.rerun()


# The player goes out first: the browser loads plotly.js and draws while the rest is built.
# The sidebar and the tabs wait until the player has drawn its first plots (it says so, and
# the page runs again): on a phone, rendering them took a third of the time to the plots.
live_player(words, dark)
rest = page().plots_drawn
with top:
    st.html(style.page_css(present=ss.present, words=words, embed=embed))
    if embed:
        pass  # the player and its plots alone
    elif ss.present:
        st.button(word("exit_present"), key="exit_present",
                  on_click=session.leave_presentation)
    else:
        st.title(word("title"))
        st.caption(word("intro"))
    panels.notices_ui()
    if not embed:
        lesson.screen_ui()
    class_teacher.board_ui(words, dark)
    class_student.student_ui()
if not (rest or embed):
    st.sidebar.empty()  # the sidebar's room from the start: the plots keep their width
if rest and not embed:
    controls.language_ui()
    if class_room.follows():  # the class's setup, named by the player as it changes
        class_student.led_settings_ui()
    else:
        controls.data_ui()
        controls.settings_ui(dark)
    controls.view_ui()
    lesson.sidebar_ui()
    lesson_edit.edit_ui()  # making a lesson, under the lesson's own box
    controls.missions_ui()
    class_student.report_mission()
    class_teacher.sidebar_ui()
    class_student.sidebar_ui()
    controls.share_ui()
lab = ss.lab
if rest and not (ss.present or embed):
    st.caption(word("engine_fast") if lab.state.engine.name == "fast" else word("engine_faithful"))
    # Only the open tab runs (the explorer trains many runs): an edit answers faster.
    # The table always runs, so its pending edits survive a visit to another tab.
    tabs = st.tabs([word("tab_data"), word("tab_rates"), word("tab_code"), word("tab_export"),
                    word("tab_help")], key="tab", on_change="rerun")
    with tabs[0]:
        panels.table_ui()
    for tab, draw in zip(tabs[1:], (lambda: explorer.explorer_ui(lab, words, dark),
                                    panels.code_ui, panels.export_ui, panels.help_ui),
                         strict=True):
        if tab.open:
            with tab:
                draw()
session.sync_link()
if rest and not embed:
    page().sidebar_shown = True  # this run drew the sidebar to the end (ui/changes.py)

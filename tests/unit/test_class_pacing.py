"""A class paced through a lesson (linreg/classroom/pacing.py over room.py), on both store
back ends: where each student is, who may move them, and the grid the board shows."""

from __future__ import annotations

import csv
import io

import pytest
from test_class_store import clock, redis_url, room, store  # noqa: F401  (the fixtures)

from linreg import InputError
from linreg import lesson as lessons
from linreg.classroom import pacing
from linreg.classroom.room import class_state

SCREENS = 4


def small_lesson() -> dict:
    """Four screens of the built-in lesson: a text, a place, a next W, a text."""
    return {**lessons.builtin().to_dict(),
            "screens": [s.to_dict() for s in lessons.builtin().screens[:SCREENS]]}


@pytest.fixture
def lesson_class(room):  # noqa: F811
    code, key = room.start({}, "en", lesson=small_lesson())
    students = [room.join(code, name, f"client-{name}") for name in ("Ana", "Bo", "Cy")]
    return room, code, key, [s["token"] for s in students]


def refused(call, code: str) -> None:
    with pytest.raises(InputError) as error:
        call()
    assert error.value.code == code


def test_a_lesson_class_starts_on_its_first_screen_with_everyone_following(lesson_class):
    paced, code, key, (ana, _, _) = lesson_class
    first = lessons.builtin().screens[0]
    board = paced.board(code, key)
    assert board["setup"] == first.link_setup()
    assert board["pacing"] == {"screen": 0, "follow": True, "ahead": 0}
    assert len(board["grid"]["screens"]) == SCREENS
    view = paced.view(code, ana)
    assert view["my_screen"] == 0 and view["lesson"]["screens"][0]["title"] == first.title


def test_a_bad_lesson_starts_no_class(room):  # noqa: F811
    bad = {**small_lesson(), "screens": [{"title": {"en": "x"}}]}
    refused(lambda: room.start({}, "en", lesson=bad), "lesson_bad")
    refused(lambda: room.start({}, "en", lesson={"linreg_lesson": 99}), "lesson_not_json")


def test_the_teachers_screen_is_the_classs_setup_and_only_the_teacher_moves_it(lesson_class):
    paced, code, key, (ana, _, _) = lesson_class
    v0 = paced.version(code)
    paced.set_screen(code, key, 2)
    screen = lessons.builtin().screens[2]
    view = paced.view(code, ana)
    assert view["setup"] == screen.link_setup() and view["my_screen"] == 2
    assert view["player"]["epoch"] == 0 and paced.version(code) == v0 + 1
    # the class route's page key moves, so a page that explores hears of it
    before = class_state(paced.store, code)["page"]
    paced.set_pacing(code, key, False, 3)
    assert class_state(paced.store, code)["page"] != before
    refused(lambda: paced.set_screen(code, "guess", 1), "class_not_teacher")
    refused(lambda: paced.set_pacing(code, "guess", True), "class_not_teacher")
    refused(lambda: paced.set_screen(code, key, SCREENS), "class_bad")
    refused(lambda: paced.set_screen(code, key, -1), "class_bad")
    refused(lambda: paced.set_pacing(code, key, False, SCREENS), "class_bad")
    assert paced.board(code, key)["pacing"]["screen"] == 2  # nothing refused was written


def test_students_go_ahead_only_when_let_and_only_as_far_as_let(lesson_class):
    paced, code, key, (ana, bo, _) = lesson_class
    refused(lambda: paced.go_screen(code, ana, 1), "class_screen_closed")  # following
    paced.set_pacing(code, key, False, 2)
    paced.go_screen(code, ana, 2)
    paced.go_screen(code, bo, 1)
    refused(lambda: paced.go_screen(code, ana, 3), "class_screen_closed")
    refused(lambda: paced.go_screen(code, ana, "1"), "class_bad")
    refused(lambda: paced.go_screen(code, "not-a-token", 1), "class_not_student")
    assert (paced.view(code, ana)["my_screen"], paced.view(code, bo)["my_screen"]) == (2, 1)
    # brought back to screen 1: further than that comes back to it
    paced.set_pacing(code, key, False, 1)
    assert (paced.view(code, ana)["my_screen"], paced.view(code, bo)["my_screen"]) == (1, 1)
    # Follow me: everyone on the teacher's screen, following
    paced.set_screen(code, key, 3)
    paced.set_pacing(code, key, True)
    assert paced.view(code, ana)["my_screen"] == 3
    # the class's mode is its own: Explore frees the players on the teacher's screen
    paced.set_mode(code, key, "explore")
    assert paced.board(code, key)["pacing"]["follow"] is True
    assert paced.view(code, ana)["my_screen"] == 3


def test_the_grid_shows_answered_right_and_solved_by_screen(lesson_class):
    paced, code, key, (ana, bo, cy) = lesson_class
    paced.set_screen(code, key, 2)  # "what will W be after this step?"
    paced.ask(code, key, "next_W", {"lr": 0.01, "epoch": 0})
    paced.answer(code, ana, {"kind": "next_W", "W": 0.187})
    paced.answer(code, bo, {"kind": "next_W", "W": 5.0})
    assert [r["cells"][2] for r in paced.board(code, key)["grid"]["rows"]] == [
        "answered", "answered", "not_yet"]  # nothing is right before the reveal
    paced.reveal(code, key, {"kind": "next_W", "W": 0.18667, "W_before": 0.0})
    paced.ask(code, key, "rate_zone", {"lr": 0.01})  # the next question: the truth stays
    grid = paced.board(code, key)["grid"]
    assert [r["who"] for r in grid["rows"]] == ["#1", "#2", "#3"]  # no names by default
    assert [r["cells"][2] for r in grid["rows"]] == ["right", "answered", "not_yet"]
    # a student on their own records what they did on the screen they are on
    paced.set_pacing(code, key, False, 3)
    paced.go_screen(code, cy, 3)
    paced.record_screen(code, cy, pacing.SOLVED)
    paced.record_screen(code, cy, pacing.ANSWERED)  # a cell never goes down
    refused(lambda: paced.record_screen(code, cy, "done"), "class_bad")
    rows = paced.board(code, key, names=True)["grid"]["rows"]
    assert [r["who"] for r in rows] == ["Ana", "Bo", "Cy"]
    assert rows[2]["cells"] == ["not_yet", "not_yet", "not_yet", "solved"]
    assert [r["at"] for r in rows] == [2, 2, 3]
    # what a student sees of it is their own cells only
    assert paced.view(code, cy)["my_cells"] == {"3": {"state": "solved"}}
    assert "grid" not in paced.view(code, cy)


def test_a_mission_solved_in_class_is_solved_on_its_screen(lesson_class):
    paced, code, key, (ana, bo, _) = lesson_class
    paced.set_screen(code, key, 1)
    paced.ask(code, key, "mission", {"mission": "edge"})
    paced.answer(code, ana, {"kind": "mission", "mission": "edge", "status": "solved",
                            "lr": 0.1, "epoch": 50})
    paced.answer(code, bo, {"kind": "mission", "mission": "edge", "status": "tried",
                           "lr": 0.5, "epoch": 50})
    cells = [r["cells"][1] for r in paced.board(code, key)["grid"]["rows"]]
    assert cells == ["solved", "answered", "not_yet"]


def test_the_grid_exports_as_csv_with_names_only_when_asked(lesson_class):
    paced, code, key, (ana, _, _) = lesson_class
    paced.join(code, "-Dee", "client-dee")  # a name a spreadsheet could take for a formula
    paced.set_screen(code, key, 2)
    paced.ask(code, key, "next_W", {"lr": 0.01, "epoch": 0})
    paced.answer(code, ana, {"kind": "next_W", "W": 0.187})
    rows = list(csv.reader(io.StringIO(paced.export_grid(code, key))))
    assert rows[0][:3] == ["student", "screen_now", "1. The data and the hypothesis"]
    assert rows[1] == ["#1", "3", "not_yet", "not_yet", "answered", "not_yet"]
    assert "Ana" not in paced.export_grid(code, key)
    named = list(csv.reader(io.StringIO(paced.export_grid(code, key, names=True))))
    assert [r[0] for r in named[1:]] == ["Ana", "Bo", "Cy", "'-Dee"]
    refused(lambda: paced.export_grid(code, "guess"), "class_not_teacher")


def test_a_class_without_a_lesson_has_no_grid_and_no_screens(room):  # noqa: F811
    code, key = room.start({"lr": "0.05"}, "en")
    student = room.join(code, "Ana", "client-1")["token"]
    assert room.board(code, key)["grid"] is None and "my_screen" not in room.view(code, student)
    refused(lambda: room.set_screen(code, key, 0), "class_bad")
    refused(lambda: room.set_pacing(code, key, True), "class_bad")
    refused(lambda: room.go_screen(code, student, 0), "class_bad")
    refused(lambda: room.export_grid(code, key), "class_bad")
    room.ask(code, key, "next_W", {"lr": 0.05, "epoch": 0})
    room.reveal(code, key, {"kind": "next_W", "W": 0.1, "W_before": 0.0})
    assert "truths" not in room.store.read(code)[0]

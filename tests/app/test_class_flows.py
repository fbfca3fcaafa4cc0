"""A live class in one process: a teacher's page and students' pages (AppTest), sharing a
real SQLite store. In AppTest a fragment's timer never fires: each run is one poll."""

from __future__ import annotations

import pytest
from conftest import Page


@pytest.fixture(autouse=True)
def class_store(tmp_path, monkeypatch):
    monkeypatch.setenv("LINREG_STORE", f"sqlite://{tmp_path / 'classes.sqlite3'}")
    from ui import class_room

    class_room._room.clear()  # a store for this test alone
    yield
    class_room._room.clear()


def in_class(page: Page):
    """The page's class state: one typed object."""
    from ui.class_room import ClassPage

    state = page.at.session_state["class_page"]
    assert isinstance(state, ClassPage)
    return state


def teacher_page(query=None) -> Page:
    page = Page(query)
    page.at.button(key="class_start").click().run()
    assert in_class(page).role == "teacher"
    return page


def student_page(code: str, name: str = "", lang: str = "en") -> Page:
    page = Page({"join": code, "lang": lang})
    assert page.at.text_input(key="class_join_code").value == code  # the link filled it in
    page.at.text_input(key="class_nickname").input(name).run()
    page.at.button(key="class_join").click().run()
    assert in_class(page).role == "student", page.errors()
    return page


def test_students_follow_the_teachers_setup_and_steps():
    teacher = teacher_page({"lr": "0.05", "epochs": "300"})
    code = in_class(teacher).code
    mina, other = student_page(code, "Mina"), student_page(code, lang="ko")
    assert mina.player["lr"] == 0.05 and mina.player["end"] == 300
    assert mina.player["led_by_teacher"] == "Following the teacher"
    assert mina.player["rows"]["epoch"] == list(range(301))  # the class's whole run, held
    teacher.act("step10")
    mina.run()
    assert mina.player["at"] == 10 and mina.shown["W"] == teacher.shown["W"]
    # the teacher's play state, from which the page's player moves by itself
    assert mina.player["watch"]["follows"] and mina.player["watch"]["play"]["epoch"] == 10
    mina.act("reset")  # a follower's buttons rest
    assert mina.player["at"] == 10
    other.run()
    assert other.player["led_by_teacher"] == "선생님을 따라가는 중" and other.player["at"] == 10
    assert mina.at.query_params["join"] == code and len(mina.at.query_params) == 1


def test_pause_explore_and_bring_everyone_back():
    teacher = teacher_page()
    code = in_class(teacher).code
    student = student_page(code)
    teacher.at.radio(key="class_mode").set_value("paused").run()
    student.run()
    assert student.player["led_by_teacher"] == "Paused by the teacher"
    assert any("Look at the board" in w.value for w in student.at.warning)
    teacher.at.radio(key="class_mode").set_value("explore").run()
    student.run()
    assert student.player["led_by_teacher"] is None
    student.act("step10")
    assert student.player["at"] == 10  # free
    teacher.at.button(key="class_bring_back").click().run()
    student.run()
    assert student.player["at"] == 0 and student.player["led_by_teacher"] == "Following the teacher"


def test_ask_answer_reveal_and_the_counts_on_the_board():
    teacher = teacher_page({"lr": "0.19"})
    code = in_class(teacher).code
    students = [student_page(code, f"s{i}") for i in range(3)]
    teacher.at.selectbox(key="class_ask_kind").set_value("rate_zone").run()
    teacher.at.button(key="class_ask_button").click().run()
    for s, zone in zip(students, ["diverging", "smooth", "diverging"], strict=True):
        s.run()
        s.at.button(key=f"class_zone_{zone}").click().run()
        assert not s.errors()
    teacher.run()
    board = in_class(teacher).board
    assert board["answered"] == 3 and board["joined"] == 3
    assert "s0" not in str(board)  # names stay off the projector
    teacher.at.button(key="class_reveal").click().run()
    teacher.run()
    assert any("Right: 2 · not right: 1" in s.value for s in teacher.at.success)
    assert teacher.player["playing"]  # the truth plays, and the class follows
    students[1].run()
    assert any(e.value.startswith("✗") for e in students[1].at.error)
    students[0].run()
    assert any(s.value.startswith("✓") for s in students[0].at.success)


def test_a_wrong_code_or_a_bad_nickname_says_why_and_the_page_goes_on():
    page = Page({"join": "AAAAAA"})
    page.at.button(key="class_join").click().run()
    assert "no class with this code" in " ".join(page.errors())
    page.at.text_input(key="class_join_code").input("x").run()
    page.at.text_input(key="class_nickname").input("<script>").run()
    page.at.button(key="class_join").click().run()
    assert page.errors() and in_class(page).role is None
    page.act("step")
    assert page.player["at"] == 1


def test_the_teacher_reopens_the_board_with_the_key():
    teacher = teacher_page()
    code, key = in_class(teacher).code, in_class(teacher).key
    again = Page()
    again.at.text_input(key="class_reopen_code").input(code.lower()).run()
    again.at.text_input(key="class_reopen_key").input("wrong").run()
    again.at.button(key="class_reopen_b").click().run()
    assert in_class(again).role is None and again.errors()
    again.at.text_input(key="class_reopen_key").input(key).run()
    again.at.button(key="class_reopen_b").click().run()
    assert in_class(again).role == "teacher"


def test_a_personal_link_joins_at_once_with_its_name():
    teacher = teacher_page()
    code = in_class(teacher).code
    page = Page({"join": code, "name": "Mina"})
    assert in_class(page).role == "student"
    teacher.at.toggle(key="class_names").set_value(True).run()
    assert in_class(teacher).board["joined"] == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_mission_asked_of_the_class_reaches_the_board_when_solved(lang):
    teacher = teacher_page({"lang": lang})
    code = in_class(teacher).code
    solver, trier = student_page(code, "Mina", lang), student_page(code, "Bo", lang)
    teacher.at.selectbox(key="class_ask_kind").set_value("mission").run()
    teacher.at.selectbox(key="class_ask_mission").set_value("fast_fit").run()
    teacher.at.button(key="class_ask_button").click().run()
    for s in (solver, trier):
        s.run()
        assert s.state.mission.current == "fast_fit" and not s.errors()
        assert s.player["led_by_teacher"] is None and s.player["end"] == 100  # the mission's setup
        assert "epochs" in s.state.locks  # and its locks
    solver.at.number_input(key="set_lr").set_value(0.1).run()
    teacher.at.radio(key="class_mode").set_value("paused").run()  # a pause keeps the mission
    solver.run()
    assert solver.player["led_by_teacher"] and solver.player["lr"] == 0.1
    assert solver.player["end"] == 100
    teacher.at.radio(key="class_mode").set_value("follow").run()
    solver.run()
    assert solver.player["led_by_teacher"] is None and solver.player["lr"] == 0.1
    solver.act("run_end")
    trier.act("run_end")  # lr 0.01: 100 epochs end far above the goal
    teacher.run()
    board = in_class(teacher).board
    assert sorted(a["status"] for a in board["answers"]) == ["solved", "tried"]
    assert "Mina" not in str(board)
    shown = " ".join(m.value for m in teacher.at.markdown)
    assert ("**1** solved · 2 of 2 have tried" if lang == "en" else "**1**명 해결 · 2명 중 2명 시도"
            ) in shown
    solver.run()
    solver.act("reset")  # a later try cannot take back a solved mission
    teacher.run()
    assert sorted(a["status"] for a in in_class(teacher).board["answers"]) == [
        "solved", "tried"]
    teacher.at.button(key="class_reveal").click().run()
    solver.run()
    trier.run()
    solved_text = "✓ Solved!" if lang == "en" else "✓ 해결!"
    assert any(s.value.startswith(solved_text) for s in solver.at.success), solver.errors()
    unsolved = "Not solved this time" if lang == "en" else "이번에는 풀지 못했습니다"
    assert any(i.value.startswith(unsolved) for i in trier.at.info)
    assert trier.player["led_by_teacher"] is not None  # back to follow
    assert trier.player["end"] == 1000
    assert solver.state.mission.current is None  # revealed: the class moves on


def test_runs_sent_to_the_board_make_the_class_sweep_and_one_contour_of_paths():
    import json

    teacher = teacher_page()
    code = in_class(teacher).code
    teacher.at.radio(key="class_mode").set_value("explore").run()
    for name, lr in (("a", 0.05), ("b", 0.19)):
        s = student_page(code, name)
        s.run()
        s.at.number_input(key="set_lr").set_value(lr).run()
        s.act("run_end")
        s.at.button(key="class_send_run").click().run()
        assert not s.errors()
    teacher.run()
    runs = in_class(teacher).board["runs"]
    assert sorted((r["lr"], r["diverged"]) for r in runs) == [(0.05, False), (0.19, True)]
    specs = [json.loads(c.proto.spec) for c in teacher.at.get("plotly_chart")]
    paths = next(f for f in specs if sum(t.get("mode") == "lines" for t in f["data"]) == 2)
    lines = [t for t in paths["data"] if t.get("mode") == "lines"]
    assert sorted(t["line"]["color"] for t in lines) == ["#D55E00", "white"]  # diverged in red
    calm = next(t for t in lines if t["line"]["color"] == "white")
    x_range = paths["layout"]["xaxis"]["range"]
    assert x_range[0] <= min(calm["x"]) and max(calm["x"]) <= x_range[1]  # framed by it
    assert x_range[1] < 10  # not stretched by the diverged path


def test_a_where_question_is_answered_by_a_click_on_the_students_cost_plot():
    teacher = teacher_page()
    code = in_class(teacher).code
    student = student_page(code, "Mina")
    assert student.player["class_place"] is None
    teacher.at.selectbox(key="class_ask_kind").set_value("where_after").run()
    teacher.at.number_input(key="class_steps").set_value(25).run()
    teacher.at.button(key="class_ask_button").click().run()
    student.run()
    assert student.player["class_place"] == 25  # the player takes the click
    student.act("class_answer", answer={"kind": "where_after", "W": 1.2, "b": 0.3, "steps": 999})
    assert not student.errors()
    for bad in ({"W": "x", "b": 0}, {"W": float("inf"), "b": 0}, "W=1"):
        student.act("class_answer", answer=bad)  # refused with a message; the answer stays
    assert student.errors()
    teacher.run()
    board = in_class(teacher).board
    assert [(a["W"], a["b"], a["steps"]) for a in board["answers"]] == [(1.2, 0.3, 25)]
    teacher.at.button(key="class_reveal").click().run()
    student.run()
    assert student.player["class_place"] is None  # revealed: clicks set the start again


def _answers_chart(page: Page) -> dict:
    """The board's chart of the class's answers (the first chart on the board)."""
    import json

    return json.loads(page.at.get("plotly_chart")[0].proto.spec)


def test_the_board_before_any_answer_starts_at_zero_with_the_choices_shown():
    from linreg.texts import texts

    EN = texts("en")

    teacher = teacher_page()
    code = in_class(teacher).code
    student = student_page(code, "Mina")
    teacher.act("step10")
    teacher.at.selectbox(key="class_ask_kind").set_value("rate_zone").run()
    teacher.at.button(key="class_ask_button").click().run()
    bars = _answers_chart(teacher)
    assert [(t["x"], t["y"]) for t in bars["data"]] == [
        ([EN[f"choice_{z}"] for z in ("smooth", "oscillating", "diverging")], [0, 0, 0])]
    low, high = bars["layout"]["yaxis"]["range"]
    assert low == 0 and high >= 1  # no count below zero

    W = teacher.shown["W"]
    teacher.at.selectbox(key="class_ask_kind").set_value("next_W").run()
    teacher.at.button(key="class_ask_button").click().run()
    empty = _answers_chart(teacher)
    assert sum(sum(t.get("y") or [0]) for t in empty["data"] if t["type"] == "bar") == 0
    low, high = empty["layout"]["xaxis"]["range"]
    assert low < W < high and abs((low + high) / 2 - W) < 1e-9  # around the teacher's W
    assert empty["layout"]["yaxis"]["range"][0] == 0
    student.run()
    student.at.number_input(key="class_next_W").set_value(W + 0.02).run()
    student.at.button(key="class_send_W").click().run()
    teacher.run()
    answered = _answers_chart(teacher)
    (counts,) = [t for t in answered["data"] if t["type"] == "bar"]
    assert sum(counts["y"]) == 1
    low, high = answered["layout"]["xaxis"]["range"]
    assert low < W + 0.02 < high and answered["layout"]["yaxis"]["range"][0] == 0


# ---------------------------------------------------------------- a class in a real school

def _open_roster(teacher: Page) -> list[str]:
    """The teacher opens the folded list of students: their labels."""
    teacher.at.session_state["class_roster"] = True  # as a click on the expander does
    teacher.run()
    return list(teacher.at.multiselect(key="class_roster_picked").options)


def test_the_teacher_approves_each_join_and_removes_a_student():
    teacher = teacher_page({"lr": "0.05"})
    code = in_class(teacher).code
    teacher.at.radio(key="class_joins").set_value("approve").run()
    mina = Page({"join": code, "name": "Mina"})
    assert in_class(mina).role == "student" and not mina.errors()
    assert any("Waiting for the teacher" in i.value for i in mina.at.info)
    assert mina.player["led_by_teacher"] is None and mina.player["lr"] != 0.05  # none of it
    teacher.run()
    assert any("0 in, 1 waiting" in c.value for c in teacher.at.caption)
    assert "Mina" not in " ".join(m.value for m in teacher.at.markdown)  # folded away
    assert _open_roster(teacher) == ["#1 Mina · waiting"]
    teacher.at.multiselect(key="class_roster_picked").set_value(["1"]).run()
    teacher.at.button(key="class_let_in").click().run()
    mina.run()
    assert mina.player["led_by_teacher"] == "Following the teacher" and mina.player["lr"] == 0.05
    bo = student_page(code, "Bo")  # waits too; let in with everyone waiting
    teacher.run()
    teacher.at.button(key="class_let_all_in").click().run()
    teacher.at.selectbox(key="class_ask_kind").set_value("rate_zone").run()
    teacher.at.button(key="class_ask_button").click().run()
    for s in (mina, bo):
        s.run()
        s.at.button(key="class_zone_smooth").click().run()
        assert not s.errors()
    teacher.run()
    assert in_class(teacher).board["answered"] == 2
    teacher.at.multiselect(key="class_roster_picked").set_value(["2"]).run()
    teacher.at.button(key="class_remove").click().run()
    assert in_class(teacher).board["answered"] == 1 and in_class(teacher).board["joined"] == 1
    bo.run()
    assert in_class(bo).role is None and "removed" in " ".join(bo.errors())


def test_a_locked_class_takes_nobody_more():
    teacher = teacher_page()
    code = in_class(teacher).code
    student_page(code, "Mina")
    teacher.at.radio(key="class_joins").set_value("locked").run()
    late = Page({"join": code, "name": "Late"})
    assert in_class(late).role is None
    assert "closed this class to new students" in " ".join(late.errors())
    teacher.at.radio(key="class_joins").set_value("open").run()
    student_page(code, "Late")


def test_ending_the_class_offers_the_results_then_deletes_the_names():
    import sqlite3

    teacher = teacher_page()
    code = in_class(teacher).code
    student = student_page(code, "Mina")
    teacher.at.button(key="class_end").click().run()
    assert in_class(teacher).role == "teacher"  # not yet: first the results, with names
    assert any("deletes the students' names" in w.value for w in teacher.at.warning)
    (csv_button,) = [b for b in teacher.at.get("download_button")
                     if b.proto.label == "Class results (CSV)" and "end_csv" in b.proto.id]
    teacher.at.button(key="class_end_cancel").click().run()
    student.run()
    assert in_class(student).role == "student" and not student.errors()  # the class goes on
    teacher.at.button(key="class_end").click().run()
    teacher.at.button(key="class_end_confirm").click().run()
    assert in_class(teacher).role is None
    student.run()
    assert in_class(student).role is None and student.errors()
    import os

    with sqlite3.connect(os.environ["LINREG_STORE"][len("sqlite://"):]) as db:
        for table in ("classes", "students", "answers", "runs"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE code = ?",
                              (code,)).fetchone()[0] == 0, table


def _markup_left(body: str) -> str:
    """What Markdown could still read as markup in `body`: the punctuation no backslash
    escapes (CommonMark's escapes)."""
    import re

    return "".join(re.findall(r"[\[\]()*_`!<>:$#~|]", re.sub(r"\\[!-/:-@\[-`{-~]", "", body)))


def test_a_links_text_in_the_notices_is_shown_as_text_not_markdown():
    import re

    page = Page({"join": "ACDEFG", "lang": "**en**",
                 "![x](https://example.invalid/p.png)": "1"})
    shown = [w.value for w in page.at.warning]
    assert len(shown) == 2
    assert [_markup_left(body) for body in shown] == ["", ""]  # no image, link or bold
    plain = " ".join(re.sub(r"\\(.)", r"\1", body) for body in shown).replace("\u2060", "")
    assert "**en**" in plain and "![x](https://example.invalid/p.png)" in plain  # as typed

"""A class with a lesson on the page (AppTest, one real SQLite store): the teacher's screen
reaches the students, Follow me, going ahead and coming back, and the board's grid."""

from __future__ import annotations

import csv
import html
import io
import re

from conftest import Page
from test_class_flows import class_store, in_class, student_page  # noqa: F401  (the fixture)

from linreg import lesson as lessons
from linreg.share import decode


def lesson_teacher() -> Page:
    teacher = Page()
    teacher.at.button(key="lesson_open").click().run()
    teacher.at.button(key="class_lesson_start").click().run()
    assert in_class(teacher).role == "teacher", teacher.errors()
    return teacher


def grid(teacher: Page) -> list[list[str]]:
    """The board's grid, row by row, as its table says it."""
    teacher.run()
    (body,) = [h.proto.body for h in teacher.at.get("html") if "class-grid" in h.proto.body]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1])
    return [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
            for r in rows]


def titles(page: Page) -> list[str]:
    return [h.value for h in page.at.subheader]


def title(index: int) -> str:
    from ui.panels import as_text

    return as_text(lessons.builtin().screens[index].title["en"])


def test_the_students_screen_is_the_teachers_until_they_are_let_go_ahead():
    teacher = lesson_teacher()
    code = in_class(teacher).code
    mina = student_page(code, "Mina")
    assert title(0) in titles(mina)
    assert mina.player["led_by_teacher"] == "Following the teacher"
    assert not [b for b in mina.at.button if b.key == "class_screen_next"]  # following
    teacher.at.button(key="lesson_next").click().run()  # the lesson's own Next
    mina.run()
    assert title(1) in titles(mina)
    assert mina.lab.settings == teacher.lab.settings  # the teacher's screen, its setup
    # let them go ahead up to screen 3
    teacher.at.number_input(key="class_ahead").set_value(3).run()
    teacher.at.button(key="class_ahead_button").click().run()
    mina.run()
    assert mina.player["led_by_teacher"] is None  # free
    mina.at.button(key="class_screen_next").click().run()
    mina.run()
    assert title(2) in titles(mina)
    assert mina.at.button(key="class_screen_next").disabled  # no further than screen 3
    # her own screen's setup and locks are on her page (not the following page's)
    assert mina.state.locks == decode(lessons.builtin().screens[2].link_setup()).view.locks
    rows = grid(teacher)
    assert rows[0][:2] == ["#1", "3"]  # on screen 3 (names hidden)
    # brought back: on the teacher's screen, following
    teacher.at.button(key="class_bring_them_back").click().run()
    mina.run()
    assert title(1) in titles(mina)
    assert mina.player["led_by_teacher"] == "Following the teacher"


def screen_3_answered(teacher, answers) -> None:
    """The teacher goes to screen 3 ("what will W be after this step?") and asks it by hand;
    each student sends their W."""
    for _ in range(2):
        teacher.at.button(key="lesson_next").click().run()
    teacher.at.selectbox(key="class_ask_kind").set_value("next_W").run()
    teacher.at.button(key="class_ask_button").click().run()
    for student, W in answers:
        student.run()
        student.at.number_input(key="class_next_W").set_value(W).run()
        student.at.button(key="class_send_W").click().run()


def test_the_grid_shows_what_each_student_did_and_exports_as_csv():
    teacher = lesson_teacher()
    code = in_class(teacher).code
    mina, jun = student_page(code, "Mina"), student_page(code, "Jun")
    screen_3_answered(teacher, ((mina, 0.187), (jun, 3.0)))
    teacher.at.button(key="class_reveal").click().run()
    rows = grid(teacher)
    assert [r[0] for r in rows] == ["#1", "#2"]
    assert [r[4] for r in rows] == ["right", "answered"]  # screen 3's column
    assert rows[0][2] == "not yet"
    teacher.at.toggle(key="class_names").set_value(True).run()
    assert [r[0] for r in grid(teacher)] == ["Mina", "Jun"]
    (download,) = [d for d in teacher.at.get("download_button")
                   if d.proto.label == "The grid (CSV)"]
    assert download is not None
    board = in_class(teacher)
    from ui.class_room import room

    exported = list(csv.reader(io.StringIO(room().export_grid(board.code, board.key))))
    assert exported[1][:5] == ["#1", "3", "not_yet", "not_yet", "right"]


def test_a_reopened_lesson_class_goes_on_from_its_screen():
    teacher = lesson_teacher()
    teacher.at.button(key="lesson_next").click().run()
    code, key = in_class(teacher).code, in_class(teacher).key
    again = Page()
    again.at.text_input(key="class_reopen_code").input(code)
    again.at.text_input(key="class_reopen_key").input(key)
    again.at.button(key="class_reopen_b").click().run()
    assert title(1) in titles(again)  # the class's screen, on the teacher's page again
    again.at.button(key="lesson_next").click().run()
    from ui.class_room import room

    assert room().board(code, key)["pacing"]["screen"] == 2


def test_a_student_on_their_own_screen_answers_its_question_for_the_grid():
    teacher = lesson_teacher()
    code = in_class(teacher).code
    mina, jun = student_page(code, "Mina"), student_page(code, "Jun")
    teacher.at.number_input(key="class_ahead").set_value(3).run()
    teacher.at.button(key="class_ahead_button").click().run()
    for student, W in ((mina, 0.187), (jun, 2.0)):
        student.run()
        for _ in range(2):  # to screen 3, "what will W be after this step?"
            student.at.button(key="class_screen_next").click().run()
            student.run()
        assert title(2) in titles(student)
        assert notice(2) not in infos(student)
        student.act("predict", answer={"kind": "next_W", "W": W})  # judged on their page
        student.run()
        assert notice(2) in infos(student)  # their own verdict is their reveal
    assert [r[:5] for r in grid(teacher)] == [["#1", "3", "not yet", "not yet", "right"],
                                              ["#2", "3", "not yet", "not yet", "answered"]]


def notice(index: int, lang: str = "en") -> str:
    """Screen `index`'s line of what to notice, as a page in `lang` shows it."""
    from linreg.texts import texts
    from ui.panels import as_text

    line = lessons.builtin().screens[index].notice[lang]
    return as_text(texts(lang)["lesson_notice"].format(notice=line))


def infos(page: Page) -> list[str]:
    return [i.value for i in page.at.info]


def test_a_student_sees_what_to_notice_once_the_screens_question_is_answered_and_revealed():
    teacher = lesson_teacher()
    code = in_class(teacher).code
    mina, jun, ari = (student_page(code, "Mina"), student_page(code, "Jun", lang="ko"),
                      student_page(code, "Ari"))
    assert notice(0) in infos(mina)  # the first screen asks nothing: at once
    screen_3_answered(teacher, ((mina, 0.187), (jun, 3.0)))
    ari.run()
    assert title(2) in titles(mina)
    # answered, not yet revealed: nothing to notice yet
    assert notice(2) not in infos(mina) + infos(ari) and notice(2, "ko") not in infos(jun)
    teacher.at.button(key="class_reveal").click().run()
    for student in (mina, jun, ari):
        student.run()
    assert notice(2) in infos(mina)  # right or not, the reveal shows it
    assert notice(2, "ko") in infos(jun)  # in the page's language
    assert notice(2) not in infos(ari)  # who did not answer sees the truth only
    assert mina.player["led_by_teacher"] == "Following the teacher"  # still following


def test_the_screens_question_is_asked_in_one_click_and_the_grid_and_notice_follow():
    teacher = lesson_teacher()
    code = in_class(teacher).code
    mina, jun = student_page(code, "Mina"), student_page(code, "Jun", lang="ko")
    assert not [b for b in teacher.at.button if b.key == "class_ask_screen"]  # asks nothing
    teacher.at.button(key="lesson_next").click().run()  # "where after 1000 steps?"
    ask = teacher.at.button(key="class_ask_screen")
    assert ask.label == "Ask this screen's question: Where will (W, b) be after 1000 steps?"
    ask.click().run()
    question = in_class(teacher).board["question"]
    assert {k: question[k] for k in ("kind", "steps", "screen")} == {
        "kind": "where_after", "steps": 1000, "screen": 1}
    assert teacher.at.button(key="class_ask_screen").disabled  # the class is answering it
    for student, (W, b) in ((mina, (1.971, 0.066)), (jun, (0.0, 0.0))):
        student.run()
        student.at.number_input(key="class_W").set_value(W)
        student.at.number_input(key="class_b").set_value(b).run()  # the button sends these
        student.at.button(key="class_send_place").click().run()
    assert notice(1) not in infos(teacher.run())
    teacher.at.button(key="class_reveal").click().run()
    assert [r[3] for r in grid(teacher)] == ["right", "answered"]  # screen 2's column
    assert notice(1) in infos(teacher)  # the board's lesson box, after the reveal
    assert not teacher.at.button(key="class_ask_screen").disabled  # may be asked again
    mina.run(), jun.run()
    assert notice(1) in infos(mina) and notice(1, "ko") in infos(jun)


def test_a_screens_mission_is_given_to_the_class_in_one_click():
    teacher = lesson_teacher()
    for _ in range(5):  # to "the edge of stability", a mission
        teacher.at.button(key="lesson_next").click().run()
    ask = teacher.at.button(key="class_ask_screen")
    assert ask.label == "Give the class this screen's mission: 2. The edge of stability"
    ask.click().run()
    question = in_class(teacher).board["question"]
    assert {k: question[k] for k in ("kind", "mission", "screen")} == {
        "kind": "mission", "mission": "edge", "screen": 5}
    assert notice(5) not in infos(teacher)
    teacher.at.button(key="class_reveal").click().run()
    assert notice(5) in infos(teacher)  # the lesson's box on the board, after the reveal

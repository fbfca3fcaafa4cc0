"""The lesson alone, through the page (AppTest): open it, go screen by screen with each
setup and its locks applied, answer and solve, reload from the link, and a hostile file."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Page

from linreg import lesson
from linreg.lesson_lab02 import LESSON as LAB02
from linreg.texts import message
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO


def open_lesson(page):
    page.at.button(key="lesson_open").click().run()
    assert not page.at.exception, page.at.exception
    return page


def shown(markdown: str) -> str:
    """Text as the page shows it (ui/panels.as_text escapes its punctuation)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def screen_title(page) -> str:
    return shown(page.at.get("subheader")[0].value)


def notice_shown(page, words) -> bool:
    return any(shown(i.value).startswith(words["lesson_notice"].split(":")[0])
               for i in page.at.info)


def click(page, key: str):
    page.at.button(key=key).click().run()
    assert not page.at.exception, page.at.exception
    return page


@pytest.mark.parametrize("lang, words", [("en", EN), ("ko", KO)])
def test_next_and_back_put_each_screens_setup_and_locks_on_the_page(open_link, lang, words):
    page = open_lesson(open_link({"lang": lang}))
    built = lesson.builtin()
    assert words["lesson_progress"].format(n=1, total=9) in [c.value for c in page.at.caption]
    assert screen_title(page) == built.screens[0].title[lang]
    assert page.at.query_params["lesson"] == "lab02" and page.at.query_params["screen"] == "1"
    for n in range(2, 10):
        click(page, "lesson_next")
        screen = built.screens[n - 1]
        assert screen_title(page) == screen.title[lang]
        assert page.at.query_params["screen"] == str(n)
        setup = page.lab.settings
        if n == 5:
            assert setup.lr == 0.05 and page.at.number_input(key="set_lr").disabled
        if n == 7:
            assert setup.lr == 0.19 and page.state.locks >= {"lr", "data", "w0"}
        assert page.state.mission.current == screen.mission
        asked = page.player["prediction"]["ask"]
        assert asked == (screen.question.to_dict() if screen.question else None)
    assert page.at.button(key="lesson_next").disabled
    click(page, "lesson_back")
    assert page.at.query_params["screen"] == "8" and page.state.mission.current == "momentum"
    assert page.lab.settings.lr == 0.01  # screen 8's own setup, not screen 9's
    click(page, "lesson_leave")
    assert "lesson" not in page.at.query_params and not page.state.locks
    assert page.state.mission.current is None
    assert not page.at.number_input(key="set_lr").disabled


def test_a_question_answered_shows_what_to_notice_and_the_link_keeps_it(page):
    open_lesson(page)
    click(page, "lesson_next")
    click(page, "lesson_next")  # screen 3: what will W be after this step?
    assert not notice_shown(page, EN)
    progress = "Screen 3 of 9 · {}/6 questions and missions done"
    assert progress.format(0) in [c.value for c in page.at.caption]
    page.act("predict", answer={"kind": "next_W", "W": 0.187})
    assert page.player["prediction"]["verdict"]["right"]
    assert notice_shown(page, EN) and page.at.query_params["done"] == "3"
    assert progress.format(1) in [c.value for c in page.at.caption]


def test_the_lessons_run_on_screen_4_prints_the_lessons_log(page):
    from lesson_log import LESSON_LOG

    open_lesson(page)
    for _ in range(3):
        click(page, "lesson_next")
    page.act("run_end")
    assert page.log() == LESSON_LOG


def test_a_mission_solved_on_its_screen(page):
    open_lesson(page)
    for _ in range(5):
        click(page, "lesson_next")  # screen 6: the edge of stability
    assert not notice_shown(page, EN)
    page.at.number_input(key="set_lr").set_value(0.175).run()
    page.act("run_end")
    assert "edge" in page.state.mission.solved and notice_shown(page, EN)
    assert page.at.query_params["solved"] == "edge"


def test_a_reload_from_the_link_lands_on_the_same_screen_with_what_was_done(page):
    open_lesson(page)
    for _ in range(2):
        click(page, "lesson_next")
    page.act("predict", answer={"kind": "next_W", "W": 0.187})
    for _ in range(3):
        click(page, "lesson_next")
    page.at.number_input(key="set_lr").set_value(0.175).run()
    page.act("run_end")  # screen 6 solved
    link = {k: page.at.query_params[k] for k in page.at.query_params}
    assert link["screen"] == "6" and link["done"] == "3" and link["solved"] == "edge"
    again = Page(link)
    assert not again.at.exception, again.at.exception
    assert screen_title(again) == "The edge of stability" and notice_shown(again, EN)
    assert again.state.mission.current == "edge" and again.lab.settings.lr == 0.175
    click(again, "lesson_back")
    click(again, "lesson_back")
    click(again, "lesson_back")  # screen 3, answered before the reload
    assert notice_shown(again, EN)
    click(again, "lesson_leave")
    assert not again.state.locks  # the screen's locks were not the link's own


def test_a_mission_started_and_left_on_a_screen_keeps_the_screens_locks(page):
    open_lesson(page)
    for _ in range(4):
        click(page, "lesson_next")  # screen 5: lr 0.05, locked
    page.at.selectbox(key="mission_pick").set_value("zigzag").run()
    click(page, "mission_start")
    assert page.state.locks == {"data", "lr", "optimizer", "batch_size"}
    click(page, "mission_leave")
    assert page.state.locks == {"data", "lr", "optimizer", "batch_size"}
    assert page.at.number_input(key="set_lr").disabled


def test_a_small_lesson_from_a_file_travels_in_the_link(page):
    doc = dict(LAB02, screens=LAB02["screens"][4:6])
    page.at.file_uploader(key="lesson_upload").set_value(
        ("mine.json", json.dumps(doc).encode(), "application/json")).run()
    assert not page.at.exception, page.at.exception
    assert screen_title(page) == "A larger learning rate" and page.lab.settings.lr == 0.05
    value = page.at.query_params["lesson"]
    assert value.startswith("z")
    again = Page({k: page.at.query_params[k] for k in page.at.query_params})
    assert screen_title(again) == "A larger learning rate"


HOSTILE = [
    b"\x00\xff" * 50,
    json.dumps(dict(LAB02, screens=[dict(LAB02["screens"][0], setup={"lr": "1e999"})])).encode(),
    b'{"linreg_lesson": 1, "title": {"en": "a", "ko": "b"}, "screens": ' + b"[" * 5000 + b"]" *
    5000 + b"}",
]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("raw", HOSTILE)
def test_a_hostile_file_leaves_the_page_as_it_was_with_a_message(open_link, lang, raw):
    page = open_link({"lang": lang, "lr": "0.03"})
    page.act("step10")
    before = (page.lab.settings, page.player["at"], dict(page.at.query_params))
    page.at.file_uploader(key="lesson_upload").set_value(("evil.json", raw, "application/json"))
    page.run()
    assert not page.at.exception, page.at.exception
    (error,) = [shown(e) for e in page.errors()]
    assert any(error == message(lang, code, params) for code, params in [
        ("lesson_not_json", {}), ("lesson_bad_setup", {"screen": 1, "name": "lr"}),
        ("lesson_bad", {"where": "screens[0]"})]), error
    assert page.state.lesson.lesson is None
    assert (page.lab.settings, page.player["at"], dict(page.at.query_params)) == before


def test_a_broken_lesson_in_a_link_is_ignored_with_a_notice(open_link):
    page = open_link({"lesson": "zAAAA", "screen": "4", "lr": "0.05"})
    assert page.state.lesson.lesson is None and page.lab.settings.lr == 0.05
    assert any(message("en", "lesson_link_bad", {}) in shown(w.value) for w in page.at.warning)

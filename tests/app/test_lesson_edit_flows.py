"""Making a lesson on the page (AppTest): the page's setup added as screens with their words
and question, screens moved and deleted, and the lesson made read back from its JSON file
and from the link."""

from __future__ import annotations

import json

from conftest import Page

from linreg import lesson
from linreg.questions import KINDS


def click(page, key: str):
    page.at.button(key=key).click().run()
    assert not page.at.exception, page.at.exception
    return page


def add(page, title: str, text: str = "", ask: str = "none", notice: str = ""):
    page.at.text_input(key="lesson_add_title").set_value(title)
    page.at.text_area(key="lesson_add_text").set_value(text)
    choices = ["none", *KINDS, "mission"]  # the form's order
    page.at.selectbox(key="lesson_add_ask").select_index(choices.index(ask))
    page.at.text_input(key="lesson_add_notice").set_value(notice)
    page.run()
    return click(page, "lesson_add")


def titles(page) -> list[str]:
    return [s.title["en"] for s in page.state.lesson.lesson.screens]


def made(page) -> lesson.Lesson:
    """The lesson as its downloaded JSON file reads back."""
    return lesson.from_json(lesson.to_json(page.state.lesson.lesson))


def test_setups_added_as_screens_read_back_with_their_words_and_question(open_link):
    page = open_link({"lr": "0.05", "epochs": "300"})
    add(page, "Rate 0.05", "A larger rate.", ask="rate_zone", notice="It is faster.")
    page.at.number_input(key="set_lr").set_value(0.19).run()
    add(page, "Rate 0.19", "Too large.")
    assert titles(page) == ["Rate 0.05", "Rate 0.19"]
    first, second = made(page).screens
    assert first.setup["lr"] == "0.05" and first.setup["epochs"] == "300"
    assert first.question == lesson.Question("rate_zone")
    assert first.text == {"en": "A larger rate.", "ko": "A larger rate."}
    assert first.notice["en"] == "It is faster." and second.notice is None
    assert second.setup["lr"] == "0.19" and second.question is None
    assert made(page) == page.state.lesson.lesson
    labels = [b.label for b in page.at.get("download_button")]
    assert {"Download the lesson (JSON)", "Export the lesson (offline HTML)"} <= set(labels)
    # small enough for the link: a reload opens the same lesson on the same screen
    again = Page({k: page.at.query_params[k] for k in page.at.query_params})
    assert again.state.lesson.lesson == page.state.lesson.lesson
    assert again.state.lesson.screen == 1 and again.lab.settings.lr == 0.19


def test_a_mission_running_is_what_the_screen_asks(page):
    page.at.selectbox(key="mission_pick").set_value("edge").run()
    click(page, "mission_start")
    assert page.state.mission.current == "edge"
    add(page, "The edge", ask="mission")
    (screen,) = made(page).screens
    assert screen.mission == "edge" and screen.question is None


def test_screens_move_up_and_down_and_are_deleted_with_the_shown_one_followed(page):
    for n in (1, 2, 3):
        page.at.number_input(key="set_lr").set_value(0.01 * n).run()
        add(page, f"S{n}")
    assert titles(page) == ["S1", "S2", "S3"] and page.state.lesson.screen == 2
    click(page, "lesson_up_2")
    assert titles(page) == ["S1", "S3", "S2"] and page.state.lesson.screen == 1
    click(page, "lesson_down_0")
    assert titles(page) == ["S3", "S1", "S2"] and page.state.lesson.screen == 0
    assert page.at.button(key="lesson_up_0").disabled
    assert page.at.button(key="lesson_down_2").disabled
    rates = [s.setup.get("lr", "0.01") for s in made(page).screens]  # the default left out
    assert rates == ["0.03", "0.01", "0.02"]
    click(page, "lesson_delete_0")  # the shown one: the next one's setup goes on the page
    assert titles(page) == ["S1", "S2"] and page.state.lesson.screen == 0
    assert page.lab.settings.lr == 0.01
    click(page, "lesson_delete_1")
    assert titles(page) == ["S1"] and made(page) == page.state.lesson.lesson
    assert json.loads(lesson.to_json(made(page)))["screens"][0]["title"]["en"] == "S1"
    click(page, "lesson_delete_0")
    assert page.state.lesson.lesson is None and "lesson" not in page.at.query_params


def test_a_screen_added_inside_the_built_in_lesson_goes_after_the_one_shown(page):
    click(page, "lesson_open")
    click(page, "lesson_next")
    add(page, "Mine")
    assert titles(page)[:4] == [lesson.builtin().screens[0].title["en"],
                                lesson.builtin().screens[1].title["en"], "Mine",
                                lesson.builtin().screens[2].title["en"]]
    assert page.state.lesson.screen == 2 and len(titles(page)) == 10

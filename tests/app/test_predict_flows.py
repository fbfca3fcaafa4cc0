"""Predict, then see, and the missions, through the page (AppTest), in both languages."""

from __future__ import annotations

import pytest

from linreg.missions import MISSIONS
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO


def verdict(page) -> dict:
    return page.player["prediction"]["verdict"]


@pytest.mark.parametrize("lang, words", [("en", EN), ("ko", KO)])
def test_a_rate_prediction_plays_the_run_and_says_why(open_link, lang, words):
    page = open_link({"lang": lang, "lr": "0.19"})
    page.act("predict", answer={"kind": "rate_zone", "zone": "smooth"})
    v = verdict(page)
    assert page.player["playing"] and not v["right"]
    assert v["text"].startswith(words["verdict_wrong"])
    assert words["zone_diverging"] in v["text"] and "0.1803" in v["text"] and "91" in v["text"]
    assert v["reveal_at"] == 90  # the last finite epoch: the run ends there


def test_where_after_n_steps_plays_them_and_measures_the_distance(page):
    page.act("predict", answer={"kind": "where_after", "W": 1.7, "b": 0.6, "steps": 100})
    v = verdict(page)
    assert page.player["playing"] and v["reveal_at"] == 100
    assert v["right"] and v["guess"] == [1.7, 0.6]
    assert v["truth"][0] == pytest.approx(1.745, abs=1e-3)
    page.act("finished", epoch=100)
    assert page.player["at"] == 100  # it stopped after the N steps asked about


def test_the_next_W_shows_the_lessons_update_with_the_answer_beside_it(page):
    page.act("predict", answer={"kind": "next_W", "W": 0.2})
    v = verdict(page)
    assert page.player["at"] == 1 and not v["right"]
    assert "0.000 − 0.01 × (-18.667) = 0.187" in v["text"] and "0.2" in v["text"]


def test_predictions_never_change_the_lessons_log(page, open_link):
    plain = open_link({})
    plain.act("run_end")
    page.act("predict", answer={"kind": "next_W", "W": 1})
    page.act("predict", answer={"kind": "where_after", "W": 1, "b": 0, "steps": 7})
    page.act("run_end")
    assert page.log() == plain.log() and len(page.log()) == 11


@pytest.mark.parametrize("answer", [None, "smooth", {"kind": "rate_zone", "zone": "<img>"},
                                    {"kind": "next_W", "W": "NaN"},
                                    {"kind": "where_after", "W": 1, "b": 1, "steps": -5}])
def test_a_malformed_prediction_is_refused_with_a_message(page, answer):
    page.act("step")
    page.act("predict", answer=answer)
    assert page.errors() and page.player["at"] == 1 and verdict(page) is None
    page.act("step")
    assert page.player["at"] == 2  # the session goes on


def test_predictions_turned_off_are_not_offered_and_the_link_says_so(page):
    page.at.toggle(key="predict").set_value(False).run()
    assert page.player["prediction"] is None
    assert page.at.query_params["predict"] == "0"
    page.act("predict", answer={"kind": "rate_zone", "zone": "smooth"})
    assert not page.player["playing"]


@pytest.mark.parametrize("lang, words", [("en", EN), ("ko", KO)])
def test_a_mission_solved_end_to_end(open_link, lang, words):
    page = open_link({"lang": lang})
    page.at.selectbox(key="mission_pick").set_value("fast_fit").run()
    page.at.button(key="mission_start").click().run()
    assert page.at.query_params["mission"] == "fast_fit"
    assert page.player["end"] == 100
    assert page.at.number_input(key="set_epochs").disabled  # the mission locks it
    page.act("run_end")  # at 0.01: too slow, the hint shows
    hint = words["mission_hint"].split(":")[0].split("{")[0].strip()
    assert any(hint in w.value for w in page.at.warning)
    page.at.number_input(key="set_lr").set_value(0.15).run()
    page.act("reset")
    page.act("run_end")
    assert any(words["mission_solved"][:3] in s.value for s in page.at.success)
    assert page.at.query_params["solved"] == "fast_fit"
    page.at.button(key="mission_leave").click().run()
    assert "mission" not in page.at.query_params
    assert not page.at.number_input(key="set_epochs").disabled


def test_a_mission_with_an_answer_checks_what_was_typed(open_link):
    page = open_link({"mission": "diverge", "lr": "0.19", "lock": "batch_size,data,optimizer"})
    page.act("run_end")
    page.at.text_input(key="mission_answer").input("90").run()
    assert any("Not yet" in w.value for w in page.at.warning)
    page.at.text_input(key="mission_answer").input("91").run()
    assert page.at.success and "diverge" in page.at.query_params["solved"]


def test_progress_survives_a_reload_through_the_link(open_link):
    page = open_link({"solved": "fast_fit,zigzag"})
    assert "2 of 8" in " ".join(c.value for c in page.at.caption)
    labels = page.at.selectbox(key="mission_pick").options
    assert labels[0].startswith("✓") and labels[2].startswith("✓")
    assert len(labels) == len(MISSIONS)

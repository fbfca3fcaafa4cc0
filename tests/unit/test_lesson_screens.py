"""A lesson as data (linreg/lesson.py): the built-in lesson, JSON and links both ways, and
files that are wrong or hostile, each refused with its message and nothing built."""

from __future__ import annotations

import base64
import copy
import json
import math
import os
import zlib
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_log import LESSON_LOG

from linreg import lesson
from linreg.cli import lesson_log
from linreg.errors import InputError
from linreg.lesson_lab02 import LESSON as LAB02
from linreg.missions import BY_ID
from linreg.presets import preset
from linreg.questions import Answer, judge
from linreg.share import decode
from linreg.texts import LANGUAGES, message
from linreg.train import TrainState, run

# each example reads a whole lesson (nine setups): a fifth of FUZZ_EXAMPLES (CI runs 5000)
EXAMPLES = max(50, int(os.environ.get("FUZZ_EXAMPLES", "1500")) // 5)
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def screen_state(screen) -> TrainState:
    setup = decode(screen.link_setup())
    return TrainState(setup.data or preset("lesson"), setup.settings)


def refused(doc) -> InputError:
    raw = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    with pytest.raises(InputError) as caught:
        lesson.from_json(raw)
    error = caught.value
    for lang in LANGUAGES:  # every refusal has words in every language
        assert message(lang, error.code, error.params) != error.code
    return error


# ---------------------------------------------------------------- the built-in lesson

def test_the_built_in_lesson_follows_the_seed_lessons_order():
    screens = lesson.builtin().screens
    assert len(screens) == 9
    asks = [(s.question.kind if s.question else None, s.mission) for s in screens]
    assert asks == [(None, None), ("where_after", None), ("next_W", None), (None, None),
                    (None, None), (None, "edge"), ("rate_zone", None), (None, "momentum"),
                    (None, "lesson_500")]
    assert screens[0].words("en")[0] == "The data and the hypothesis"
    assert screens[2].words("ko")[0] == "경사 하강법 한 스텝, 손으로"
    for s in screens:
        for lang in LANGUAGES:
            title, text, notice = s.words(lang)
            assert title and text and notice


def test_each_screens_setup_decodes_as_a_link_without_a_notice():
    for s in lesson.builtin().screens:
        setup = decode(s.link_setup())
        assert not setup.notices
        if s.mission:  # a mission's own locks hold on its screen
            assert decode(BY_ID[s.mission].setup).view.locks <= setup.view.locks


def test_screen_4s_run_prints_the_lessons_log():
    state = screen_state(lesson.builtin().screens[3])
    run(state, state.settings.epochs + 1)
    assert lesson_log(state) == LESSON_LOG


def test_screen_3s_question_has_the_lessons_first_step_for_answer():
    state = screen_state(lesson.builtin().screens[2])
    assert judge(state, Answer("next_W", W=0.187)).right
    assert not judge(state, Answer("next_W", W=0.2)).right


def test_screen_7s_rate_diverges_at_epoch_91():
    state = screen_state(lesson.builtin().screens[6])
    verdict = judge(state, Answer("rate_zone", zone="diverging"))
    assert verdict.right and verdict.truth["diverged_at"] == 91


def test_screen_2s_floor_is_the_right_place_after_1000_steps():
    state = screen_state(lesson.builtin().screens[1])
    assert judge(state, Answer("where_after", W=2.0, b=0.0, steps=1000)).right
    assert not judge(state, Answer("where_after", W=1.0, b=1.0, steps=1000)).right


# ---------------------------------------------------------------- both ways

def test_json_round_trips():
    built = lesson.builtin()
    assert lesson.from_json(lesson.to_json(built)) == built
    assert lesson.from_json(lesson.to_json(built).encode("utf-8")) == built


def test_a_setup_is_kept_as_the_link_writes_it():
    doc = copy.deepcopy(LAB02)
    doc["screens"][0]["setup"] = {"lr": 0.05, "epochs": 200, "lock": "lr,data",
                                  "x": "1,2,3", "y": "2,4,6"}
    made = lesson.from_json(json.dumps(doc))
    assert made.screens[0].setup == {"lr": "0.05", "epochs": "200", "x": "1,2,3", "y": "2,4,6",
                                     "lock": "data,lr"}
    assert lesson.from_json(lesson.to_json(made)) == made


def test_the_built_in_lesson_travels_by_its_id_a_small_one_packed_a_big_one_not():
    built = lesson.builtin()
    assert lesson.link_value(built) == "lab02"
    assert lesson.from_link("lab02") is built
    small = replace(built, screens=built.screens[:2])
    value = lesson.link_value(small)
    assert value.startswith("z") and len(value) <= lesson.MAX_LINK_CHARS
    assert lesson.from_link(value) == small
    big = replace(built, title={"en": "Mine", "ko": "내 강의"})
    assert lesson.link_value(big) is None


def test_screens_from_a_link_keep_only_this_lessons_numbers():
    built = lesson.builtin()
    assert lesson.screens_from_link("1,3,9,10,0,x,-2, 4", built) == {1, 3, 4, 9}
    assert lesson.screens_from_link(None, built) == set()
    assert lesson.screens_from_link("1," * 1000, built) == set()


# ---------------------------------------------------------------- refused

def lab02_with(path: tuple, value):
    doc = copy.deepcopy(LAB02)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.mark.parametrize("raw, code", [
    (b"", "lesson_not_json"),
    (b"\xff\xfe\x00garbage", "lesson_not_json"),
    (b"[1, 2]", "lesson_not_json"),
    (b'{"linreg_lesson": 2, "screens": []}', "lesson_not_json"),
    (b'{"linreg_setup": 1}', "lesson_not_json"),
    (b"[" * 600_000 + b"]" * 600_000, "lesson_too_large"),
    (b"[" * 50_000 + b"]" * 50_000, "lesson_not_json"),  # nested past the parser's depth
    (b" " * (lesson.MAX_BYTES + 1), "lesson_too_large"),
    (b'{"linreg_lesson": 1, "title": {"en": "a", "ko": "b"}, "screens": [NaN]}',
     "lesson_not_json"),
    (b'{"linreg_lesson": 1, "x": Infinity}', "lesson_not_json"),
    (b'{"linreg_lesson": 1, "x": 1e999}', "lesson_not_json"),
    (b'{"linreg_lesson": 1, "x": ' + b"9" * 5000 + b"}", "lesson_not_json"),
])
def test_what_is_not_a_lesson_file(raw, code):
    assert refused(raw).code == code


@pytest.mark.parametrize("path, value, code", [
    (("screens",), [], "lesson_screens"),
    (("screens",), [LAB02["screens"][0]] * 41, "lesson_screens"),
    (("screens",), "nine", "lesson_bad"),
    (("title",), "Lab-02", "lesson_bad"),
    (("title",), {"en": "Lab-02"}, "lesson_bad"),
    (("title", "ko"), "", "lesson_bad"),
    (("title", "fr"), "Leçon", "lesson_unknown"),
    (("title", "en"), "x" * (lesson.MAX_TITLE_CHARS + 1), "lesson_too_long"),
    (("title", "en"), 12, "lesson_bad"),
    (("title", "en"), "line\x00null", "lesson_bad"),
    (("title", "en"), "\ud800", "lesson_bad"),
    (("script",), "<script>", "lesson_unknown"),
    (("screens", 0), [], "lesson_bad"),
    (("screens", 0, "text", "en"), "y" * (lesson.MAX_TEXT_CHARS + 1), "lesson_too_long"),
    (("screens", 0, "onclick"), "x", "lesson_unknown"),
    (("screens", 0, "setup"), ["lr", "0.1"], "lesson_bad"),
    (("screens", 0, "setup"), {"lang": "ko"}, "lesson_unknown"),
    (("screens", 0, "setup"), {"mission": "edge"}, "lesson_unknown"),
    (("screens", 0, "setup"), {"lr": "banana"}, "lesson_bad_setup"),
    (("screens", 0, "setup"), {"lr": 5000}, "lesson_bad_setup"),
    (("screens", 0, "setup"), {"lr": True}, "lesson_bad"),
    (("screens", 0, "setup"), {"lr": None}, "lesson_bad"),
    (("screens", 0, "setup"), {"lr": {"deep": [1]}}, "lesson_bad"),
    (("screens", 0, "setup"), {"lock": "data,everything"}, "lesson_bad_setup"),
    (("screens", 0, "setup"), {"x": "1,2", "y": "1"}, "lesson_bad_setup"),
    (("screens", 0, "setup"), {"x": ",".join(["1"] * 401), "y": ",".join(["1"] * 401)},
     "lesson_bad_setup"),
    (("screens", 0, "setup"), {"x": "1e400,2", "y": "1,2"}, "lesson_bad_setup"),
    (("screens", 0, "setup"), {"x": "1" * 9000, "y": "1"}, "lesson_too_long"),
    (("screens", 0, "setup"), {"data": "nowhere"}, "lesson_bad_setup"),
    (("screens", 0, "mission"), "win", "lesson_bad"),
    (("screens", 0, "mission"), ["edge"], "lesson_bad"),
    (("screens", 2, "mission"), "edge", "lesson_bad"),  # a question and a mission
    (("screens", 0, "question"), {"kind": "guess"}, "lesson_bad"),
    (("screens", 0, "question"), "next_W", "lesson_bad"),
    (("screens", 0, "question"), {"kind": "next_W", "steps": 3}, "lesson_unknown"),
    (("screens", 1, "question", "steps"), 0, "lesson_bad"),
    (("screens", 1, "question", "steps"), 1001, "lesson_bad"),
    (("screens", 1, "question", "steps"), True, "lesson_bad"),
    (("screens", 1, "question", "steps"), 10.5, "lesson_bad"),
    (("screens", 0, "notice"), {"en": "n", "ko": ""}, "lesson_bad"),
    (("screens", 0, "notice", "ko"), "z" * (lesson.MAX_NOTICE_CHARS + 1), "lesson_too_long"),
])
def test_a_wrong_part_is_refused_with_where_it_is(path, value, code):
    error = refused(lab02_with(path, value))
    assert error.code == code, error


def test_the_message_names_the_place_and_the_setting():
    error = refused(lab02_with(("screens", 4, "setup"), {"lr": "banana"}))
    assert str(error) == ("The lesson cannot be opened: the setup of screen 5 has a bad lr.")
    error = refused(lab02_with(("screens", 3, "title", "ko"), 7))
    assert "screens[3].title.ko" in str(error)
    assert "screens[3].title.ko" in message("ko", error.code, error.params)


def test_an_unknown_keys_name_is_shown_short_and_printable():
    error = refused(lab02_with(("screens", 0, "x\x00" + "k" * 500), 1))
    assert len(error.params["key"]) == 40 and "\x00" not in error.params["key"]


@pytest.mark.parametrize("value", [
    "lab03", "", "z", "z!!!!", "z" + "A" * 5000, "zAAAA", 17, None,
    "z" + base64.urlsafe_b64encode(zlib.compress(b"{}")).decode(),
    "z" + base64.urlsafe_b64encode(zlib.compress(b" " * 10_000_000, 9)).decode(),  # a bomb
    "z" + base64.urlsafe_b64encode(b"not zlib at all").decode(),
])
def test_a_links_lesson_that_cannot_be_read(value):
    with pytest.raises(InputError) as caught:
        lesson.from_link(value)
    assert caught.value.code == "lesson_link_bad"


# ---------------------------------------------------------------- fuzzed

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)


def places(doc, path=()):
    """Every place in a document where a value can be put."""
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from places(value, (*path, i))


PLACES = [p for p in places(LAB02) if p]


def only_input_error(raw) -> None:
    try:
        made = lesson.from_json(raw)
    except InputError:
        return
    assert isinstance(made, lesson.Lesson)
    assert lesson.from_json(lesson.to_json(made)) == made


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_are_a_lesson_or_refused(raw):
    only_input_error(raw)


@FUZZ
@given(st.sampled_from(PLACES), json_values)
def test_any_value_anywhere_is_a_lesson_or_refused(path, value):
    text = json.dumps(lab02_with(path, value), allow_nan=True)
    only_input_error(text)


@FUZZ
@given(st.sampled_from(PLACES), st.sampled_from([math.nan, math.inf, -math.inf, 1e308 * 10]))
def test_nan_and_infinity_anywhere_are_refused(path, value):
    text = json.dumps(lab02_with(path, value), allow_nan=True)
    assert refused(text).code == "lesson_not_json"


@FUZZ
@given(st.sampled_from(PLACES), st.integers(1, 5000), st.sampled_from("[{"))
def test_deep_nesting_anywhere_is_refused(path, depth, bracket):
    nested = ("[" * depth + "]" * depth if bracket == "[" else
              '{"a":' * depth + "0" + "}" * depth)
    text = json.dumps(lab02_with(path, "deep")).replace('"deep"', nested)
    with pytest.raises(InputError):
        lesson.from_json(text)


@FUZZ
@given(st.sampled_from(PLACES), st.integers(lesson.MAX_TEXT_CHARS + 1, 200_000))
def test_huge_strings_anywhere_are_refused(path, size):
    with pytest.raises(InputError):
        lesson.from_json(json.dumps(lab02_with(path, "é" * size)))


words = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1,
                max_size=40).filter(str.strip)
screens = st.builds(
    dict,
    title=st.fixed_dictionaries({lang: words for lang in LANGUAGES}),
    text=st.fixed_dictionaries({lang: words for lang in LANGUAGES}),
    setup=st.fixed_dictionaries({}, optional={
        "lr": st.floats(0.0001, 0.5), "epochs": st.integers(0, 5000),
        "optimizer": st.sampled_from(["sgd", "momentum", "adam"]),
        "lock": st.sampled_from(["data", "lr,epochs", "w0,b0"]),
        "data": st.sampled_from(["lesson", "lesson_first", "outlier"])}),
)


@FUZZ
@given(st.lists(screens, min_size=1, max_size=5))
def test_any_valid_lesson_round_trips_through_json_and_a_link(made_screens):
    doc = {"linreg_lesson": 1, "title": {"en": "T", "ko": "제목"}, "screens": made_screens}
    made = lesson.from_json(json.dumps(doc))
    assert lesson.from_json(lesson.to_json(made)) == made
    value = lesson.link_value(made)
    assert value is None or lesson.from_link(value) == made

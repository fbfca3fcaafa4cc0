"""Predict, then see: each question's verdict against the core's own run."""

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linreg import InputError, Settings, preset
from linreg.analysis import analyse
from linreg.lab import Lab
from linreg.lessonlog import log_entries
from linreg.questions import KINDS, ZONES, Answer, judge
from linreg.texts import texts
from linreg.train import TrainState, run

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1500"))


def zone_answer(zone):
    return Answer.from_dict({"kind": "rate_zone", "zone": zone})


@pytest.mark.parametrize("lr, zone", [(0.01, "smooth"), (0.05, "smooth"), (0.1, "oscillating"),
                                      (0.17, "oscillating"), (0.19, "diverging")])
def test_the_rate_question_is_judged_by_the_bound_of_this_data(lr, zone):
    state = TrainState(preset("lesson"), Settings(lr=lr))
    verdicts = {z: judge(state, zone_answer(z)) for z in ZONES}
    assert [z for z, v in verdicts.items() if v.right] == [zone]
    assert verdicts[zone].truth["bound"] == pytest.approx(2 / 11.0929, rel=1e-4)
    assert state.epoch == 0 and len(state.history) == 1  # judging trained nothing


def test_a_diverging_rate_names_the_epoch_the_page_shows():
    lab = Lab(settings=Settings(lr=0.19))
    verdict = judge(lab.state, zone_answer("smooth"))
    lab.run_to_end()
    assert not verdict.right and verdict.truth["zone"] == "diverging"
    assert verdict.truth["diverged_at"] == lab.state.divergence.epoch == 91


def test_momentum_is_judged_by_the_run_it_makes():
    state = TrainState(preset("lesson"), Settings(lr=0.05, optimizer="momentum"))
    assert judge(state, zone_answer("oscillating")).right
    state = TrainState(preset("lesson"), Settings(lr=0.5, optimizer="momentum", momentum=0.9))
    assert judge(state, zone_answer("diverging")).right


def test_where_after_n_steps_measures_the_distance_to_the_run():
    state = TrainState(preset("lesson"))
    truth = run(TrainState(preset("lesson")), 100)
    right = judge(state, Answer("where_after", W=truth.W + 0.01, b=truth.b, steps=100))
    wrong = judge(state, Answer("where_after", W=0.5, b=0.5, steps=100))
    assert right.right and not wrong.right
    assert right.truth["W"] == truth.W and right.truth["b"] == truth.b
    assert wrong.truth["distance"] == pytest.approx(math.hypot(truth.W - 0.5, truth.b - 0.5))
    assert right.reveal_at == 100


def test_the_next_W_is_the_lessons_update():
    state = TrainState(preset("lesson"))
    verdict = judge(state, Answer("next_W", W=0.187))
    assert verdict.right and f"{verdict.truth['W']:.3f}" == "0.187"
    assert verdict.truth["W"] == pytest.approx(0.0 - 0.01 * verdict.truth["dW"], rel=1e-6)
    assert not judge(state, Answer("next_W", W=0.2)).right


def test_a_verdict_says_why_in_the_pages_words_with_the_cores_numbers():
    state = TrainState(preset("lesson"), Settings(lr=0.19))
    en, ko = texts("en"), texts("ko")
    zone = judge(state, zone_answer("smooth"))
    assert zone.says(en, True) == (
        "✗ Not this time. lr = 0.19 is diverging on this data: smooth up to 1/λmax = 0.09015, "
        "oscillating below 2/λmax = 0.1803, diverging from there. It diverged at epoch 91.")
    assert zone.says(ko, True).startswith(ko["verdict_wrong"] + " 이 데이터에서 학습률 0.19")
    assert zone.says(en, False).startswith(  # mini-batches: the bound does not explain it
        "✗ Not this time. With SGD, the run the core computed is diverging")
    step = judge(TrainState(preset("lesson")), Answer("next_W", W=0.187))
    assert step.says(en, True) == (
        "✓ Right. W ← W − lr · dW = 0.000 − 0.01 × (-18.667) = 0.187. Your answer: 0.187.")
    adam = judge(TrainState(preset("lesson"), Settings(optimizer="adam")), Answer("next_W", W=1))
    assert adam.says(en, True) == "✗ Not this time. After one Adam step W = 0.010. Your answer: 1."
    place = judge(TrainState(preset("lesson")), Answer("where_after", W=0.5, b=0.5, steps=100))
    assert place.says(en, True) == (
        "✗ Not this time. After 100 steps (W, b) = (1.745, 0.579); your point (0.500, 0.500) "
        "is 1.25 away (right within 10% of the distance travelled).")


def test_a_prediction_never_changes_the_lessons_log():
    plain, asked = Lab(), Lab()
    asked.predict(Answer("next_W", W=1.0))
    asked.predict(Answer("where_after", W=1.0, b=0.0, steps=50))
    asked.run_to_end()
    asked.predict(zone_answer("smooth"))  # at the end: asked about the run from its start
    asked.run_to_end()
    plain.run_to_end()

    def log(lab):
        h = lab.state.history
        return log_entries(h["W"], h["b"], h["cost"], 1000, 100)

    assert log(asked) == log(plain)
    assert asked.verdict.right


def test_where_after_plays_n_steps_and_stops_there():
    lab = Lab()
    verdict = lab.predict(Answer("where_after", W=1.0, b=0.5, steps=30))
    assert lab.playing and lab.end_of_play == 30 == verdict.reveal_at
    while lab.state.epoch < 30:
        lab.train_ahead()
    assert lab.state.epoch == 30


@pytest.mark.parametrize("message", [
    None, 3, "rate_zone", {}, {"kind": "nope"}, {"kind": "rate_zone"},
    {"kind": "rate_zone", "zone": "<b>x</b>"}, {"kind": "next_W", "W": "1"},
    {"kind": "next_W", "W": float("nan")}, {"kind": "next_W", "W": 1e308 * 10},
    {"kind": "next_W", "W": True}, {"kind": "where_after", "W": 1, "b": 1, "steps": 0},
    {"kind": "where_after", "W": 1, "b": 1, "steps": 10**9},
    {"kind": "where_after", "W": 1, "b": 1, "steps": 2.5}, {"kind": "where_after", "W": 1},
])
def test_malformed_answers_are_refused_with_a_message(message):
    with pytest.raises(InputError) as error:
        Answer.from_dict(message)
    assert error.value.code == "answer_bad"


values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=50),
                   st.lists(st.integers(), max_size=3))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.dictionaries(st.sampled_from(["kind", "zone", "W", "b", "steps", "x" * 1000]), values)
       | st.fixed_dictionaries({"kind": st.sampled_from(KINDS)}, optional={
           "zone": st.sampled_from(ZONES), "W": values, "b": values, "steps": values}))
def test_any_message_is_an_answer_or_a_refusal(message):
    try:
        answer = Answer.from_dict(message)
    except InputError as error:
        assert error.code == "answer_bad"
        return
    assert Answer.from_dict(answer.to_dict()) == answer  # plain data, sent and counted as is


def test_an_answer_about_no_single_best_line_still_gets_a_verdict():
    from linreg.dataset import points

    data = points([2, 2, 2], [1, 2, 3])  # all x equal: the bound still exists
    assert analyse(data.train_stats).W_best is None
    assert judge(TrainState(data), zone_answer("smooth")).truth["zone"] in ZONES

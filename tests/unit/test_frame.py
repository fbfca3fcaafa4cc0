"""What the player is sent, built and checked without Streamlit."""

import json

from lesson_log import LESSON_LOG

from linreg import Settings, TrainState, frame, preset, run, step
from linreg.lab import Lab
from linreg.share import View
from linreg.texts import texts

EN, KO = texts("en"), texts("ko")


def test_the_frame_of_a_finished_run_holds_the_lessons_log_and_rows():
    lab = Lab()
    lab.run_to_end()
    f = frame.build(lab, EN)
    assert [line for _, line in f.log] == LESSON_LOG
    assert f.rows.epoch[0] == 0 and f.rows.epoch[-1] == 1000
    assert f"{f.rows.W[-1]:.3f}" == "1.971"
    message = f.message()
    assert message["rows"]["W"] == f.rows.W and message["edit"]["points"] is True
    json.dumps(message)  # plain JSON for the browser


def test_next_is_the_cores_next_update_not_the_browsers_arithmetic():
    lab = Lab(settings=Settings(lr=0.05))
    lab.step(7)
    f = frame.build(lab, EN)
    reference = TrainState(preset("lesson"), Settings(lr=0.05))
    step(reference, 8)
    assert f.next == {"W": reference.W, "b": reference.b}
    assert lab.state.epoch == 7  # looking ahead changed nothing
    lab.play()
    assert frame.build(lab, EN).next is None  # while playing, the rows themselves are ahead


def test_a_diverged_run_says_where_in_the_pages_language():
    lab = Lab(settings=Settings(lr=0.5))
    lab.run_to_end()
    f = frame.build(lab, KO)
    assert f.next is None
    assert str(lab.state.divergence.epoch) in f.diverged
    assert f.labels["play"] == KO["play"]


def test_locks_and_big_data_switch_the_gestures_off():
    lab = Lab()
    assert not frame.build(lab, EN, View(locks=frozenset({"data"}))).edit.points
    assert not frame.build(lab, EN, View(locks=frozenset({"w0"}))).edit.start
    assert frame.build(lab, EN).edit.start


def test_long_runs_are_decimated_but_keep_the_epoch_on_screen():
    lab = Lab(settings=Settings(epochs=20_000))
    lab.run_to_end()
    lab.shown_epoch = 12_345
    f = frame.build(lab, EN)
    assert len(f.rows.epoch) <= frame.MAX_ROWS + 1
    assert 12_345 in f.rows.epoch


def test_figures_are_shared_between_labs_of_the_same_data():
    one, other = Lab(), Lab()
    a, b = frame.build(one, EN), frame.build(other, EN)
    assert a.figs_key == b.figs_key
    assert a.figs["contour"] is b.figs["contour"]
    run(other.state)
    present = frame.build(one, EN, View(present=True))
    assert present.figs_keys["fit"].endswith("-present")
    assert present.figs["fit"]["layout"]["font"]["size"] == 18


def test_the_rows_ahead_are_the_ones_the_next_steps_make():
    lab = Lab()
    lab.step(4)
    ahead = frame.build(lab, EN).ahead
    assert ahead.epoch == list(range(5, 5 + frame.AHEAD_EPOCHS))
    assert lab.state.epoch == 4
    lab.step_to(5 + frame.AHEAD_EPOCHS - 1)
    h = lab.state.history
    assert ahead.W == h["W"][5:].tolist() and ahead.cost == h["cost"][5:].tolist()


def test_no_rows_ahead_past_a_divergence():
    lab = Lab(settings=Settings(lr=0.5))
    lab.step(5)
    ahead = frame.build(lab, EN).ahead
    lab.run_to_end()
    assert ahead.epoch[-1] < lab.state.divergence.epoch
    assert lab.state.epoch < lab.state.divergence.epoch

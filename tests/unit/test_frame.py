"""What the player is sent, built and checked without Streamlit."""

import json

from lesson_log import LESSON_LOG, lessons_loop

from linreg import Settings, frame, run
from linreg.edits import MAX_HAND_POINTS
from linreg.engines import FAITHFUL_MAX_POINTS
from linreg.lab import Lab
from linreg.presets import Generator
from linreg.share import View
from linreg.texts import texts
from linreg.train import LONG_RUN_EPOCHS

EN, KO = texts("en"), texts("ko")


def test_the_frame_of_a_finished_run_holds_the_lessons_log_and_rows():
    lab = Lab()
    lab.run_to_end()
    f = frame.build(lab, EN)
    assert [line for _, line in f.log] == LESSON_LOG
    path = lessons_loop(epochs=1001)  # torch's run of the lesson, one update past the end
    assert f.rows.epoch == list(range(1001))
    assert list(zip(f.rows.W, f.rows.b, f.rows.cost)) == path[:1001]
    # the lesson's last line prints W and b one update past the end: the frame's `next`
    assert f.next == {"W": path[1001][0], "b": path[1001][1]}
    message = f.message()
    assert message["rows"]["W"] == f.rows.W and message["edit"]["points"] is True
    json.dumps(message)  # plain JSON for the browser


def test_next_is_the_next_update_not_the_browsers_arithmetic():
    lab = Lab(settings=Settings(lr=0.05))
    lab.step(7)
    f = frame.build(lab, EN)
    W, b, _ = lessons_loop(lr=0.05, epochs=8)[8]  # torch's W and b after eight updates
    assert f.next == {"W": W, "b": b}
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
    path = lessons_loop(epochs=4 + frame.AHEAD_EPOCHS)[5:]  # torch's next epochs
    assert list(zip(ahead.W, ahead.b, ahead.cost)) == path


def test_no_rows_ahead_past_a_divergence():
    lab = Lab(settings=Settings(lr=0.5))
    lab.step(5)
    ahead = frame.build(lab, EN).ahead
    lab.run_to_end()
    assert ahead.epoch[-1] < lab.state.divergence.epoch
    assert lab.state.epoch < lab.state.divergence.epoch


def test_the_preview_gets_the_points_where_it_redoes_the_float32_run():
    """The browser redoes the lesson's float32 engine on the training points of a set edited
    by hand, for runs the page trains on that engine; bigger sets get the statistics."""
    lesson = frame.build(Lab(settings=Settings(epochs=30_000)), EN).preview
    assert lesson.float32_epochs == LONG_RUN_EPOCHS  # 30,000 epochs: the float64 engine
    assert lesson.points == {"x": [1.0, 2.0, 3.0], "y": [2.0, 4.0, 6.0]}  # not the test point
    edited = Generator(n=MAX_HAND_POINTS + 1, test_fraction=0.0).make()
    bigger = frame.build(Lab(edited), EN).preview
    assert bigger.float32_epochs == LONG_RUN_EPOCHS and bigger.points is None
    huge = Generator(n=FAITHFUL_MAX_POINTS + 1, test_fraction=0.0).make()
    assert frame.build(Lab(huge), EN).preview.float32_epochs == 0  # the float64 engine

"""The page's buttons, driven directly on a Lab (no Streamlit)."""

import pytest

from linreg import InputError, Settings, preset
from linreg.lab import UNDO_DEPTH, Lab


def test_step_trains_one_epoch_and_step10_ten():
    lab = Lab()
    lab.step()
    assert lab.state.epoch == lab.shown_epoch == 1
    assert f"{lab.state.W:.3f}" == "0.187"
    lab.step(10)
    assert lab.state.epoch == 11


def test_run_to_end_gives_the_lessons_last_line():
    lab = Lab()
    lab.run_to_end()
    assert lab.state.epoch == 1000
    assert (f"{lab.state.W:.3f}", f"{lab.state.b:.3f}", f"{lab.state.cost:.6f}") == \
        ("1.971", "0.066", "0.000633")


def test_play_trains_ahead_and_pause_keeps_the_epoch_on_screen():
    lab = Lab()
    lab.play()
    assert lab.playing and lab.state.epoch > 0
    ahead = lab.state.epoch
    lab.showing(3)  # the player reports what it shows
    lab.pause(3)
    assert not lab.playing
    assert lab.state.epoch == lab.shown_epoch == 3 < ahead
    lab.step()
    assert lab.state.epoch == 4


def test_play_at_the_end_starts_over_and_a_new_play_has_a_new_token():
    lab = Lab(settings=Settings(epochs=5))
    lab.run_to_end()
    token = lab.play_token
    lab.play()
    assert lab.play_token == token + 1
    assert lab.playing and lab.shown_epoch == 0


def test_a_new_start_restarts_and_another_setting_continues():
    lab = Lab()
    lab.step(10)
    lab.change_settings(lab.settings.but(lr=0.02))
    assert lab.state.epoch == 10
    lab.change_settings(lab.settings.but(w0=1.0))
    assert lab.state.epoch == 0 and lab.state.W == 1.0


def test_edits_by_hand_are_undone_in_order():
    lab = Lab()
    original = lab.data
    lab.step(5)
    lab.edit_points({"op": "add", "x": 5, "y": 9, "set": "train"})
    lab.edit_points({"op": "move", "index": 0, "x": 1, "y": 3})
    assert lab.data.n_train == 4 and lab.state.epoch == 5  # training goes on with new points
    assert lab.undo() and lab.data.n_train == 4 and lab.data.x[0] == 1 and lab.data.y[0] == 2
    assert lab.undo() and lab.data == original
    assert not lab.undo()


def test_a_refused_edit_changes_nothing():
    lab = Lab()
    with pytest.raises(InputError):
        lab.edit_points({"op": "move", "index": 99, "x": 1, "y": 1})
    assert lab.data == preset("lesson") and not lab.undo_stack


def test_an_edit_while_playing_keeps_playing_from_the_epoch_on_screen():
    lab = Lab()
    lab.play()
    lab.showing(2)
    token = lab.play_token
    lab.edit_points({"op": "add", "x": 4, "y": 8, "set": "train"})
    assert lab.playing and lab.play_token == token + 1
    assert lab.shown_epoch == 2 and lab.data.n_train == 4


def test_undo_remembers_at_most_its_depth():
    lab = Lab()
    for k in range(UNDO_DEPTH + 5):
        lab.edit_start(lab.settings.but(w0=0.01 * (k + 1)))
    assert len(lab.undo_stack) == UNDO_DEPTH


def test_step_to_the_epoch_the_player_shows_is_idempotent():
    lab = Lab()
    lab.step_to(3)
    lab.step_to(3)  # the same message again, or a late one
    lab.step_to(2)
    assert lab.state.epoch == 3
    lab.step_to(10**9)  # never past the run's end
    assert lab.state.epoch == 1000


def test_fewer_epochs_than_trained_ends_the_run_there():
    lab = Lab()
    lab.step(5)
    lab.change_settings(lab.settings.but(epochs=2))
    assert lab.state.epoch == lab.shown_epoch == 2 and lab.state.finished
    lab.change_settings(lab.settings.but(epochs=0))
    assert lab.state.epoch == 0


def _rows(lab):
    return {name: lab.state.history[name].tolist() for name in ("W", "b", "cost", "dW", "m_W")}


@pytest.mark.parametrize("settings", [Settings(lr=0.05, epochs=300), Settings(
    lr=0.19, epochs=300), Settings(lr=0.02, epochs=200, optimizer="momentum")])
def test_following_a_teacher_back_and_forth_gives_the_runs_own_rows(settings):
    """go_to shares the class's run and keeps the rows past a step back: every epoch it
    stands on, and every row ahead it offers, are the ones rewinding and stepping give."""
    from linreg.train import look_ahead
    from linreg.trajectories import Trajectories

    runs = Trajectories()
    follower, other = Lab(preset("lesson"), settings, runs=runs), Lab(
        preset("lesson"), settings, runs=runs)
    plain = Lab(preset("lesson"), settings, runs=Trajectories())
    for epoch in (5, 40, 12, 13, 250, 0, 60, 300, 90, 91, 7):
        follower.go_to(epoch)
        if epoch < plain.state.epoch:
            plain.state.rewind(epoch)
        else:
            plain.step(epoch - plain.state.epoch)
        assert follower.state.epoch == plain.state.epoch
        assert follower.state.diverged == plain.state.diverged
        assert _rows(follower) == _rows(plain), epoch
        ahead = follower.rows_ahead(10)
        truth = look_ahead(plain.state, 10)
        assert {k: v.tolist() for k, v in ahead.items()} == {k: v.tolist()
                                                             for k, v in truth.items()}
    other.go_to(120)  # a second page of the class copies the run the first one trained
    assert runs.trained == 1 and runs.copied >= 1
    other.step()  # and trains on from there as any page does
    assert other.state.epoch == min(121, settings.epochs) or other.state.diverged

import math

import numpy as np
import pytest

from linreg import Generator, Settings, TrainState, analyse, points, preset, run, step
from linreg.train import History


def test_lr_just_below_the_bound_converges_and_just_above_diverges():
    data = preset("lesson")
    bound = analyse(data.train_stats).stability_bound
    calm = run(TrainState(data, Settings(lr=0.99 * bound, epochs=1000)))
    assert not calm.diverged and calm.epoch == 1000
    assert calm.cost < 1e-6
    wild = run(TrainState(data, Settings(lr=1.01 * bound, epochs=1000)))
    assert wild.diverged
    assert 0 < wild.divergence.epoch <= 1000
    # the last finite state is kept, and the history ends just before the divergence
    assert wild.epoch == wild.divergence.epoch - 1
    assert math.isfinite(wild.W) and math.isfinite(wild.cost)
    assert not step(wild)  # a diverged run stays put


def test_a_huge_learning_rate_stops_at_the_first_epoch():
    state = run(TrainState(preset("lesson"), Settings(lr=1000.0)))
    assert state.divergence.epoch == 1
    assert state.epoch == 0 and state.W == 0.0


def test_a_learning_rate_of_zero_changes_nothing():
    state = run(TrainState(preset("lesson"), Settings(lr=0.0, epochs=20)))
    assert state.epoch == 20
    assert set(state.history["W"]) == {0.0}


def test_zero_epochs_is_just_the_start():
    state = run(TrainState(preset("lesson"), Settings(epochs=0)))
    assert len(state.history) == 1 and state.epoch == 0
    assert state.cost == pytest.approx(56 / 3)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [0, 2])
@pytest.mark.parametrize("engine", ["faithful", "fast"])
def test_rewinding_resumes_exactly_as_an_unbroken_run(optimizer, batch_size, engine):
    data = Generator(n=9, seed=4).make()
    settings = Settings(lr=0.02, epochs=60, optimizer=optimizer, batch_size=batch_size)
    whole = run(TrainState(data, settings, engine=engine))
    broken = run(TrainState(data, settings, engine=engine), 40)
    broken.rewind(17)
    assert broken.epoch == 17
    run(broken)
    for column in ("W", "b", "cost", "dW", "db"):
        np.testing.assert_array_equal(whole.history[column], broken.history[column])


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [0, 1])
def test_the_fast_engine_agrees_with_the_faithful_one(optimizer, batch_size):
    data = preset("lesson")
    settings = Settings(optimizer=optimizer, batch_size=batch_size)
    faithful = run(TrainState(data, settings, engine="faithful"))
    fast = run(TrainState(data, settings, engine="fast"))
    for column in ("W", "b"):
        np.testing.assert_allclose(fast.history[column], faithful.history[column],
                                   rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(fast.history["cost"], faithful.history["cost"],
                               rtol=1e-4, atol=1e-6)


def test_a_new_setting_continues_from_the_current_W_and_b():
    state = run(TrainState(preset("lesson"), Settings(epochs=100)))
    W, b = state.W, state.b
    state.reconfigure(Settings(lr=0.05, epochs=300))
    assert (state.epoch, state.W, state.b) == (100, W, b)
    step(state)
    assert state.W == pytest.approx(W - 0.05 * state.history["dW"][100], rel=1e-5)


def test_new_data_reevaluates_the_current_epoch():
    state = run(TrainState(preset("lesson"), Settings()), 10)
    state.reconfigure(data=points([1, 2, 3], [4, 5, 6]))
    assert state.epoch == 10
    e = np.array([1, 2, 3]) * state.W + state.b - np.array([4, 5, 6])
    assert state.cost == pytest.approx(np.mean(e**2), rel=1e-5)


def test_the_test_cost_is_the_cost_on_the_test_points():
    state = TrainState(preset("lesson"), Settings())
    assert state.history["test_cost"][0] == 64.0  # (0*4 + 0 - 8)^2
    assert math.isnan(TrainState(points([1, 2], [1, 2]), Settings()).history["test_cost"][0])


def test_mini_batches_are_seeded():
    data = Generator(n=12, seed=2).make()
    one = run(TrainState(data, Settings(batch_size=5, seed=3, epochs=5)))
    two = run(TrainState(data, Settings(batch_size=5, seed=3, epochs=5)))
    other = run(TrainState(data, Settings(batch_size=5, seed=4, epochs=5)))
    np.testing.assert_array_equal(one.history["W"], two.history["W"])
    assert not np.array_equal(one.history["W"], other.history["W"])


def test_big_data_uses_the_fast_engine():
    data = Generator(n=30_000, seed=1).make()
    state = TrainState(data, Settings(lr=0.01))
    assert state.engine.name == "fast"
    assert TrainState(preset("lesson")).engine.name == "faithful"


def test_history_grows_and_truncates():
    h = History(capacity=2)
    for i in range(100):
        h.append([i] * 12)
    assert len(h) == 100 and h["W"][-1] == 99
    h.truncate(10)
    assert h["epoch"].tolist() == list(range(10))
    with pytest.raises(ValueError):
        h["W"][0] = 5


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_many_epochs_at_once_equal_one_at_a_time(optimizer):
    data = preset("lesson")
    settings = Settings(lr=0.05, epochs=200, optimizer=optimizer)
    together = TrainState(data, settings, engine="fast")
    step(together, 200)
    apart = TrainState(data, settings, engine="fast")
    for _ in range(200):
        step(apart)
    for column in ("W", "b", "cost", "test_cost", "dW", "db", "m_W", "v_b", "opt_steps"):
        np.testing.assert_array_equal(together.history[column], apart.history[column])


def test_the_fast_engine_stops_at_divergence_like_the_faithful_one():
    data = preset("lesson")
    fast = run(TrainState(data, Settings(lr=0.19), engine="fast"))
    faithful = run(TrainState(data, Settings(lr=0.19), engine="faithful"))
    assert fast.divergence.epoch == faithful.divergence.epoch == 91


def test_the_page_runs_long_runs_and_big_data_on_the_fast_engine():
    from linreg.presets import Generator
    from linreg.train import LONG_RUN_EPOCHS, engine_for

    lesson = preset("lesson")
    assert engine_for(lesson, Settings()) == "faithful"
    assert engine_for(lesson, Settings(epochs=LONG_RUN_EPOCHS + 1)) == "fast"
    assert engine_for(Generator(n=30_000, seed=1).make(), Settings()) == "fast"
    long = run(TrainState(lesson, Settings(epochs=100_000), engine="fast"))
    assert long.epoch == 100_000 and abs(long.W - 2.0) < 1e-6

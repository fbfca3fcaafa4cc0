import numpy as np
import pytest

from linreg import Settings, TrainState, analyse, preset, run
from linreg.sweep import log_rates, train_many


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_each_copy_of_a_sweep_is_the_single_run_at_its_rate(optimizer):
    data = preset("lesson")
    settings = Settings(epochs=300, optimizer=optimizer)
    lrs = [0.001, 0.01, 0.05]
    sweep = train_many(data, settings, lrs)
    for k, lr in enumerate(lrs):
        single = run(TrainState(data, settings.but(lr=lr), engine="fast"))
        np.testing.assert_allclose(sweep.W[:, k], single.history["W"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(sweep.cost[:, k], single.history["cost"], rtol=1e-9,
                                   atol=1e-12)


def test_the_sweep_agrees_with_the_faithful_engine():
    data = preset("lesson")
    sweep = train_many(data, Settings(), [0.01])
    faithful = run(TrainState(data, Settings()))
    np.testing.assert_allclose(sweep.W[:, 0], faithful.history["W"], rtol=1e-5)


def test_the_sweep_finds_the_cliff_at_the_bound():
    data = preset("lesson")
    bound = analyse(data.train_stats).stability_bound
    lrs = log_rates(1e-3, 1.0, 60)
    sweep = train_many(data, Settings(epochs=1000), lrs)
    diverged = sweep.diverged_at >= 0
    first_bad = int(np.argmax(diverged))
    assert not diverged[:first_bad].any() and diverged[first_bad:].all()
    assert lrs[first_bad - 1] < bound * 1.05 and lrs[first_bad] > bound * 0.95
    assert np.isfinite(sweep.cost).all()
    steps = sweep.epochs_to(1e-4)
    assert steps[0] == -1 and steps[first_bad - 3] > 0 and steps[first_bad] == -1

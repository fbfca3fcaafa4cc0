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


def test_comparing_rates_on_the_lessons_data():
    from linreg.sweep import compare_rates

    runs = compare_rates(preset("lesson"), Settings(), [0.01, 0.1, 0.19], tolerance=1e-4)
    assert [r.status for r in runs] == ["converging", "converged", "diverged"]
    assert 0 < runs[1].reached_at < 1000 and runs[2].diverged_at > 0
    runs = compare_rates(preset("lesson"), Settings(epochs=5000), [0.01], tolerance=1e-4)
    assert runs[0].status == "converged" and runs[0].reached_at > 1000


def test_optimizers_and_batches_are_compared_from_the_same_start():
    from linreg.sweep import compare_batches, compare_optimizers

    data = preset("lesson")
    opts = compare_optimizers(data, Settings(lr=0.05), tolerance=1e-4)
    assert [r.label for r in opts] == ["sgd", "momentum", "adam"]
    assert all(r.W[0] == 0 and r.W.size == 1001 for r in opts)
    batches = compare_batches(data, Settings(lr=0.05), [0, 1], tolerance=1e-4)
    assert batches[0].label == "full batch" and batches[1].W.size == 1001
    assert not np.array_equal(batches[0].W, batches[1].W)


def test_the_rate_sweep_has_its_cliff_at_the_bound():
    from linreg.sweep import sweep_rates

    sweep = sweep_rates(preset("lesson"), Settings(), tolerance=1e-4, count=60)
    first = int(np.argmax(sweep.diverged_at >= 0))
    assert sweep.lrs[first - 1] < sweep.bound <= sweep.lrs[first]
    assert (sweep.diverged_at[first:] >= 0).all() and (sweep.diverged_at[:first] < 0).all()


def test_the_distance_shrinks_at_the_predicted_rate():
    from linreg.sweep import distance_to_optimum

    data = preset("lesson")
    a = analyse(data.train_stats)
    state = run(TrainState(data, Settings(epochs=2000), engine="fast"))
    d = distance_to_optimum(state.history["W"], state.history["b"], a.W_best, a.b_best)
    measured = (d[2000] / d[1000]) ** (1 / 1000)
    assert measured == pytest.approx(a.slow_rate(0.01), rel=1e-6)

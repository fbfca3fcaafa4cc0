"""Runs to the end shared between sessions (linreg.trajectories): a copied run is the run the
step function would have computed, number for number; different runs never meet."""

import threading

import numpy as np
import pytest

from linreg import Settings, TrainState, preset, run, step
from linreg.dataset import Dataset
from linreg.lab import Lab
from linreg.train import COLUMNS
from linreg.trajectories import InTurn, Trajectories, run_key

OPTIMIZERS = ("sgd", "momentum", "adam")


def assert_same_run(a: TrainState, b: TrainState) -> None:
    assert a.epoch == b.epoch
    for name in COLUMNS:
        assert np.array_equal(a.history[name], b.history[name], equal_nan=True), name
    assert (a.divergence is None) == (b.divergence is None)
    if a.divergence is not None:
        assert (a.divergence.epoch, a.divergence.cost) == (b.divergence.epoch,
                                                           b.divergence.cost)


def random_setups(count: int, seed: int = 7):
    """Random points, rates (some past the bound), optimizers, batches, seeds and starts."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(3, 12))
        x = rng.uniform(-3, 3, n)
        y = rng.uniform(-2, 2) * x + rng.uniform(-1, 1) + rng.normal(0, 0.3, n)
        is_test = np.zeros(n, dtype=bool)
        is_test[: int(rng.integers(0, 2))] = True
        data = Dataset(x, y, is_test)
        settings = Settings(
            lr=float(10 ** rng.uniform(-3, -0.3)), epochs=int(rng.integers(5, 60)),
            w0=float(rng.uniform(-2, 2)), b0=float(rng.uniform(-2, 2)),
            optimizer=str(rng.choice(OPTIMIZERS)), batch_size=int(rng.choice([0, 1, 2, 3])),
            seed=int(rng.integers(0, 1000)))
        yield data, settings, str(rng.choice(["faithful", "fast"])), int(rng.integers(0, 4))


@pytest.mark.parametrize("case", list(random_setups(24)), ids=lambda c: f"{c[1]}-{c[2]}")
def test_a_copied_run_equals_a_fresh_one_and_goes_on_the_same(case):
    data, settings, engine, first_steps = case
    store = Trajectories()
    states = [TrainState(data, settings, engine=engine) for _ in range(3)]
    for state in states:
        step(state, first_steps)  # the run to the end may start mid-run
    fresh, computed, copied = states
    run(fresh)
    assert store.run_to_end(computed) is False
    assert store.run_to_end(copied) is True
    assert (store.trained, store.copied) == (1, 1)
    assert_same_run(fresh, computed)
    assert_same_run(fresh, copied)
    # the copy's engine stands where the fresh one stands: W, b and the optimizer's memory
    for state in (fresh, copied):
        step(state, 7)
    assert_same_run(fresh, copied)


def test_the_lessons_run_copied_prints_the_lessons_last_line():
    store = Trajectories()
    first, second = Lab(runs=store), Lab(runs=store)
    first.run_to_end()
    second.run_to_end()
    assert (store.trained, store.copied) == (1, 1)
    assert second.shown_epoch == second.state.epoch == 1000
    s = second.state
    assert (f"{s.W:.3f}", f"{s.b:.3f}", f"{s.cost:.6f}") == ("1.971", "0.066", "0.000633")
    second.step()  # at the end: nothing more to train
    assert second.state.epoch == 1000
    second.reset()
    second.step()
    assert f"{second.state.W:.3f}" == "0.187"


def test_mini_batch_runs_are_seeded_so_a_copy_is_exact():
    data = preset("noisy")
    settings = Settings(epochs=30, batch_size=2, seed=3, optimizer="momentum")
    a, b = TrainState(data, settings), TrainState(data, settings)
    run(a)
    run(b)
    assert_same_run(a, b)  # what makes sharing sound
    other = TrainState(data, settings.but(seed=4))
    run(other)
    assert not np.array_equal(a.history["W"], other.history["W"])


def variants():
    """Setups that differ from the lesson's default in one thing each."""
    lesson = preset("lesson")
    base = Settings()
    x, y = lesson.x[:3], lesson.y[:3]  # the training points (1, 2), (2, 4), (3, 6)
    moved = Dataset(x, y + np.float32([0, 0, 1e-6]))
    tested = Dataset(np.append(x, 5), np.append(y, 10), [False] * 3 + [True])
    as_train = Dataset(np.append(x, 5), np.append(y, 10), [False] * 4)
    yield "lesson", lesson, base, "faithful", 0
    yield "lr", lesson, base.but(lr=0.011), "faithful", 0
    yield "epochs", lesson, base.but(epochs=999), "faithful", 0
    yield "w0", lesson, base.but(w0=0.5), "faithful", 0
    yield "w0 -0.0", lesson, base.but(w0=-0.0), "faithful", 0
    yield "b0", lesson, base.but(b0=0.5), "faithful", 0
    yield "optimizer", lesson, base.but(optimizer="adam"), "faithful", 0
    yield "momentum", lesson, base.but(optimizer="momentum"), "faithful", 0
    yield "momentum 0.8", lesson, base.but(optimizer="momentum", momentum=0.8), "faithful", 0
    yield "batch", lesson, base.but(batch_size=1), "faithful", 0
    yield "seed", lesson, base.but(batch_size=1, seed=2), "faithful", 0
    yield "log every", lesson, base.but(log_every=10), "faithful", 0
    yield "engine", lesson, base, "fast", 0
    yield "a point moved", moved, base, "faithful", 0
    yield "the training points alone", Dataset(x, y), base, "faithful", 0
    yield "another test point", tested, base, "faithful", 0
    yield "the same point for training", as_train, base, "faithful", 0
    yield "a later start", lesson, base, "faithful", 1
    yield "later still", lesson, base, "faithful", 2


def test_different_data_settings_or_starts_never_share_a_run():
    store = Trajectories()
    keys, ends = set(), {}
    for name, data, settings, engine, first_steps in variants():
        state = TrainState(data, settings, engine=engine)
        step(state, first_steps)
        keys.add(run_key(state))
        assert store.run_to_end(state) is False, name  # trained: nothing to copy from
        fresh = TrainState(data, settings, engine=engine)
        step(fresh, first_steps)
        run(fresh)
        assert_same_run(fresh, state)
        ends[name] = state.W
    assert len(keys) == store.trained == len(ends)
    assert store.copied == 0


def test_the_store_keeps_at_most_its_rows_and_drops_the_least_used():
    store = Trajectories(max_rows=100)
    lesson = preset("lesson")

    def run_with(lr, epochs=40):
        state = TrainState(lesson, Settings(lr=lr, epochs=epochs))
        return store.run_to_end(state)

    for lr in (0.01, 0.02):
        run_with(lr)
    assert (len(store), store.rows) == (2, 80)
    assert run_with(0.01) is True  # now the most recently used
    run_with(0.03)  # 120 rows: the least used (0.02) goes
    assert (len(store), store.rows) == (2, 80)
    assert run_with(0.01) is True and run_with(0.03) is True
    assert run_with(0.02) is False
    assert store.rows <= 100
    assert run_with(0.04, epochs=500) is False  # larger than the store: trained, not kept
    assert run_with(0.04, epochs=500) is False
    assert store.rows <= 100


def test_many_sessions_at_once_train_each_run_once_and_get_the_same_numbers():
    store = Trajectories()
    lesson = preset("lesson")
    setups = [Settings(epochs=200), Settings(epochs=200, optimizer="adam", lr=0.05),
              Settings(epochs=60, batch_size=1, seed=5, optimizer="momentum")]
    threads_per_setup = 8
    states = [TrainState(lesson, s) for s in setups for _ in range(threads_per_setup)]
    start = threading.Barrier(len(states))
    errors = []

    def press(state):
        try:
            start.wait()
            store.run_to_end(state)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=press, args=(s,)) for s in states]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    assert store.trained == len(setups)
    assert store.copied == len(states) - len(setups)
    for i, settings in enumerate(setups):
        fresh = run(TrainState(lesson, settings))
        for state in states[i * threads_per_setup:(i + 1) * threads_per_setup]:
            assert_same_run(fresh, state)


def test_different_runs_train_one_at_a_time(monkeypatch):
    import linreg.trajectories as trajectories

    inside, most = [0], [0]
    guard = threading.Lock()

    def counted_step(state, epochs=1):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            return step(state, epochs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(trajectories, "step", counted_step)
    store = Trajectories()
    states = [TrainState(preset("lesson"), Settings(lr=0.001 * (i + 1), epochs=100))
              for i in range(8)]
    threads = [threading.Thread(target=store.run_to_end, args=(s,)) for s in states]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert most[0] == 1 and store.trained == 8
    assert all(s.epoch == 100 for s in states)


def test_a_short_run_asked_for_during_a_long_one_does_not_wait_for_all_of_it(monkeypatch):
    import linreg.trajectories as trajectories

    monkeypatch.setattr(trajectories, "TURN_SECONDS", 0.0)  # one block of epochs a turn
    store = Trajectories()
    long = TrainState(preset("lesson"), Settings(epochs=3000))
    short = TrainState(preset("lesson"), Settings(epochs=50))
    long_at_short_end = []

    def short_run():
        store.run_to_end(short)
        long_at_short_end.append(long.epoch)

    first = threading.Thread(target=store.run_to_end, args=(long,))
    first.start()
    while long.epoch == 0:  # the long run has its first turn
        threading.Event().wait(0.001)
    second = threading.Thread(target=short_run)
    second.start()
    second.join(60)
    first.join(60)
    assert short.epoch == 50 and long.epoch == 3000
    assert long_at_short_end[0] < 3000
    assert_same_run(long, run(TrainState(preset("lesson"), Settings(epochs=3000))))


def test_turns_are_granted_first_come_first_served():
    turn = InTurn()
    order, threads = [], []
    turn.__enter__()  # held, while the others queue up one by one
    for i in range(6):
        def take(i=i):
            with turn:
                order.append(i)
        t = threading.Thread(target=take)
        t.start()
        threads.append(t)
        while len(turn._waiting) < i + 1:  # queued before the next one comes
            threading.Event().wait(0.001)
    turn.__exit__(None, None, None)
    for t in threads:
        t.join(10)
    assert order == list(range(6))
    with turn:  # free again
        pass


def test_when_the_first_fails_the_others_train_it_themselves(monkeypatch):
    import linreg.trajectories as trajectories

    store = Trajectories()
    states = [TrainState(preset("lesson"), Settings(epochs=50)) for _ in range(4)]
    first_in = threading.Event()
    release = threading.Event()

    def failing_once(state, epochs=1):
        if not first_in.is_set():
            first_in.set()
            release.wait(10)  # the others are waiting for this run meanwhile
            raise RuntimeError("lost")
        return step(state, epochs)

    monkeypatch.setattr(trajectories, "step", failing_once)
    failures = []

    def press(state):
        try:
            store.run_to_end(state)
        except RuntimeError:
            failures.append(state)

    threads = [threading.Thread(target=press, args=(states[0],))]
    threads[0].start()
    first_in.wait(10)
    threads += [threading.Thread(target=press, args=(s,)) for s in states[1:]]
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(60)
    assert failures == [states[0]]
    fresh = run(TrainState(preset("lesson"), Settings(epochs=50)))
    for state in states[1:]:
        assert_same_run(fresh, state)

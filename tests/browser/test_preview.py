"""The browser's live preview (player/js/preview.js) draws what the core computes: the
lesson's float32 engine operation for operation, so it prints what the run will print, and
the fast engine to rounding."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from playerview import module
from random_data import random_cases

from linreg import Settings, TrainState, frame, points, preset, quadratic, run
from linreg.dataset import Stats
from linreg.edits import MAX_HAND_POINTS
from linreg.lab import Lab
from linreg.texts import texts

CASES = 3000
FLOAT32_CASES = 2000
EN = texts("en")


@pytest.fixture(scope="module")
def preview(browser):
    """A blank page with preview.js (and format.js, which it imports) as `window.m`."""
    page = module(browser, "preview.js")
    yield page
    page.close()


@pytest.fixture(scope="module")
def formats(browser):
    page = module(browser, "format.js")
    yield page
    page.close()


def stats_dict(stats: Stats) -> dict:
    return {k: getattr(stats, k) for k in ("n", "mean_x", "mean_y", "var_x", "cov_xy", "var_y")}


def js_paths(page, cases: list[dict]) -> list[dict]:
    """Each case's path, and what the scrubber says of it in English."""
    labels = {key: EN[key] for key in ("preview_none", "preview_diverges", "preview_ends")}
    return page.evaluate("""([cases, labels]) => cases.map(({stats, run}) => {
        const p = m.previewPath(stats, run), rows = (a) => Array.from(a.slice(0, p.length));
        return { W: rows(p.W), b: rows(p.b), cost: rows(p.cost), dW: rows(p.dW), db: rows(p.db),
                 divergedAt: p.divergedAt, printed: p.printed,
                 verdict: m.previewVerdict(p, labels, run.epochs) };
    })""", [cases, labels])


def page_readouts(formats, values: list[tuple[float, int]]) -> list[str]:
    """Numbers as the page's readouts print them: (value, decimals); 6 decimals is a cost."""
    return formats.evaluate("(vs) => vs.map(([x, d]) => m.readout(x, d, d === 6))", values)


def pages_say(formats, states: list[TrainState]) -> list[str]:
    """What the scrubber should say of each run: the page's words, with its cost readout
    (the page formats the costs in one call)."""
    costs = iter(page_readouts(formats, [(s.cost, 6) for s in states if not s.divergence]))
    return [EN["preview_diverges"].format(epoch=s.divergence.epoch) if s.divergence else
            EN["preview_ends"].format(cost=next(costs), epoch=s.settings.epochs)
            for s in states]


def random_runs(count: int, seed: int = 11, sizes: tuple[int, int] = (2, 40)):
    """Random data sets, each with a random optimizer, start and rate."""
    for rng, x, y in random_cases(count, seed, sizes=sizes):
        data = points(x, y)
        optimizer = str(rng.choice(["sgd", "momentum", "adam"]))
        momentum = round(float(rng.uniform(0, 0.95)), 2)
        lambda_max = quadratic.eigenvalues(data.train_stats)[1]
        stable = 2 / lambda_max * (1 + momentum if optimizer == "momentum" else 1)
        lr = float(stable * 10 ** rng.uniform(-1.5, 0.5))  # a third past the bound
        settings = Settings(lr=lr, epochs=int(rng.integers(1, 300)), optimizer=optimizer,
                            momentum=momentum, w0=round(float(rng.normal(0, 3)), 3),
                            b0=round(float(rng.normal(0, 3)), 3))
        yield data, settings


def case(data, settings: Settings, state: TrainState, float32: bool) -> dict:
    """The preview's input for the run `state` made from the start."""
    train = ~data.is_test
    return {"stats": stats_dict(data.train_stats), "run": {
        "optimizer": settings.optimizer, "lr": settings.lr, "momentum": settings.momentum,
        "W": settings.w0, "b": settings.b0, "epochs": settings.epochs,
        "divergenceCost": state.divergence_cost, "float32": float32,
        "points": {"x": data.x[train].tolist(), "y": data.y[train].tolist()}}}


def shown(text: str) -> tuple[float, float]:
    """A printed number and the size of its last digit: '0.000018' -> (1.8e-05, 1e-06)."""
    number = re.fullmatch(r"(-?\d+)(?:\.(\d+))?(?:e([-+]\d+))?", text)
    assert number, text
    whole, fraction, exponent = number.groups()
    return float(text), 10.0 ** (int(exponent or 0) - len(fraction or ""))


def test_the_preview_is_the_fast_engines_run_on_thousands_of_random_cases(preview):
    cases, states = [], []
    for data, settings in random_runs(CASES):
        state = run(TrainState(data, settings, engine="fast"))
        states.append(state)
        cases.append(case(data, settings, state, float32=False))
    diverged = 0
    for state, got in zip(states, js_paths(preview, cases)):
        expected = state.divergence.epoch if state.divergence else -1
        assert got["divergedAt"] == expected, state.settings
        diverged += expected >= 0
        h = state.history
        assert len(got["W"]) == len(h)
        for name in ("W", "b", "cost"):
            np.testing.assert_allclose(got[name], h[name], rtol=1e-9, atol=1e-12,
                                       err_msg=f"{name} {state.settings}")
    assert 0.1 * CASES < diverged < 0.9 * CASES  # both kinds of run were tried


def float32_runs(cases) -> tuple[list, list]:
    states, inputs = [], []
    for data, settings in cases:
        state = run(TrainState(data, settings, engine="faithful"))
        states.append(state)
        inputs.append(case(data, settings, state, float32=True))
    return states, inputs


def assert_same_run(state: TrainState, got: dict, said: str) -> None:
    """The preview is the float32 run, bit for bit, and says what the page will print."""
    assert got["verdict"] == said, state.settings
    expected = state.divergence.epoch if state.divergence else -1
    assert got["divergedAt"] == expected, state.settings
    h = state.history
    for name in ("W", "b", "cost", "dW", "db"):
        np.testing.assert_array_equal(got[name], h[name], err_msg=f"{name} {state.settings}")


def test_the_preview_is_the_lessons_float32_run_on_thousands_of_random_cases(preview, formats):
    """SGD and momentum: every row bit for bit, and the words the run will print. Adam's
    float32 run goes through torch's square root, which rounds its own way: the digits the
    preview shows are the run's, to one unit of the last."""
    states, inputs = float32_runs(random_runs(FLOAT32_CASES, seed=23, sizes=(2, 100)))
    said = pages_say(formats, states)
    diverged = adam = whole = 0
    for state, got, words in zip(states, js_paths(preview, inputs), said):
        diverged += state.divergence is not None
        if state.settings.optimizer != "adam":
            assert_same_run(state, got, words)
            continue
        assert got["divergedAt"] == (state.divergence.epoch if state.divergence else -1)
        if state.divergence:
            continue
        adam += 1
        whole += got["verdict"] == words
        value, unit = shown(got["printed"])
        assert abs(value - state.cost) <= unit * (1 + 1e-9), (got["printed"], state.cost)
    assert 0.1 * FLOAT32_CASES < diverged < 0.9 * FLOAT32_CASES
    assert whole > 0.95 * adam  # Adam's words are mostly whole, too


@pytest.mark.parametrize("n", [8, 9, 33, 47, 64, 100, MAX_HAND_POINTS - 1, MAX_HAND_POINTS])
def test_the_float32_preview_sums_as_torch_does_up_to_the_largest_set_it_gets(preview, formats,
                                                                             n):
    """torch sums fewer than 8 floats one way, more in blocks of 8 lanes and rows of 4."""
    sized = random_runs(40, seed=n, sizes=(n, n + 1))
    states, inputs = float32_runs((data, settings) for data, settings in sized
                                  if settings.optimizer != "adam")
    for state, got, words in zip(states, js_paths(preview, inputs), pages_say(formats, states)):
        assert_same_run(state, got, words)


# The rates: at 0.123 the float64 preview said 7.889e-29 where the run prints
# 1.705e-13; at 0.037, 1.290e-9 for 1.278e-9.
@pytest.mark.parametrize("lr", [0.01, 0.037, 0.1, 0.123, 0.17, 0.19])
def test_the_scrubber_says_what_the_lessons_run_will_print(preview, formats, lr):
    """The scrubber's words on the lesson's page at a new rate, from the frame the page gets,
    are the page's after letting go and Run to end: the cost, W and b as printed."""
    basis = frame.build(Lab(), EN).message()["preview"]
    assert basis["float32_epochs"] >= 1000 and basis["points"]
    lab = Lab(settings=Settings(lr=lr))
    lab.run_to_end()
    (got,) = js_paths(preview, [{
        "stats": basis["stats"], "run": {
            "optimizer": "sgd", "lr": lr, "momentum": basis["momentum"], "W": 0.0, "b": 0.0,
            "epochs": 1000, "divergenceCost": basis["divergence_cost"], "memory": basis["memory"],
            "float32": True, "points": basis["points"]}}])
    assert [got["verdict"]] == pages_say(formats, [lab.state])
    if not lab.state.divergence:
        printed = page_readouts(formats, [(got["W"][-1], 3), (got["b"][-1], 3),
                                          (lab.state.W, 3), (lab.state.b, 3)])
        assert printed[:2] == printed[2:]


def test_a_float32_run_not_redone_shows_no_digits(preview):
    """Past the points the frame sends, the float64 path is drawn but its digits are not the
    float32 run's (a big set's float32 run can stall well above it): the cost is not shown."""
    data = preset("lesson")
    settings = Settings(lr=0.123)
    state = run(TrainState(data, settings))
    without = case(data, settings, state, float32=True)
    without["run"]["points"] = None
    redone, drawn = js_paths(preview, [case(data, settings, state, float32=True), without])
    assert redone["printed"] == "1.705e-13" and drawn["printed"] == "—"
    assert drawn["verdict"] == EN["preview_ends"].format(cost="—", epoch=1000)
    assert math.isclose(drawn["W"][-1], state.W, rel_tol=1e-6)  # the same path to the eye


def float32_of(exact: Fraction) -> float:
    """The float32 nearest an exact number, ties to even."""
    near = np.float32(float(exact))
    around = [near, np.nextafter(near, np.float32(-np.inf)), np.nextafter(near, np.float32(np.inf))]

    def distance(v):  # then an odd last bit
        return abs(Fraction(float(v)) - exact), int(np.float32(v).view(np.uint32)) % 2

    return float(min(around, key=distance))


def test_a_fused_update_rounds_once(preview):
    """a * b + c as aten's fused kernels round it, also where float64's sum lands on a
    float32 halfway point (the exact value is on one side: 4097 * 16773121 = 2^36 + 1)."""
    a, b = 4097 * 2.0**-12, 16773121 * 2.0**-48  # a * b = 2^-24 + 2^-60
    cases = [(a, b, 1.0), (-a, b, 1 + 2.0**-22), (a, -b, 1.0), (-a, -b, -1 - 2.0**-22)]
    rng = np.random.default_rng(3)
    cases += [tuple(float(np.float32(v)) for v in rng.normal(0, 10, 3)) for _ in range(2000)]
    got = preview.evaluate("(cases) => cases.map(([a, b, c]) => m.fma32(a, b, c))", cases)
    expected = [float32_of(Fraction(a) * Fraction(b) + Fraction(c)) for a, b, c in cases]
    assert got == expected
    assert [float(np.float32(a * b + c)) for a, b, c in cases[:2]] != expected[:2]  # not plain


def test_the_browsers_statistics_are_the_cores(preview):
    rng = np.random.default_rng(5)
    sets = [(np.float32(rng.normal(500, 50, int(k))), np.float32(rng.normal(0, 9, int(k))))
            for k in rng.integers(1, 300, 200)]
    got = preview.evaluate("(sets) => sets.map(([x, y]) => m.statsOf(x, y))",
                           [[x.tolist(), y.tolist()] for x, y in sets])
    for (x, y), stats in zip(sets, got):
        expected = stats_dict(Stats.of(x, y))
        for key, value in expected.items():
            assert stats[key] == pytest.approx(value, rel=1e-12, abs=1e-9), key


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("engine", ["fast", "faithful"])
def test_a_preview_from_the_middle_of_a_run_continues_it(preview, optimizer, engine):
    data = preset("lesson")
    settings = Settings(lr=0.05, optimizer=optimizer, epochs=400)
    state = run(TrainState(data, settings, engine=engine), 150)
    row = state.history.row(150)
    memory = [row["m_W"], row["m_b"], row["v_W"], row["v_b"], row["opt_steps"]]
    start = case(data, settings, state, float32=engine == "faithful")
    start["run"].update(W=row["W"], b=row["b"], epochs=250, memory=memory)
    (got,) = js_paths(preview, [start])
    run(state)
    exact = engine == "faithful" and optimizer != "adam"
    for name in ("W", "b"):
        np.testing.assert_allclose(got[name], state.history[name][150:],
                                   rtol=0 if exact else 1e-6 if engine == "faithful" else 1e-9)

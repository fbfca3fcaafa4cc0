"""The browser's live preview (player/js/preview.js) draws what the core computes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from linreg import Settings, TrainState, points, preset, quadratic, run
from linreg.dataset import Stats

SOURCE = Path(__file__).resolve().parents[2] / "player" / "js" / "preview.js"
CASES = 3000


@pytest.fixture(scope="module")
def preview(browser):
    """A blank page with preview.js loaded as `window.preview` (no server needed)."""
    page = browser.new_page()
    body = re.sub(r"^export ", "", SOURCE.read_text(encoding="utf-8"), flags=re.M)
    page.evaluate("(body) => { window.preview = new Function(body + "
                  "'; return { previewPath, statsOf, bestLine };')(); }", body)
    yield page
    page.close()


def stats_dict(stats: Stats) -> dict:
    return {k: getattr(stats, k) for k in ("n", "mean_x", "mean_y", "var_x", "cov_xy", "var_y")}


def js_paths(page, cases: list[dict]) -> list[dict]:
    return page.evaluate("""(cases) => cases.map(({stats, run}) => {
        const p = window.preview.previewPath(stats, run);
        return { W: Array.from(p.W.slice(0, p.length)), b: Array.from(p.b.slice(0, p.length)),
                 cost: Array.from(p.cost.slice(0, p.length)), divergedAt: p.divergedAt };
    })""", cases)


def random_cases(count: int, seed: int = 11):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(2, 40))
        scale = 10.0 ** rng.uniform(-1, 2)
        x = rng.normal(rng.normal() * scale, scale, n)
        y = rng.normal() * 3 * x + rng.normal(0, 2, n) + rng.normal() * 5
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


def test_the_preview_is_the_fast_engines_run_on_thousands_of_random_cases(preview):
    cases, states = [], []
    for data, settings in random_cases(CASES):
        state = run(TrainState(data, settings, engine="fast"))
        states.append(state)
        cases.append({"stats": stats_dict(data.train_stats), "run": {
            "optimizer": settings.optimizer, "lr": settings.lr, "momentum": settings.momentum,
            "W": settings.w0, "b": settings.b0, "epochs": settings.epochs,
            "divergenceCost": state.divergence_cost}})
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


def test_the_browsers_statistics_are_the_cores(preview):
    rng = np.random.default_rng(5)
    sets = [(np.float32(rng.normal(500, 50, int(k))), np.float32(rng.normal(0, 9, int(k))))
            for k in rng.integers(1, 300, 200)]
    got = preview.evaluate("(sets) => sets.map(([x, y]) => window.preview.statsOf(x, y))",
                           [[x.tolist(), y.tolist()] for x, y in sets])
    for (x, y), stats in zip(sets, got):
        expected = stats_dict(Stats.of(x, y))
        for key, value in expected.items():
            assert stats[key] == pytest.approx(value, rel=1e-12, abs=1e-9), key


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.17, 0.19])
def test_the_preview_matches_the_lessons_faithful_run_to_the_printed_digits(preview, lr):
    data = preset("lesson")
    state = run(TrainState(data, Settings(lr=lr)))  # the page's engine: float32 torch
    (got,) = js_paths(preview, [{"stats": stats_dict(data.train_stats), "run": {
        "optimizer": "sgd", "lr": lr, "momentum": 0.9, "W": 0.0, "b": 0.0, "epochs": 1000,
        "divergenceCost": state.divergence_cost}}])
    if state.divergence:
        assert lr == 0.19 and got["divergedAt"] == state.divergence.epoch
    else:
        assert got["divergedAt"] == -1
        # the printed digits agree (float32 may print b = -0.000 where float64 gives 0.000)
        assert float(f"{got['W'][-1]:.3f}") == float(f"{state.W:.3f}")
        assert float(f"{got['b'][-1]:.3f}") == float(f"{state.b:.3f}")


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_preview_from_the_middle_of_a_run_continues_it(preview, optimizer):
    data = preset("lesson")
    settings = Settings(lr=0.05, optimizer=optimizer, epochs=400)
    state = run(TrainState(data, settings, engine="fast"), 150)
    row = state.history.row(150)
    memory = [row["m_W"], row["m_b"], row["v_W"], row["v_b"], row["opt_steps"]]
    (got,) = js_paths(preview, [{"stats": stats_dict(data.train_stats), "run": {
        "optimizer": optimizer, "lr": 0.05, "momentum": 0.9, "W": row["W"], "b": row["b"],
        "epochs": 250, "divergenceCost": state.divergence_cost, "memory": memory}}])
    run(state)
    np.testing.assert_allclose(got["W"], state.history["W"][150:], rtol=1e-9)
    np.testing.assert_allclose(got["b"], state.history["b"][150:], rtol=1e-9)

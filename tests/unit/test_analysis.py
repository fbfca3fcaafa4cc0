import math

import numpy as np
import pytest
import torch

from linreg import Generator, analyse, points, preset
from linreg.analysis import r_squared, rmse
from linreg.surface import cost_grid, surface, view_ranges


def test_the_lessons_data_has_the_known_curvature():
    a = analyse(preset("lesson").train_stats)
    np.testing.assert_allclose(a.hessian, [[28 / 3, 4], [4, 2]])
    assert a.lambda_max == pytest.approx(11.0929, abs=1e-4)
    assert f"{a.stability_bound:.4f}" == "0.1803"
    assert round(a.condition_number) == 46
    assert (a.W_best, a.b_best) == pytest.approx((2.0, 0.0), abs=1e-12)
    assert a.zone(0.01) == "smooth" and a.zone(0.15) == "oscillating"
    assert a.zone(0.19) == "diverging"


@pytest.mark.parametrize("seed", range(5))
def test_the_closed_form_agrees_with_least_squares(seed):
    data = Generator(n=25, slope=-3, intercept=7, noise=2, seed=seed, x_low=-4, x_high=9).make()
    a = analyse(data.train_stats)
    x = torch.from_numpy(data.x[~data.is_test].astype(np.float64))
    y = torch.from_numpy(data.y[~data.is_test].astype(np.float64))
    design = torch.stack([x, torch.ones_like(x)], dim=1)
    solution = torch.linalg.lstsq(design, y.unsqueeze(1)).solution.flatten()
    assert (a.W_best, a.b_best) == pytest.approx(solution.tolist(), rel=1e-9, abs=1e-9)
    hessian = 2 * design.T @ design / len(x)
    assert np.allclose(a.hessian, hessian.numpy())
    eig = torch.linalg.eigvalsh(hessian)
    assert (a.lambda_min, a.lambda_max) == pytest.approx(eig.tolist(), rel=1e-9)


def test_the_surface_agrees_with_the_naive_formula_and_is_least_at_the_optimum():
    data = Generator(n=40, noise=1.5, seed=11).make()
    st = data.train_stats
    grid = surface(st, (-2, 6), (-3, 5), size=81)
    x = data.x[~data.is_test].astype(np.float64)
    y = data.y[~data.is_test].astype(np.float64)
    naive = np.array([[np.mean((W * x + b - y) ** 2) for W in grid.W] for b in grid.b])
    np.testing.assert_allclose(grid.cost, naive, rtol=1e-9, atol=1e-9)
    a = analyse(st)
    fine = cost_grid(st, np.linspace(a.W_best - 1e-3, a.W_best + 1e-3, 21),
                     np.linspace(a.b_best - 1e-3, a.b_best + 1e-3, 21))
    assert np.unravel_index(fine.argmin(), fine.shape) == (10, 10)
    assert fine.min() == pytest.approx(a.cost_best, rel=1e-9)


def test_centred_statistics_stay_exact_for_x_around_a_thousand():
    data = preset("unscaled")
    st = data.train_stats
    a = analyse(st)
    x = data.x[~data.is_test].astype(np.float64)
    y = data.y[~data.is_test].astype(np.float64)
    W, b = np.polyfit(x, y, 1)
    assert (a.W_best, a.b_best) == pytest.approx((W, b), rel=1e-7)
    assert a.lambda_min > 0 and a.condition_number > 1e6


def test_all_x_equal_has_no_unique_optimum():
    a = analyse(points([2, 2, 2], [1, 2, 3]).train_stats)
    assert not a.unique_optimum and a.condition_number == math.inf
    assert a.lambda_min == 0 and a.stability_bound == pytest.approx(2 / a.lambda_max)


def test_r_squared_and_rmse_of_a_line():
    st = points([1, 2, 3], [2, 4, 6]).train_stats
    assert r_squared(st, 2, 0) == 1.0 and rmse(st, 2, 0) == 0.0
    assert rmse(st, 0, 0) == pytest.approx(math.sqrt(56 / 3))


def test_view_ranges_cover_the_path_and_the_optimum_but_not_blown_up_values():
    st = preset("lesson").train_stats
    (w_lo, w_hi), (b_lo, b_hi) = view_ranges(st, [0, 1, 1e9], [-1, 0.5, 1e9])
    assert w_lo < 0 < 2 < w_hi < 100 and b_lo < -1 < 0.5 < b_hi < 100

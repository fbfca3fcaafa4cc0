"""The cost from the statistics is the lesson's cost; its gradient and Hessian are autograd's."""

import numpy as np
import pytest
import torch
from random_data import random_cases

from linreg import points, quadratic
from linreg.model import cost, hypothesis


def random_costs(count: int, seed: int):
    """Random data sets, each with a random (W, b) to take the cost at."""
    for rng, x, y in random_cases(count, seed, scales=(-2, 3)):
        W, b = rng.normal(0, 5, 2)
        yield x, y, float(W), float(b)


def autograd(x, y, W, b):
    x64 = torch.tensor(x).reshape(-1, 1)
    y64 = torch.tensor(y).reshape(-1, 1)
    Wt = torch.tensor([W], dtype=torch.float64, requires_grad=True)
    bt = torch.tensor([b], dtype=torch.float64, requires_grad=True)
    c = cost(hypothesis(x64, Wt, bt), y64)
    c.backward()
    return c.item(), Wt.grad.item(), bt.grad.item()


def test_cost_and_gradient_agree_with_autograd_on_random_data():
    for x, y, W, b in random_costs(500, seed=0):
        stats = points(x, y).train_stats  # float32 points, as the page holds them
        x32, y32 = np.float32(x).astype(float), np.float32(y).astype(float)
        c, dW, db = autograd(x32, y32, W, b)
        got = quadratic.cost_and_gradient(stats, W, b)
        assert got == pytest.approx((c, dW, db), rel=1e-9, abs=1e-9 * (1 + abs(c)))
        assert quadratic.cost(stats, W, b) == got[0]
        assert quadratic.gradient(stats, W, b) == got[1:]


def test_the_hessian_and_its_eigenvalues_are_autograds():
    for x, y, _, _ in random_costs(100, seed=1):
        stats = points(x, y).train_stats
        x32 = torch.tensor(np.float32(x).astype(float)).reshape(-1, 1)
        y32 = torch.tensor(np.float32(y).astype(float)).reshape(-1, 1)
        H = torch.autograd.functional.hessian(
            lambda p, x=x32, y=y32: cost(hypothesis(x, p[0], p[1]), y),
            torch.zeros(2, dtype=torch.float64))
        np.testing.assert_allclose(quadratic.hessian(stats), H.numpy(), rtol=1e-9, atol=1e-9)
        lam = np.linalg.eigvalsh(H.numpy())
        np.testing.assert_allclose(quadratic.eigenvalues(stats), lam, rtol=1e-7,
                                   atol=1e-9 * lam[1])


def test_arrays_and_grids_take_the_same_formula():
    stats = points([1, 2, 3], [2, 4, 6]).train_stats
    W = np.linspace(-1, 3, 5)
    b = np.linspace(-2, 2, 4)
    grid = quadratic.cost(stats, W[None, :], b[:, None])
    assert grid.shape == (4, 5)
    for i, bv in enumerate(b):
        for j, Wv in enumerate(W):
            assert grid[i, j] == quadratic.cost(stats, float(Wv), float(bv))
    tensor = quadratic.cost(stats, torch.tensor(W), torch.tensor(b[:1]).expand(5))
    np.testing.assert_allclose(tensor.numpy(), grid[0])


def test_the_divergence_cost_is_far_above_the_start():
    stats = points([1, 2, 3], [2, 4, 6]).train_stats
    assert quadratic.divergence_cost(stats, 56 / 3) == pytest.approx(1e8 * 56 / 3)
    assert quadratic.divergence_cost(stats, 1e3) == pytest.approx(1e11)
    # a start whose cost is not finite is past any divergence cost: the first epoch stops it
    assert quadratic.divergence_cost(stats, float("inf")) < 56 / 3
    assert quadratic.optimum(points([2, 2], [1, 3]).train_stats) is None

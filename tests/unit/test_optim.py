"""linreg.optim's updates are torch.optim's, for floats and for arrays of copies."""

import numpy as np
import pytest
import torch

from linreg.optim import ADAM_BETAS, ADAM_EPS, Memory, update


def torch_path(kind: str, lr: float, momentum: float, grads, start):
    params = [torch.tensor([start[0]], dtype=torch.float64, requires_grad=True),
              torch.tensor([start[1]], dtype=torch.float64, requires_grad=True)]
    if kind == "adam":
        opt = torch.optim.Adam(params, lr=lr, betas=ADAM_BETAS, eps=ADAM_EPS)
    else:
        opt = torch.optim.SGD(params, lr=lr, momentum=momentum if kind == "momentum" else 0)
    path = []
    for dW, db in grads:
        params[0].grad = torch.tensor([dW], dtype=torch.float64)
        params[1].grad = torch.tensor([db], dtype=torch.float64)
        opt.step()
        path.append((params[0].item(), params[1].item()))
    return path


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_updates_follow_torch_optim(kind):
    rng = np.random.default_rng(7)
    for _ in range(200):
        lr = float(10 ** rng.uniform(-4, 0))
        momentum = float(rng.uniform(0, 0.99))
        grads = rng.normal(0, 10 ** rng.uniform(-3, 3), (int(rng.integers(1, 30)), 2)).tolist()
        start = rng.normal(0, 3, 2).tolist()
        expected = torch_path(kind, lr, momentum, grads, start)
        W, b, memory = start[0], start[1], Memory()
        for (dW, db), (W_torch, b_torch) in zip(grads, expected):
            W, b, memory = update(kind, lr, momentum, W, b, dW, db, memory)
            assert (W, b) == pytest.approx((W_torch, b_torch), rel=1e-12, abs=1e-12)
        assert memory[4] == len(grads)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_an_array_of_copies_updates_like_each_copy(kind):
    rng = np.random.default_rng(3)
    lr = np.array([0.001, 0.01, 0.1])
    W, b = rng.normal(size=3), rng.normal(size=3)
    dW, db = rng.normal(size=3), rng.normal(size=3)
    memory = Memory(*(np.zeros(3) for _ in range(4)), 0)
    W2, b2, _ = update(kind, lr, 0.9, W, b, dW, db, memory)
    for k in range(3):
        Wk, bk, _ = update(kind, float(lr[k]), 0.9, float(W[k]), float(b[k]), float(dW[k]),
                           float(db[k]), Memory())
        assert (W2[k], b2[k]) == (Wk, bk)

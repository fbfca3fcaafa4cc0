"""The faithful engine is the lesson's loop: same floats as torch.optim.SGD, epoch by epoch."""

import os
import sys

import numpy as np
import torch
from lesson_log import lessons_loop

from linreg import Settings, TrainState, points, run
from linreg.engines import PlainSGD

RUNS = max(200, int(os.environ.get("FUZZ_EXAMPLES", "1500")))


def test_plain_sgd_is_torch_optim_sgd_bit_for_bit():
    rng = np.random.default_rng(12)
    for _ in range(RUNS):
        n = int(rng.integers(2, 12))
        x = rng.normal(0, 10 ** rng.uniform(-2, 2), n).astype(np.float32).tolist()
        y = rng.normal(0, 10 ** rng.uniform(-2, 2), n).astype(np.float32).tolist()
        lr = float(10 ** rng.uniform(-4, 0))
        w0, b0 = (float(v) for v in rng.normal(0, 3, 2).astype(np.float32))
        epochs = int(rng.integers(1, 25))
        expected = lessons_loop(x, y, lr, w0, b0, epochs)
        state = TrainState(points(x, y), Settings(lr=lr, epochs=epochs, w0=w0, b0=b0),
                           engine="faithful")
        run(state)
        h = state.history
        got = list(zip(h["W"], h["b"], h["cost"]))
        if state.diverged:  # the engine stops past its divergence cost; torch goes on
            expected = expected[:len(got)]
        assert got == expected, (x, y, lr, w0, b0)


def test_the_lesson_never_builds_torchs_optimizer():
    """The point of PlainSGD: a default CLI run does not import torch's compiler."""
    import subprocess
    code = ("import sys; from linreg.cli import main; main([]); "
            "print('torch._dynamo' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip() == "False"
    assert done.stdout.splitlines()[-1].startswith("Epoch 1000/1000 W: 1.971, b: 0.066")


def test_plain_sgd_updates_in_place_and_forgets_nothing():
    W = torch.tensor([1.0], requires_grad=True)
    optimizer = PlainSGD([W], lr=0.5)
    (W * 4).sum().backward()
    optimizer.step()
    assert W.item() == -1.0 and optimizer.state == {}
    optimizer.zero_grad()
    assert W.grad is None

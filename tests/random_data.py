"""Random small data sets, for the tests that hold two computations side by side over many
cases (the statistics against autograd, the browser's preview against the core)."""

from __future__ import annotations

import numpy as np


def random_cases(count: int, seed: int, scales: tuple[float, float] = (-1, 2),
                 sizes: tuple[int, int] = (2, 40)):
    """`count` data sets of sizes[0] to sizes[1] - 1 points: x spread over 10**scales, y a
    noisy line. Yields (rng, x, y), the generator for what each test draws more of each case."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(*sizes))
        scale = 10.0 ** rng.uniform(*scales)
        x = rng.normal(rng.normal() * scale, scale, n)
        y = rng.normal() * 3 * x + rng.normal(0, 2, n) + rng.normal() * 5
        yield rng, x, y

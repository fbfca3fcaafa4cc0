"""bench/stats.py: the nearest-rank percentile every benchmark prints."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from bench.stats import percentile


def test_one_sample_is_every_percentile():
    for percent in (1, 50, 95, 100):
        assert percentile([0.42], percent) == 0.42


def test_twenty_samples():
    values = [float(v) for v in range(20, 0, -1)]  # 20 .. 1, unsorted on purpose
    assert percentile(values, 95) == 19.0  # 19 of 20 (95%) at or below 19
    assert percentile(values, 96) == 20.0
    assert percentile(values, 50) == 10.0
    assert percentile(values, 5) == 1.0
    assert percentile(values, 100) == 20.0


def test_thirty_samples_p95_is_the_29th():
    assert percentile(list(range(1, 31)), 95) == 29


def test_ties():
    assert percentile([1, 2, 2, 2, 3], 50) == 2
    assert percentile([1, 2, 2, 2, 3], 80) == 2  # 4 of 5 at or below 2
    assert percentile([1, 2, 2, 2, 3], 81) == 3
    nineteen_fives = [5.0] * 19 + [9.0]
    assert percentile(nineteen_fives, 95) == 5.0
    assert percentile(nineteen_fives, 95.1) == 9.0


def test_no_samples_and_bad_percents():
    assert percentile([], 95) is None
    for bad in (0, -5, 100.5):
        with pytest.raises(ValueError):
            percentile([1.0], bad)


def test_the_definition_on_random_samples():
    """The smallest value with at least p% of the samples at or below it, found by trying
    every sample."""
    rng = random.Random(23)
    for _ in range(300):
        values = [rng.choice((0.1, 0.2, 0.25, 1.0, 7.5)) if rng.random() < 0.5
                  else rng.uniform(0, 10) for _ in range(rng.randint(1, 60))]
        percent = rng.choice((1, 5, 25, 50, 75, 90, 95, 99, 99.9, 100))
        share = Fraction(str(percent)) / 100
        expected = min(v for v in values
                       if Fraction(sum(x <= v for x in values), len(values)) >= share)
        assert percentile(values, percent) == expected

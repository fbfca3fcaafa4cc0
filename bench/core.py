"""The core's speed: the lesson's loop as the baseline, then our engines, sweeps and grids."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from linreg import Generator, Settings, TrainState, preset, run
from linreg.surface import cost_grid
from linreg.sweep import train_many

from . import lesson_loop
from .stats import percentile


def best_of(fn, repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


ROOT = Path(__file__).resolve().parents[1]


def process_time(args: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a whole process (start-up, imports, run, exit), and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def cli_vs_lessons_script(epochs: int = 20_000, pairs: int = 3) -> dict:
    """`python -m linreg` against the lesson's loop as a script, both whole processes.

    The two of a pair run one after the other, in turns first, so a busy machine slows
    both alike; the median of the pairs' ratios is the figure. Both must print the same log.
    """
    ours_args = ["-m", "linreg", "--epochs", str(epochs)]
    lesson_args = [str(ROOT / "bench" / "lesson_loop.py"), str(epochs)]
    ratios, cpu_ratios, walls = [], [], []
    for i in range(pairs):
        if i % 2:
            lesson, lesson_cpu, lesson_out = process_time(lesson_args)
            ours, ours_cpu, ours_out = process_time(ours_args)
        else:
            ours, ours_cpu, ours_out = process_time(ours_args)
            lesson, lesson_cpu, lesson_out = process_time(lesson_args)
        if ours_out != lesson_out:
            raise AssertionError("python -m linreg and the lesson's loop print different logs")
        ratios.append(ours / lesson)
        cpu_ratios.append(ours_cpu / lesson_cpu)
        walls.append((ours, lesson))
    ours, lesson = (percentile(w, 50) for w in zip(*walls))
    return dict(name=f"python -m linreg --epochs {epochs} vs the lesson's script",
                value=percentile(ratios, 50), unit="x", goal="<= 0.95",
                note=f"whole processes, median of {pairs} pairs: {ours:.2f} s vs {lesson:.2f} s; "
                     f"CPU time {percentile(cpu_ratios, 50):.2f} x")


def rows() -> list[dict]:
    out = [cli_vs_lessons_script()]
    lesson = preset("lesson")
    base = best_of(lambda: lesson_loop.train(log=False), repeat=5) / 1001
    faithful = best_of(lambda: run(TrainState(lesson, Settings(), engine="faithful")),
                       repeat=5) / 1000
    out.append(dict(name="faithful engine vs the lesson's loop (1000 epochs)",
                    value=faithful / base, unit="x", goal="<= 1.0",
                    note=f"{faithful * 1e6:.0f} vs {base * 1e6:.0f} us/epoch"))
    for n in (3, 1_000_000):
        data = lesson if n == 3 else Generator(n=n, seed=1, test_fraction=0.0).make()
        fast = best_of(lambda d=data: run(TrainState(d, Settings(epochs=10_000),
                                                     engine="fast"))) / 10_000
        out.append(dict(name=f"fast engine, full batch, n={n:,}", value=fast * 1e6,
                        unit="us/epoch", goal="<= 2",
                        note=f"{base / fast:.0f}x faster than the lesson's loop"))
    single = best_of(lambda: run(TrainState(lesson, Settings(), engine="faithful")))
    lrs = np.geomspace(1e-3, 0.36, 50)
    many = best_of(lambda: train_many(lesson, Settings(), lrs))
    out.append(dict(name="50-rate sweep of 1000 epochs vs one run", value=many / single,
                    unit="x", goal="<= 3",
                    note=f"{many * 1e3:.0f} ms vs {single * 1e3:.0f} ms"))
    for n in (3, 1_000_000):
        st = (lesson if n == 3 else Generator(n=n, seed=2, test_fraction=0.0).make()).train_stats
        W, b = np.linspace(-2, 6, 200), np.linspace(-3, 5, 200)
        grid = best_of(lambda s=st, W=W, b=b: cost_grid(s, W, b), repeat=20)
        out.append(dict(name=f"cost surface 200x200, n={n:,}", value=grid * 1e3, unit="ms",
                        goal="< 5", note="from the statistics: independent of n"))
    return out

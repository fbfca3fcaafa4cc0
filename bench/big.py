"""Big data and long runs: a million points from a CSV, and 100,000 epochs."""

from __future__ import annotations

import time

import numpy as np
import torch

from linreg import Generator, Settings, TrainState, parse_csv, preset, run
from linreg.export import history_csv
from linreg.train import step

from .core import best_of

N = 1_000_000


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def million_point_csv() -> bytes:
    data = Generator(n=N, seed=3, test_fraction=0.1).make()
    sets = np.where(data.is_test, "test", "train")
    lines = [f"{x:.6g},{y:.6g},{s}" for x, y, s in zip(data.x.tolist(), data.y.tolist(), sets)]
    return ("x,y,set\n" + "\n".join(lines) + "\n").encode()


def first_plots(raw: bytes) -> tuple[float, float]:
    """Parse the upload, then build what the page sends for its first plots."""
    from linreg import frame
    from linreg.lab import Lab
    from linreg.texts import texts

    start = time.perf_counter()
    parsed = parse_csv(raw)
    parsed_at = time.perf_counter()
    frame.build(Lab(parsed.dataset, Settings()), texts("en")).message()
    return parsed_at - start, time.perf_counter() - start


def rows() -> list[dict]:
    out = []
    raw = million_point_csv()
    parse, total = first_plots(raw)
    out.append(dict(name=f"CSV of 1,000,000 points ({len(raw) / 1e6:.0f} MB): parse + first plots",
                    value=total, unit="s", goal="< 3",
                    note=f"parse {parse:.2f} s; server side, without the upload itself"))

    data = Generator(n=N, seed=1, test_fraction=0.0).make()
    full = once(lambda: run(TrainState(data, Settings(), engine="auto")))
    out.append(dict(name="1000 full-batch epochs, n=1,000,000", value=full, unit="s",
                    goal="< 1", note="fast engine, from the statistics"))

    # The memory-bandwidth limit: reading every point once (x and y, float32).
    read = best_of(lambda: (np.add.reduce(data.x), np.add.reduce(data.y)), repeat=10)
    shuffle = best_of(lambda: torch.randperm(N, generator=torch.Generator().manual_seed(1)))
    state = TrainState(data, Settings(batch_size=1000, epochs=10), engine="fast")
    mini = best_of(lambda: step(state), repeat=5)
    out.append(dict(name="mini-batch epoch (1000 per batch) / reading each point once",
                    value=mini / read, unit="x", goal="<= 3",
                    note=f"{mini * 1e3:.1f} ms vs {read * 1e3:.2f} ms; the shuffle alone "
                         f"(randperm) takes {shuffle * 1e3:.1f} ms = {shuffle / read:.0f}x"))

    lesson = preset("lesson")
    for engine in ("faithful", "fast"):
        state = TrainState(lesson, Settings(epochs=100_000), engine=engine)
        seconds = once(lambda s=state: run(s))
        out.append(dict(name=f"100,000 epochs recorded, {engine} engine", value=seconds,
                        unit="s", goal="-", note=f"{seconds / 100_000 * 1e6:.0f} us/epoch"))
    export = once(lambda: history_csv(state.history))
    out.append(dict(name="100,000 epochs exported as CSV", value=export, unit="s", goal="-",
                    note="every epoch, exact"))
    return out

"""Runs computed once for a whole class: a run to the end that another session has already
trained (the same points, the same settings, the same start) is copied, not trained again.

A run is deterministic given the data, the settings (the seed included: each epoch's shuffle
is seeded by (seed, epoch)), the engine and the state it starts from, so the rows the one
step function computed for one session are the rows it would compute for the next. Sessions
asking for the same run at the same time wait for the first one to train it; different runs
are trained one at a time, first come first served: under one interpreter lock, thirty runs
trained at once would all finish at the end, and later than one after the other. A long
run trains in turns, so a short one asked for meanwhile does not wait for all of it.

Plain Python (no Streamlit); one store per server process (`SHARED`), bounded in rows.
"""

from __future__ import annotations

import hashlib
import struct
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, fields

import numpy as np

from .train import COLUMNS, Divergence, TrainState, step

MAX_ROWS = 300_000  # about 29 MB of float64 rows kept for the whole server
# A turn trains this many epochs at a time, for up to this much of the thread's CPU time:
# the lesson's 1000 epochs (0.15-0.2 s) take one turn, a long run several, in between
# the runs that were asked for after it.
TURN_EPOCHS = 100
TURN_SECONDS = 0.25


@dataclass(frozen=True)
class Trajectory:
    """The rows after the start, as the step function computed them, and how the run ended."""

    rows: np.ndarray  # (k, len(COLUMNS)), read-only
    divergence: Divergence | None


class InTurn:
    """A lock granted in the order it was asked for (threading.Lock promises no order)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._busy = False

    def __enter__(self) -> InTurn:
        mine = threading.Event()
        with self._lock:
            if not self._busy:
                self._busy = True
                return self
            self._waiting.append(mine)
        mine.wait()  # set by the one before, who hands its turn over
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # still busy: the next one holds it now
            else:
                self._busy = False


def _number(value) -> bytes:
    return struct.pack("<d", float(value))  # exact: -0.0 and 0.0 stay apart


def run_key(state: TrainState) -> bytes:
    """Everything the rest of a run depends on: the points, the settings, the engine and
    model, the divergence cost, and the row it starts from (epoch, W, b, optimizer memory)."""
    digest = hashlib.sha256()
    data = state.data
    for part in (data.x, data.y, data.is_test):
        digest.update(struct.pack("<q", part.nbytes))
        digest.update(part.tobytes())
    s = state.settings
    for f in fields(s):
        value = getattr(s, f.name)
        digest.update(f.name.encode() + b"=")
        digest.update(_number(value) if isinstance(value, float) else repr(value).encode())
    digest.update(f"|{state.engine.name}|{state.model}|".encode())
    digest.update(_number(state.divergence_cost))
    start = state.history.row(state.epoch)
    for name in COLUMNS:
        digest.update(_number(start[name]))
    return digest.digest()


class _Flight:
    """A run being trained; others asking for it wait for `done`."""

    def __init__(self):
        self.done = threading.Event()
        self.path: Trajectory | None = None


class Trajectories:
    """Computed runs by `run_key`, the least recently used dropped beyond `max_rows`."""

    def __init__(self, max_rows: int = MAX_ROWS):
        self.max_rows = max_rows
        self._paths: OrderedDict[bytes, Trajectory] = OrderedDict()
        self._rows = 0
        self._flights: dict[bytes, _Flight] = {}
        self._lock = threading.Lock()
        self._turn = InTurn()
        self.trained = self.copied = 0  # runs, for tests and the curious

    @property
    def rows(self) -> int:
        return self._rows

    def __len__(self) -> int:
        return len(self._paths)

    def run_to_end(self, state: TrainState) -> bool:
        """Train `state` to its settings' last epoch (or until it diverges) with the step
        function, as linreg.train.run does; True when the rows were copied from a run
        already computed."""
        if state.finished:
            return False
        key = run_key(state)
        with self._lock:
            path = self._paths.get(key)
            flight = None if path else self._flights.get(key)
            leader = path is None and flight is None
            if path is not None:
                self._paths.move_to_end(key)
            elif leader:
                flight = self._flights[key] = _Flight()
        if path is None and not leader:
            flight.done.wait()
            path = flight.path  # None if the one training it failed: train it here
        if path is not None:
            state.adopt(path.rows, path.divergence)
            with self._lock:
                self.copied += 1
            return True
        self._train(state, key, flight if leader else None)
        return False

    def _train(self, state: TrainState, key: bytes, flight: _Flight | None) -> None:
        start = state.epoch
        try:
            while not state.finished:
                with self._turn:  # a long run lets the runs queued behind it go between turns
                    deadline = time.thread_time() + TURN_SECONDS
                    while (step(state, min(TURN_EPOCHS, state.settings.epochs - state.epoch))
                           and not state.finished and time.thread_time() < deadline):
                        pass
            rows = state.history.rows_after(start)
            rows.flags.writeable = False
            path = Trajectory(rows, state.divergence)
            self._keep(key, path)
            with self._lock:
                self.trained += 1
            if flight is not None:
                flight.path = path
        finally:
            if flight is not None:
                with self._lock:
                    self._flights.pop(key, None)
                flight.done.set()

    def _keep(self, key: bytes, path: Trajectory) -> None:
        size = len(path.rows)
        if size > self.max_rows:
            return  # larger than the whole store: kept by its session only
        with self._lock:
            if key in self._paths:
                return
            self._paths[key] = path
            self._rows += size
            while self._rows > self.max_rows:
                _, dropped = self._paths.popitem(last=False)
                self._rows -= len(dropped.rows)


SHARED = Trajectories()  # one per server process: every session of a class

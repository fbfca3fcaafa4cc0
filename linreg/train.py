"""Training: a train state, ONE step function (an epoch), and the history as arrays.

Epoch k in the history is the state after k updates, with the cost, test cost and gradient
at that state. The lesson's loop prints W and b after its update but the cost before it;
`lesson_log` (in cli.py) reads both from this history.

Two engines (linreg.engines) advance the same state: the lesson's torch code by default,
float64 statistics for big data and long runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import quadratic
from .dataset import Dataset
from .engines import Evaluation, FastEngine, choose_engine, is_full_batch, make_engine
from .optim import Memory
from .settings import Settings

LONG_RUN_EPOCHS = 20_000  # above this, the page picks the fast engine

COLUMNS = ("epoch", "W", "b", "cost", "test_cost", "dW", "db",
           "m_W", "m_b", "v_W", "v_b", "opt_steps")


class History:
    """One row per epoch, stored column-wise in growing float64 arrays.

    Rows appended one at a time wait in a list and reach the arrays in blocks: a numpy
    write per epoch would cost more than a small epoch itself.
    """

    def __init__(self, capacity: int = 1024):
        self._data = np.zeros((len(COLUMNS), max(capacity, 16)))
        self._length = 0  # rows in _data
        self._pending: list = []

    def __len__(self) -> int:
        return self._length + len(self._pending)

    def append(self, row) -> None:
        self._pending.append(row)

    def _flush(self) -> None:
        if self._pending:
            rows = np.array(self._pending, dtype=np.float64)
            self._pending = []
            self._write(rows)

    def extend(self, rows: np.ndarray) -> None:
        """Append a block of rows, shape (k, len(COLUMNS))."""
        self._flush()
        self._write(rows)

    def _write(self, rows: np.ndarray) -> None:
        k = rows.shape[0]
        needed = self._length + k
        if needed > self._data.shape[1]:
            grown = np.zeros((len(COLUMNS), max(needed, 2 * self._data.shape[1])))
            grown[:, : self._length] = self._data[:, : self._length]
            self._data = grown
        self._data[:, self._length:needed] = rows.T
        self._length = needed

    def truncate(self, length: int) -> None:
        self._flush()
        self._length = max(0, min(length, self._length))

    def replace_last(self, row) -> None:
        self._flush()
        self._data[:, self._length - 1] = row

    def __getitem__(self, name: str) -> np.ndarray:
        """A read-only view of one column."""
        self._flush()
        view = self._data[COLUMNS.index(name), : self._length]
        view.flags.writeable = False
        return view

    def row(self, index: int) -> dict[str, float]:
        self._flush()
        return {name: float(self._data[i, index]) for i, name in enumerate(COLUMNS)}

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: self[name] for name in COLUMNS}

    def rows_after(self, epoch: int) -> np.ndarray:
        """A copy of the rows after `epoch`, shape (k, len(COLUMNS))."""
        self._flush()
        return self._data[:, epoch + 1: self._length].T.copy()


def engine_for(data: Dataset, settings: Settings) -> str:
    """The page's choice: the lesson's engine, except for big data and long runs, where it
    would make people wait (about 160 us an epoch, so 16 s for 100,000 epochs)."""
    if settings.epochs > LONG_RUN_EPOCHS:
        return "fast"
    return choose_engine(data)


def batches_per_epoch(n: int, batch_size: int) -> int:
    return 1 if batch_size == 0 or batch_size >= n else math.ceil(n / batch_size)


@dataclass
class Divergence:
    epoch: int  # the first epoch whose state was not finite or past the divergence cost
    cost: float


class TrainState:
    """W, b, the optimizer's memory and the history of one run."""

    def __init__(self, data: Dataset, settings: Settings | None = None,
                 engine: str = "auto", model: str = "tensor"):
        self.data = data
        self.settings = settings or Settings()
        self.model = model
        self.engine = make_engine(engine, data, self.settings, model)
        self.history = History()
        self.divergence: Divergence | None = None
        self._now = self.engine.load(self.settings.w0, self.settings.b0, Memory())
        self._pending = None  # where the engine must be loaded before it trains (_load_row)
        self.history.append(self._row(0, self._now, self.engine.memory()))
        self._set_divergence_cost()

    # ---- reading
    @property
    def epoch(self) -> int:
        return len(self.history) - 1

    @property
    def W(self) -> float:
        return float(self.history["W"][-1])

    @property
    def b(self) -> float:
        return float(self.history["b"][-1])

    @property
    def cost(self) -> float:
        return float(self.history["cost"][-1])

    @property
    def diverged(self) -> bool:
        return self.divergence is not None

    @property
    def finished(self) -> bool:
        return self.epoch >= self.settings.epochs or self.diverged

    def _test_cost(self, W, b):
        """The test cost, from the test set's statistics (it does not steer training)."""
        if not self.data.n_test:
            return np.full(np.shape(W), math.nan) if np.ndim(W) else math.nan
        return quadratic.cost(self.data.test_stats, W, b)

    def _row(self, epoch: int, now: Evaluation, memory: Memory) -> list[float]:
        return [float(epoch), now.W, now.b, now.cost, float(self._test_cost(now.W, now.b)),
                now.dW, now.db, *memory[:4], float(memory.steps)]

    def _set_divergence_cost(self) -> None:
        self.divergence_cost = quadratic.divergence_cost(self.data.train_stats,
                                                         float(self.history["cost"][0]))

    def _load_row(self, row: dict, now: bool = True) -> None:
        """Put the engine where a recorded row stands. With now=False the engine is loaded
        only before it next trains: a page that moves along recorded rows (following a
        class's teacher) does no torch work for it."""
        memory = Memory(row["m_W"], row["m_b"], row["v_W"], row["v_b"], int(row["opt_steps"]))
        if now:
            self._now = self.engine.load(row["W"], row["b"], memory)
            self._pending = None
        else:
            self._now = Evaluation(row["W"], row["b"], row["cost"], row["dW"], row["db"])
            self._pending = (row["W"], row["b"], memory)

    def _loaded(self) -> None:
        if self._pending is not None:
            self._now = self.engine.load(*self._pending)
            self._pending = None

    # ---- training
    def advance(self, epochs: int) -> bool:
        """Train up to `epochs` epochs; False when the run diverged on the way (the last
        finite state is kept)."""
        if self.divergence is not None:
            return False
        if (epochs > 1 and isinstance(self.engine, FastEngine)
                and is_full_batch(self.settings, self.data)):
            return self._full_batch_block(epochs)
        return all(self._one_epoch() for _ in range(epochs))  # stops at the first divergence

    def _one_epoch(self) -> bool:
        self._loaded()
        self.engine.epoch(self.epoch)
        now = self.engine.evaluate()
        if not (math.isfinite(now.W) and math.isfinite(now.b)
                and now.cost <= self.divergence_cost):
            self.divergence = Divergence(self.epoch + 1, now.cost)
            self._load_row(self.history.row(self.epoch))  # back to the last finite state
            return False
        self._now = now
        self.history.append(self._row(self.epoch + 1, now, self.engine.memory()))
        return True

    def _full_batch_block(self, epochs: int) -> bool:
        """Many full-batch epochs of the fast engine, written to the history as one block."""
        self._loaded()
        rows, diverged_cost = self.engine.full_batch_epochs(epochs, self.divergence_cost)
        if rows:
            first = self.epoch + 1
            block = np.array(rows)  # (k, 10): W, b, cost, dW, db, memory
            W, b = block[:, 0], block[:, 1]
            epochs_column = np.arange(first, first + len(rows), dtype=float)
            self.history.extend(np.column_stack([epochs_column, block[:, 0:3],
                                                 self._test_cost(W, b), block[:, 3:]]))
            self._now = Evaluation(*rows[-1][:5])
        if diverged_cost is not None:
            self.divergence = Divergence(self.epoch + 1, diverged_cost)
            return False
        return True

    def adopt(self, rows: np.ndarray, divergence: Divergence | None) -> None:
        """Take the rows the step function computed for another state that stood exactly
        where this one stands (linreg.trajectories): as if this state had trained them."""
        if len(rows):
            self.history.extend(rows)
            self._load_row(self.history.row(self.epoch), now=False)
        self.divergence = None if divergence is None else Divergence(divergence.epoch,
                                                                     divergence.cost)

    # ---- changing course
    def rewind(self, epoch: int) -> None:
        """Go back to a recorded epoch, exactly as it was (W, b and optimizer memory)."""
        epoch = max(0, min(int(epoch), self.epoch))
        self.history.truncate(epoch + 1)
        self.divergence = None
        self._load_row(self.history.row(epoch), now=False)

    def reconfigure(self, settings: Settings | None = None, data: Dataset | None = None,
                    engine: str | None = None) -> None:
        """Continue from the current W and b with new settings or data.

        The optimizer keeps its memory when the optimizer stays the same; the current
        row is evaluated again, since the cost depends on the data.
        """
        old = self.settings
        self.settings = settings or old
        if data is not None:
            self.data = data
        name = engine or ("auto" if data is not None else self.engine.name)
        self.engine = make_engine(name, self.data, self.settings, self.model)
        self.divergence = None
        row = self.history.row(self.epoch)
        if self.settings.optimizer != old.optimizer:
            row.update(m_W=0.0, m_b=0.0, v_W=0.0, v_b=0.0, opt_steps=0.0)
        self._load_row(row)
        self.history.replace_last(self._row(self.epoch, self._now, self.engine.memory()))
        if data is not None:
            self._set_divergence_cost()


def step(state: TrainState, epochs: int = 1) -> bool:
    """Train `epochs` epochs (one by default): the one function every caller advances with.

    Returns False when the run diverged on the way (the last finite state is kept, and
    later calls change nothing).
    """
    return state.advance(epochs)


def run(state: TrainState, epochs: int | None = None) -> TrainState:
    """Step until the settings' last epoch (or `epochs` more), or until divergence."""
    target = state.settings.epochs if epochs is None else state.epoch + epochs
    if target > state.epoch:
        step(state, target - state.epoch)
    return state


def look_ahead(state: TrainState, epochs: int) -> dict[str, np.ndarray]:
    """The history rows of the next `epochs` epochs (fewer if the run diverges on the way),
    leaving the state as it was: what the player shows at once on Step."""
    start = state.epoch
    trained = state.divergence is None and epochs > 0
    if trained:
        step(state, epochs)
    rows = {name: state.history[name][start + 1:].copy() for name in COLUMNS}
    if trained:
        state.rewind(start)  # also forgets a divergence met on the way
    return rows

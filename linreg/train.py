"""Training: a train state, ONE step function (an epoch), and the history as arrays.

Epoch k in the history is the state after k updates, with the cost, test cost and gradient
at that state. The lesson's loop prints W and b after its update but the cost before it;
`lesson_log` (in cli.py) reads both from this history.

Two engines advance the same state:
- "faithful": the lesson's code, float32 tensors, autograd and torch.optim. The default.
- "fast": float64 sufficient statistics, O(1) an epoch whatever the number of points;
  used for big data sets, where the faithful engine would be slow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .data import Dataset, Stats
from .model import LinearRegressionModel, cost, hypothesis
from .settings import Settings

FAITHFUL_MAX_POINTS = 20_000  # above this, "auto" picks the fast engine
LONG_RUN_EPOCHS = 20_000  # above this, the page picks the fast engine
DIVERGENCE_FACTOR = 1e8  # a cost this many times the starting scale counts as diverged
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8

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


def choose_engine(data: Dataset, engine: str = "auto") -> str:
    if engine == "auto":
        return "fast" if data.n_train > FAITHFUL_MAX_POINTS else "faithful"
    if engine not in ("faithful", "fast"):
        raise ValueError(f"unknown engine {engine!r}")
    return engine


def engine_for(data: Dataset, settings: Settings) -> str:
    """The page's choice: the lesson's engine, except for big data and long runs, where it
    would make people wait (about 160 us an epoch, so 16 s for 100,000 epochs)."""
    if settings.epochs > LONG_RUN_EPOCHS:
        return "fast"
    return choose_engine(data)


def epoch_seed(seed: int, epoch: int) -> int:
    """The shuffle of each epoch has its own seed, so a run can resume at any epoch."""
    return (seed * 1_000_003 + epoch) % (2**63 - 1)


def batches_per_epoch(n: int, batch_size: int) -> int:
    return 1 if batch_size == 0 or batch_size >= n else math.ceil(n / batch_size)


@dataclass
class Divergence:
    epoch: int  # the first epoch whose state was not finite or past the bound
    cost: float


class TrainState:
    """W, b, the optimizer's memory and the history of one run."""

    def __init__(self, data: Dataset, settings: Settings | None = None,
                 engine: str = "auto", model: str = "tensor"):
        if model not in ("tensor", "module"):
            raise ValueError(f"unknown model form {model!r}")
        self.data = data
        self.settings = settings or Settings()
        self.engine = choose_engine(data, engine)
        self.model = model
        self.history = History()
        self.divergence: Divergence | None = None
        self._load(self.settings.w0, self.settings.b0, None)
        self.history.append(self._row(0))
        self._set_bound()

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

    # ---- the engines' state
    def _load(self, W: float, b: float, memory: dict | None) -> None:
        """Set W, b and the optimizer's memory, then evaluate cost and gradient there."""
        s = self.settings
        self._opt_steps = int(memory["opt_steps"]) if memory else 0
        if self.engine == "faithful":
            if self.model == "module":
                self._module = LinearRegressionModel(W, b)
                self._params = [self._module.linear.weight, self._module.linear.bias]
                self._forward = self._module
            else:
                self._W = torch.tensor([W], dtype=torch.float32, requires_grad=True)
                self._b = torch.tensor([b], dtype=torch.float32, requires_grad=True)
                self._params = [self._W, self._b]
                self._forward = lambda x: hypothesis(x, self._W, self._b)
            self._optimizer = make_optimizer(self._params, s)
            if memory and self._opt_steps:
                _restore_torch_memory(self._optimizer, self._params, s.optimizer, memory)
        else:
            self._w, self._bias = float(W), float(b)
            keys = ("m_W", "m_b", "v_W", "v_b")
            self._mem = [float(memory[k]) for k in keys] if memory else [0.0] * 4
        self._evaluate()

    def _evaluate(self) -> None:
        """Cost, test cost and full-batch gradient at the current W, b."""
        if self.engine == "faithful":
            for p in self._params:  # what optimizer.zero_grad() does, without its overhead
                p.grad = None
            c = cost(self._forward(self.data.x_train), self.data.y_train)
            c.backward()
            W_, b_ = self._params
            W, b = W_.item(), b_.item()
            self._now = [W, b, c.item(), self._test_cost(W, b), W_.grad.item(), b_.grad.item()]
        else:
            W, b = self._w, self._bias
            c, dW, db = _stats_cost_gradient(self.data.train_stats, W, b)
            self._now = [W, b, c, self._test_cost(W, b), dW, db]

    def _test_cost(self, W: float, b: float) -> float:
        """The test cost, from the test set's statistics (it does not steer training)."""
        if not self.data.n_test:
            return math.nan
        return _stats_cost_gradient(self.data.test_stats, W, b)[0]

    def _memory(self) -> list[float]:
        if self.settings.optimizer == "sgd":
            return [0.0, 0.0, 0.0, 0.0, float(self._opt_steps)]
        if self.engine == "fast":
            return list(self._mem) + [float(self._opt_steps)]
        return _torch_memory(self._optimizer, self._params, self.settings.optimizer) + [
            float(self._opt_steps)]

    def _row(self, epoch: int) -> list[float]:
        return [float(epoch)] + list(self._now) + self._memory()

    def _set_bound(self) -> None:
        y = self.data.train_stats
        scale = max(self.history["cost"][0] if len(self.history) else 0.0,
                    y.mean_y**2 + y.var_y, 1e-12)
        if not math.isfinite(scale):
            scale = 1e-12
        self._cost_bound = DIVERGENCE_FACTOR * scale

    # ---- changing course
    def rewind(self, epoch: int) -> None:
        """Go back to a recorded epoch, exactly as it was (W, b and optimizer memory)."""
        epoch = max(0, min(int(epoch), self.epoch))
        self.history.truncate(epoch + 1)
        self.divergence = None
        row = self.history.row(epoch)
        self._load(row["W"], row["b"], row)

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
        if engine is not None or data is not None:
            self.engine = choose_engine(self.data, engine or "auto")
        self.divergence = None
        row = self.history.row(len(self.history) - 1)
        memory = row if self.settings.optimizer == old.optimizer else None
        if memory is None:
            row.update(m_W=0.0, m_b=0.0, v_W=0.0, v_b=0.0, opt_steps=0.0)
        self._load(row["W"], row["b"], memory)
        self.history.replace_last(self._row(self.epoch))
        if data is not None:
            self._set_bound()


def step(state: TrainState, epochs: int = 1) -> bool:
    """Train `epochs` epochs (one by default): the one function every caller advances with.

    Returns False when the run diverged on the way (the last finite state is kept, and
    later calls change nothing).
    """
    if state.divergence is not None:
        return False
    if epochs > 1 and state.engine == "fast" and _full_batch(state):
        return _fast_full_batch(state, epochs)
    return all(_one_epoch(state) for _ in range(epochs))  # stops at the first divergence


def _full_batch(state: TrainState) -> bool:
    return state.settings.full_batch or state.settings.batch_size >= state.data.n_train


def _one_epoch(state: TrainState) -> bool:
    s = state.settings
    n = state.data.n_train
    if state.engine == "faithful":
        if s.full_batch or s.batch_size >= n:
            state._optimizer.step()  # the gradient at this state is already in .grad
            state._opt_steps += 1
        else:
            generator = torch.Generator().manual_seed(epoch_seed(s.seed, state.epoch))
            order = torch.randperm(n, generator=generator)
            x, y = state.data.x_train, state.data.y_train
            for start in range(0, n, s.batch_size):
                batch = order[start:start + s.batch_size]
                state._optimizer.zero_grad()
                c = cost(state._forward(x[batch]), y[batch])
                c.backward()
                state._optimizer.step()
                state._opt_steps += 1
    else:
        _fast_epoch(state)
    state._evaluate()
    W, b, c = state._now[0], state._now[1], state._now[2]
    if not (math.isfinite(W) and math.isfinite(b) and math.isfinite(c)) or c > state._cost_bound:
        state.divergence = Divergence(state.epoch + 1, c)
        row = state.history.row(state.epoch)
        state._load(row["W"], row["b"], row)  # keep the last finite state
        return False
    state.history.append(state._row(state.epoch + 1))
    return True


def run(state: TrainState, epochs: int | None = None) -> TrainState:
    """Step until the settings' last epoch (or `epochs` more), or until divergence."""
    target = state.settings.epochs if epochs is None else state.epoch + epochs
    if target > state.epoch:
        step(state, target - state.epoch)
    return state


def peek(state: TrainState) -> tuple[float, float] | None:
    """W and b one epoch ahead, leaving the state as it was; None if that step diverges."""
    divergence = state.divergence
    if divergence is not None or not step(state):
        state.divergence = divergence
        return None
    ahead = (state.W, state.b)
    state.rewind(state.epoch - 1)
    return ahead


# ---------------------------------------------------------------- optimizers

def make_optimizer(params, settings: Settings) -> torch.optim.Optimizer:
    if settings.optimizer == "sgd":
        return torch.optim.SGD(params, lr=settings.lr)
    if settings.optimizer == "momentum":
        return torch.optim.SGD(params, lr=settings.lr, momentum=settings.momentum)
    return torch.optim.Adam(params, lr=settings.lr, betas=ADAM_BETAS, eps=ADAM_EPS)


def _torch_memory(optimizer, params, kind: str) -> list[float]:
    memory = [0.0, 0.0, 0.0, 0.0]
    for i, p in enumerate(params):
        state = optimizer.state.get(p, {})
        if kind == "momentum" and state.get("momentum_buffer") is not None:
            memory[i] = float(state["momentum_buffer"].reshape(-1)[0])
        elif kind == "adam" and "exp_avg" in state:
            memory[i] = float(state["exp_avg"].reshape(-1)[0])
            memory[2 + i] = float(state["exp_avg_sq"].reshape(-1)[0])
    return memory


def _restore_torch_memory(optimizer, params, kind: str, memory: dict) -> None:
    for i, p in enumerate(params):
        m = torch.full_like(p, memory[("m_W", "m_b")[i]]).detach()
        if kind == "momentum":
            optimizer.state[p]["momentum_buffer"] = m
        elif kind == "adam":
            optimizer.state[p]["step"] = torch.tensor(float(memory["opt_steps"]),
                                                      dtype=torch.float32)
            optimizer.state[p]["exp_avg"] = m
            optimizer.state[p]["exp_avg_sq"] = torch.full_like(
                p, memory[("v_W", "v_b")[i]]).detach()


# ---------------------------------------------------------------- the fast engine

def _stats_cost_gradient(st: Stats, W: float, b: float) -> tuple[float, float, float]:
    """Cost and gradient of the MSE from centred statistics: O(1) whatever n is."""
    e = W * st.mean_x + b - st.mean_y  # the mean error
    spread = W * W * st.var_x - 2.0 * W * st.cov_xy + st.var_y
    c = e * e + max(spread, 0.0)
    return c, 2.0 * (e * st.mean_x + W * st.var_x - st.cov_xy), 2.0 * e


def _fast_update(state: TrainState, dW: float, db: float) -> None:
    s = state.settings
    mem = state._mem
    state._opt_steps += 1
    if s.optimizer == "sgd":
        state._w -= s.lr * dW
        state._bias -= s.lr * db
    elif s.optimizer == "momentum":
        first = state._opt_steps == 1
        mem[0] = dW if first else s.momentum * mem[0] + dW
        mem[1] = db if first else s.momentum * mem[1] + db
        state._w -= s.lr * mem[0]
        state._bias -= s.lr * mem[1]
    else:
        b1, b2 = ADAM_BETAS
        t = state._opt_steps
        mem[0] = b1 * mem[0] + (1 - b1) * dW
        mem[1] = b1 * mem[1] + (1 - b1) * db
        mem[2] = b2 * mem[2] + (1 - b2) * dW * dW
        mem[3] = b2 * mem[3] + (1 - b2) * db * db
        step_size = s.lr / (1 - b1**t)
        root = math.sqrt(1 - b2**t)
        state._w -= step_size * mem[0] / (math.sqrt(mem[2]) / root + ADAM_EPS)
        state._bias -= step_size * mem[1] / (math.sqrt(mem[3]) / root + ADAM_EPS)


def _fast_full_batch(state: TrainState, epochs: int) -> bool:
    """Many full-batch epochs from the statistics in a tight loop: about a microsecond each.

    The same updates as _fast_update, unrolled here because a Python call per epoch would
    cost more than the epoch itself.
    """
    s = state.settings
    st = state.data.train_stats
    mx, my, vx, cxy, vy = st.mean_x, st.mean_y, st.var_x, st.cov_xy, st.var_y
    ts = state.data.test_stats if state.data.n_test else None
    lr, kind, mu = s.lr, s.optimizer, s.momentum
    b1, b2 = ADAM_BETAS
    W, b = state._w, state._bias
    dW, db = state._now[4], state._now[5]
    m_W, m_b, v_W, v_b = state._mem
    t = state._opt_steps
    bound = state._cost_bound
    first = state.epoch + 1
    rows = []
    ok = True
    for _ in range(epochs):
        t += 1
        if kind == "sgd":
            W -= lr * dW
            b -= lr * db
        elif kind == "momentum":
            m_W = dW if t == 1 else mu * m_W + dW
            m_b = db if t == 1 else mu * m_b + db
            W -= lr * m_W
            b -= lr * m_b
        else:
            m_W = b1 * m_W + (1 - b1) * dW
            m_b = b1 * m_b + (1 - b1) * db
            v_W = b2 * v_W + (1 - b2) * dW * dW
            v_b = b2 * v_b + (1 - b2) * db * db
            size = lr / (1 - b1**t)
            root = math.sqrt(1 - b2**t)
            W -= size * m_W / (math.sqrt(v_W) / root + ADAM_EPS)
            b -= size * m_b / (math.sqrt(v_b) / root + ADAM_EPS)
        e = W * mx + b - my
        spread = W * W * vx - 2.0 * W * cxy + vy
        c = e * e + (spread if spread > 0.0 else 0.0)
        if not c <= bound:  # also catches NaN
            ok = False
            break
        dW = 2.0 * (e * mx + W * vx - cxy)
        db = 2.0 * e
        rows.append((W, b, c, dW, db, m_W, m_b, v_W, v_b))
    if rows:
        block = np.array(rows)  # (k, 9)
        k = block.shape[0]
        test = np.full(k, math.nan)
        if ts is not None:
            e = block[:, 0] * ts.mean_x + block[:, 1] - ts.mean_y
            spread = block[:, 0] ** 2 * ts.var_x - 2.0 * block[:, 0] * ts.cov_xy + ts.var_y
            test = e * e + np.maximum(spread, 0.0)
        columns = np.column_stack([
            np.arange(first, first + k, dtype=float), block[:, :3], test, block[:, 3:],
            np.arange(state._opt_steps + 1, state._opt_steps + 1 + k, dtype=float)])
        state.history.extend(columns)
        last = columns[-1]
        state._w, state._bias = float(last[1]), float(last[2])
        state._mem = [float(v) for v in last[7:11]]
        state._opt_steps += k
        state._now = [float(v) for v in last[1:7]]
    if not ok:
        state.divergence = Divergence(state.epoch + 1, c)
    return ok


def _fast_epoch(state: TrainState) -> None:
    s = state.settings
    n = state.data.n_train
    if s.full_batch or s.batch_size >= n:
        _fast_update(state, state._now[4], state._now[5])
        return
    # Mini-batches: per-batch sums in one vectorised pass, then O(1) per update.
    generator = torch.Generator().manual_seed(epoch_seed(s.seed, state.epoch))
    order = torch.randperm(n, generator=generator).numpy()
    x = state.data.x[~state.data.is_test].astype(np.float64)[order]
    y = state.data.y[~state.data.is_test].astype(np.float64)[order]
    starts = np.arange(0, n, s.batch_size)
    count = np.diff(np.append(starts, n)).astype(np.float64)
    sx, sy = np.add.reduceat(x, starts), np.add.reduceat(y, starts)
    sxx, sxy = np.add.reduceat(x * x, starts), np.add.reduceat(x * y, starts)
    for m, a, c, aa, ac in zip(count.tolist(), sx.tolist(), sy.tolist(), sxx.tolist(),
                               sxy.tolist()):
        W, b = state._w, state._bias
        # d/dW mean((Wx + b - y)^2) = 2/m (W Sxx + b Sx - Sxy); d/db = 2/m (W Sx + b m - Sy)
        _fast_update(state, 2.0 * (W * aa + b * a - ac) / m, 2.0 * (W * a + b * m - c) / m)

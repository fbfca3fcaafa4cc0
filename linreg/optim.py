"""SGD, momentum and Adam updates, written once, as torch.optim computes them.

The fast engine (floats), the sweep (arrays of K copies) and the live preview all update
(W, b) through `update`; the faithful engine runs torch.optim itself, which these match.
"""

from __future__ import annotations

from typing import NamedTuple

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


class Memory(NamedTuple):
    """What an optimizer remembers between updates (zeros for SGD)."""

    m_W: float = 0.0  # momentum buffer, or Adam's first moment
    m_b: float = 0.0
    v_W: float = 0.0  # Adam's second moment
    v_b: float = 0.0
    steps: int = 0  # updates made so far (Adam's bias correction counts them)


def update(optimizer: str, lr, momentum: float, W, b, dW, db, memory):
    """One update of (W, b) down the gradient; returns (W, b, memory).

    `memory` is a Memory or a plain tuple in its order; the memory returned is a plain
    tuple, since the fast engine calls this once an epoch and a NamedTuple costs more.
    """
    m_W, m_b, v_W, v_b, steps = memory
    steps += 1
    if optimizer == "sgd":
        return W - lr * dW, b - lr * db, (m_W, m_b, v_W, v_b, steps)
    if optimizer == "momentum":
        # torch starts the buffer at the first gradient: momentum * 0 + dW
        m_W = momentum * m_W + dW
        m_b = momentum * m_b + db
        return W - lr * m_W, b - lr * m_b, (m_W, m_b, v_W, v_b, steps)
    beta1, beta2 = ADAM_BETAS
    m_W = beta1 * m_W + (1 - beta1) * dW
    m_b = beta1 * m_b + (1 - beta1) * db
    v_W = beta2 * v_W + (1 - beta2) * dW * dW
    v_b = beta2 * v_b + (1 - beta2) * db * db
    step_size = lr / (1 - beta1**steps)
    root = (1 - beta2**steps) ** 0.5
    return (W - step_size * m_W / (v_W**0.5 / root + ADAM_EPS),
            b - step_size * m_b / (v_b**0.5 / root + ADAM_EPS),
            (m_W, m_b, v_W, v_b, steps))

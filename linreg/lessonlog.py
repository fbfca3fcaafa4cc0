"""The lesson's log lines, read from a run's history.

The lesson prints, at epoch e, W and b after that epoch's update but the cost before it:
W and b of history row e + 1 with the cost of row e.
"""

from __future__ import annotations

LOG_LINE = "Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}"


def log_entries(W, b, cost, epochs: int, every: int, after=None) -> list[tuple[int, str]]:
    """(epoch at which the line can be shown, line) for each logged epoch the history covers.

    A line needs the row after its epoch; `after` may give (W, b) one row past the history,
    so the last epoch's line shows too.
    """
    last = len(W) - 1
    out = []
    for e in range(0, epochs + 1, every):
        if e + 1 <= last:
            out.append((e + 1, LOG_LINE.format(e, epochs, W[e + 1], b[e + 1], cost[e])))
        elif e == last and after is not None:
            out.append((e, LOG_LINE.format(e, epochs, after[0], after[1], cost[e])))
        else:
            break
    return out

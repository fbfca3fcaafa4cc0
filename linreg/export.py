"""Exports: a run's history as CSV that spreadsheets read as numbers, never as formulas."""

from __future__ import annotations

import io
import math

EXPORT_COLUMNS = ("epoch", "W", "b", "cost", "test_cost", "dW", "db")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A CSV cell: a number as a number; any text that a spreadsheet would run as a formula
    is quoted with a leading apostrophe."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return repr(int(value)) if isinstance(value, int) else repr(float(value))
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    if any(c in text for c in ',"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def history_csv(history, columns=EXPORT_COLUMNS) -> str:
    """Every epoch of a run, exact (no decimation): epoch, W, b, cost, test cost, dW, db."""
    arrays = [history[name] for name in columns]
    out = io.StringIO()
    out.write(",".join(cell(name) for name in columns) + "\n")
    for values in zip(*(a.tolist() for a in arrays)):
        out.write(",".join(cell(int(v) if i == 0 else v) for i, v in enumerate(values)) + "\n")
    return out.getvalue()

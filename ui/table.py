"""The points table: the editor's edits applied to the table it started from."""

from __future__ import annotations

import pandas as pd

from linreg.dataset import Dataset
from linreg.parsing import from_table

COLUMNS = ("x", "y", "set")


def apply_edits(base: pd.DataFrame, edits: dict | None) -> pd.DataFrame:
    """Streamlit's data_editor keeps only edits (edited, added, deleted rows): replay them."""
    table = base.copy()
    if not isinstance(edits, dict) or not edits:
        return table  # the browser sends this state: anything else is ignored
    edited = edits.get("edited_rows")
    for index, changes in (edited.items() if isinstance(edited, dict) else ()):
        row = _row(index)
        if row is not None and row < len(table) and isinstance(changes, dict):
            for column, value in changes.items():
                if column in COLUMNS:
                    table.at[row, column] = value
    # the editor's order: cell edits, then deletions, then additions
    deleted_rows = edits.get("deleted_rows")
    deleted = {_row(i) for i in (deleted_rows if isinstance(deleted_rows, list) else ())}
    if deleted - {None}:
        table = table.drop(index=[i for i in deleted if i is not None and i < len(table)])
        table = table.reset_index(drop=True)
    added_rows = edits.get("added_rows")
    added = [r for r in (added_rows if isinstance(added_rows, list) else ()) if isinstance(r, dict)]
    if added:
        new = pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in added])
        table = pd.concat([table.astype(object), new.astype(object)], ignore_index=True)
    return table


def _row(index) -> int | None:
    """A row number from the editor's state, or None for anything that is not one."""
    if isinstance(index, bool):
        return None
    if isinstance(index, int):
        return index if index >= 0 else None
    if isinstance(index, str) and index.isascii() and index.isdigit() and len(index) < 10:
        return int(index)
    return None


def to_dataset(table: pd.DataFrame) -> Dataset:
    """The table's points, strictly: an empty or bad cell is an InputError naming its row."""
    sets = table["set"].tolist() if "set" in table else None
    return from_table(table["x"].tolist(), table["y"].tolist(), sets)

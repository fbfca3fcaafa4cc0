"""The points table: the editor's edits applied to the table it started from."""

from __future__ import annotations

import pandas as pd

from linreg.data import Dataset, from_table

COLUMNS = ("x", "y", "set")


def apply_edits(base: pd.DataFrame, edits: dict | None) -> pd.DataFrame:
    """Streamlit's data_editor keeps only edits (edited, added, deleted rows): replay them."""
    table = base.copy()
    if not edits:
        return table
    for index, changes in (edits.get("edited_rows") or {}).items():
        row = int(index)
        if 0 <= row < len(table) and isinstance(changes, dict):
            for column, value in changes.items():
                if column in COLUMNS:
                    table.at[row, column] = value
    # the editor's order: cell edits, then deletions, then additions
    deleted = {int(i) for i in (edits.get("deleted_rows") or []) if str(i).lstrip("-").isdigit()}
    if deleted:
        table = table.drop(index=[i for i in deleted if 0 <= i < len(table)]).reset_index(drop=True)
    added = [r for r in (edits.get("added_rows") or []) if isinstance(r, dict)]
    if added:
        new = pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in added])
        table = pd.concat([table.astype(object), new.astype(object)], ignore_index=True)
    return table


def to_dataset(table: pd.DataFrame) -> Dataset:
    """The table's points, strictly: an empty or bad cell is an InputError naming its row."""
    sets = table["set"].tolist() if "set" in table else None
    return from_table(table["x"].tolist(), table["y"].tolist(), sets)

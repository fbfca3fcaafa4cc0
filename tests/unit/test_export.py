import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from linreg import Settings, TrainState, preset, run
from linreg.export import cell, history_csv


def test_the_history_exports_every_epoch_exactly():
    state = run(TrainState(preset("lesson"), Settings(epochs=1000)))
    rows = list(csv.reader(io.StringIO(history_csv(state.history))))
    assert rows[0] == ["epoch", "W", "b", "cost", "test_cost", "dW", "db"]
    assert len(rows) == 1002
    last = rows[-1]
    assert last[0] == "1000" and float(last[1]) == state.W and float(last[3]) == state.cost
    for row in rows[1:]:
        for value in row:
            float(value)  # numbers stay numbers (negative ones too)


# What a spreadsheet runs as a formula when a cell starts with it (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@given(st.one_of(st.text(), st.tuples(st.sampled_from(FORMULA_STARTS), st.text()).map("".join)))
def test_text_cells_never_start_a_formula(text):
    out = cell(text)
    parsed = next(csv.reader(io.StringIO(out, newline=""))) if out else [""]
    assert parsed == [text if not text.startswith(FORMULA_STARTS) else "'" + text]
    assert not parsed[0].startswith(FORMULA_STARTS)

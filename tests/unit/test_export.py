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


@given(st.text())
def test_text_cells_never_start_a_formula(text):
    out = cell(text)
    parsed = next(csv.reader(io.StringIO(out))) if out else [""]
    assert parsed[0][:1] not in ("=", "+", "-", "@")

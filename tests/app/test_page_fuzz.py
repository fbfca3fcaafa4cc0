"""Random actions, edits, table states and settings fed to the page: never a traceback.

Each example opens a fresh page and applies a short random sequence through the same
paths the browser uses (the player's action, the table editor's state, the widgets).
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = max(10, int(os.environ.get("FUZZ_EXAMPLES", "1500")) // 80)

leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                 st.text(max_size=12), st.sampled_from(["train", "test", "0", "-1", "1e999"]))
values = st.recursive(leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(
    st.text(max_size=6), c, max_size=3), max_leaves=8)
names = (st.sampled_from(["step", "step10", "play", "pause", "more", "finished", "run_end",
                         "reset", "edit", "undo", "set_lr", "predict", "", "drop table"])
         | st.text(max_size=8))
actions = st.fixed_dictionaries(
    {"name": names},
    optional={"op": st.sampled_from(["add", "move", "delete", "start", "nuke"]) | leaf,
              "x": leaf, "y": leaf, "W": leaf, "b": leaf, "index": leaf, "set": leaf,
              "epoch": leaf, "token": leaf, "seq": leaf, "extra": values, "lr": leaf,
              "answer": st.fixed_dictionaries({"kind": st.sampled_from(
                  ["rate_zone", "where_after", "next_W"]) | leaf}, optional={
                  "zone": st.sampled_from(["smooth", "oscillating", "diverging"]) | leaf,
                  "W": leaf, "b": leaf, "steps": leaf}) | values})
table_states = st.fixed_dictionaries({}, optional={
    "edited_rows": st.dictionaries(st.sampled_from(["0", "1", "2", "3", "9", "-1", "x"]) | leaf,
                                   st.dictionaries(st.sampled_from(["x", "y", "set", "z"]), leaf,
                                                   max_size=3) | leaf, max_size=3),
    "added_rows": st.lists(st.dictionaries(st.sampled_from(["x", "y", "set"]), leaf,
                                           max_size=3) | leaf, max_size=3),
    "deleted_rows": st.lists(leaf, max_size=3) | leaf,
}) | values
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e4, max_value=1e4)
settings_changes = st.sampled_from(["set_lr", "set_epochs", "set_w0", "set_b0",
                                    "set_batch_size"]).flatmap(
    lambda key: st.tuples(st.just(key), numbers))
steps = st.lists(st.one_of(st.tuples(st.just("action"), actions),
                           st.tuples(st.just("table"), table_states),
                           st.tuples(st.just("setting"), settings_changes)),
                 min_size=1, max_size=5)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(steps)
def test_random_input_never_breaks_the_page(open_link, sequence):
    page = open_link({})  # a fresh page for each example
    for kind, value in sequence:
        if kind == "action":
            page.send(value)
        elif kind == "table":
            page.at.session_state[f"editor_{page.state.table.version}"] = value
        else:
            key, number = value
            widget = page.at.number_input(key=key)
            low, high = widget.min, widget.max
            if low is not None and high is not None:
                number = min(max(number, low), high)
            if key in ("set_epochs", "set_batch_size"):
                number = int(number)
            widget.set_value(number)
        page.run()
        assert not page.at.exception, (kind, value, page.at.exception)
        player = page.player
        shown = page.shown
        assert 0 <= player["at"] <= player["end"]  # a diverged run too: it shows a finite epoch
        for name in ("W", "b"):  # the last finite state is kept, even after divergence
            assert isinstance(shown[name], float) and math.isfinite(shown[name]), shown
        data = page.lab.data
        assert data.n_train >= 2 and all(math.isfinite(v) for v in data.x.tolist())

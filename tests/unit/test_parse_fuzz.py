"""Hostile text for the parser: only InputError may come out, and what is accepted is clean."""

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linreg import InputError, from_table, parse_csv
from linreg.data import MAX_ABS_VALUE

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1500"))

cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**12, 10**12).map(str),
    st.sampled_from(["", " ", "nan", "NaN", "-inf", "x", "y", "set", "test", "train", '"',
                     "1,5", "1e400", "\ufeff", "0x10", "١٢", "1_000", "--1", "\t"]),
    st.text(max_size=8),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=5), min_size=0, max_size=12)
separators = st.sampled_from([",", ";", "\t", " ", "|"])
line_ends = st.sampled_from(["\n", "\r\n", "\r"])


def check(raw):
    try:
        parsed = parse_csv(raw)
    except InputError as error:
        assert str(error)
        return
    d = parsed.dataset
    assert d.n_train >= 2
    assert np.isfinite(d.x).all() and np.isfinite(d.y).all()
    assert np.abs(d.x).max() <= MAX_ABS_VALUE and np.abs(d.y).max() <= MAX_ABS_VALUE


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows, separators, line_ends, st.booleans())
def test_structured_hostile_csv(table, sep, end, bom):
    text = end.join(sep.join(row) for row in table)
    raw = text.encode("utf-8", errors="surrogatepass")
    check((b"\xef\xbb\xbf" if bom else b"") + raw)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300))
def test_binary_garbage(raw):
    check(raw)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=300))
def test_any_text(text):
    check(text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(), cells),
                          st.one_of(st.none(), st.floats(), cells),
                          st.one_of(st.none(), cells)), max_size=8))
def test_table_edits(table):
    try:
        d = from_table([r[0] for r in table], [r[1] for r in table], [r[2] for r in table])
    except InputError as error:
        assert str(error)
        return
    assert np.isfinite(d.x).all() and np.abs(d.y).max() <= MAX_ABS_VALUE

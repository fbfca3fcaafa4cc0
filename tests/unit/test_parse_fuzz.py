"""Hostile text for the parser: only InputError may come out, and what is accepted is clean."""

import os
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linreg import InputError, from_table, parse_csv
from linreg.cli import main
from linreg.dataset import MAX_ABS_VALUE
from linreg.parsing import MAX_FILE_BYTES

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


# ---------------------------------------------------------------- the extremes
# csv's field limit is 131,072 characters; a file may be up to the upload limit. Cells are
# drawn as short recipes and built in the test, so a failing example prints short.

CSV_FIELD_LIMIT = 131_072
LESSON = ["1,2", "2,4", "3,6"]

odd_cells = st.one_of(
    st.tuples(st.just("repeat"), st.sampled_from("19.0-e ,;\t\"'a가\x00"),
              st.integers(CSV_FIELD_LIMIT - 2, CSV_FIELD_LIMIT + 70_000)),
    st.tuples(st.just("repeat"), st.sampled_from("19"), st.integers(300, 5_000)),
    st.tuples(st.just("tiny"), st.just("0"), st.integers(300, 200_000)),
    st.tuples(st.just("quoted"), cells, st.tuples(st.integers(1, 3_000), st.integers(0, 3_000))),
    st.tuples(st.just("nul"), cells, cells),
)

short_odd_cells = st.one_of(  # for thousands of columns: the file stays a few MB
    st.tuples(st.just("quoted"), cells, st.tuples(st.integers(1, 5), st.integers(0, 5))),
    st.tuples(st.just("nul"), cells, cells),
)


def build(recipe) -> str:
    kind, a, b = recipe
    if kind == "repeat":
        return a * b
    if kind == "tiny":
        return "0." + a * b + "1"  # more digits than a float keeps
    if kind == "quoted":
        return '"' * b[0] + a + '"' * b[1]
    return a + "\x00" + b


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), odd_cells), min_size=1,
                max_size=3),
       st.booleans(), st.sampled_from([",", ";", "\t", " "]), st.booleans())
def test_extreme_cells_among_the_lessons_points(placed, header, sep, as_bytes):
    """Very long fields and lines, deep or broken quoting, NUL bytes, anywhere in a file."""
    rows = [line.split(",") for line in LESSON]
    for at, column, recipe in placed:
        row = rows[min(at, len(rows) - 1)]
        row.insert(min(column, len(row)), build(recipe))
    text = "\n".join(sep.join(r) for r in ([["x", "y"]] if header else []) + rows) + "\n"
    check(text.encode("utf-8", errors="surrogatepass") if as_bytes else text)


@settings(max_examples=max(20, EXAMPLES // 20), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.integers(1_000, 6_000), st.integers(2, 4), st.integers(0, 5_999),
       st.sampled_from([",", ";", "\t"]), st.one_of(st.none(), cells, short_odd_cells))
def test_thousands_of_columns(width, n_rows, x_at, sep, filler):
    """Wide files: x and y anywhere among thousands of other columns."""
    x_at = min(x_at, width - 2)
    filler = build(filler) if isinstance(filler, tuple) else filler or "0"
    header = [f"c{i}" for i in range(width)]
    header[x_at], header[x_at + 1] = "x", "y"
    body = []
    for r in range(n_rows):
        row = [filler] * width
        row[x_at], row[x_at + 1] = str(r + 1), str(2 * (r + 1))
        body.append(row)
    text = "\n".join(sep.join(r) for r in [header] + body)
    check(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=max(20, EXAMPLES // 20), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.integers(CSV_FIELD_LIMIT, 3 * CSV_FIELD_LIMIT), st.sampled_from(",;\t "),
       st.integers(0, 3))
def test_one_line_longer_than_the_field_limit(length, sep, where):
    """A line made of many short cells is wide, not a long cell."""
    lines = ["x" + sep + "y"] + [line.replace(",", sep) for line in LESSON]
    lines.insert(1 + where, sep.join(["7"] * (length // 2)))
    check("\n".join(lines).encode())


# ---------------------------------------------------------------- files at the upload limit

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
HEAD = "x,y\n1,2\n2,4\n3,6\n"


def test_the_parsers_limit_is_the_pages_upload_limit():
    upload_mb = tomllib.loads(CONFIG.read_text())["server"]["maxUploadSize"]
    assert MAX_FILE_BYTES == upload_mb * 2**20  # Streamlit counts a MB as 2**20 bytes


def file_of(kind: str, size: int) -> bytes:
    """A file of exactly `size` bytes."""
    if kind == "points":  # clean points, padded with blank lines
        row = "1.000000000000000,2.000000000000000\n"
        raw = ("x,y\n" + row * ((size - 4) // len(row))).encode()
        return raw + b"\n" * (size - len(raw))
    if kind == "one long cell":  # the lesson's points, then one number as long as the rest
        return (HEAD + "1" * (size - len(HEAD) - 3) + ",2\n").encode()
    if kind == "one wide line":  # the lesson's points, then one line of millions of cells
        n = size - len(HEAD) - 1
        return (HEAD + ("77," * (n // 3 + 1))[:n] + "\n").encode()
    if kind == "wide lines":  # a thousand columns, x and y among them
        header = ",".join(["x", "y"] + [f"c{i}" for i in range(998)]) + "\n"
        row = ",".join(["1", "2"] + ["0"] * 998) + "\n"
        raw = (header + row * ((size - len(header)) // len(row))).encode()
        return raw + b"\n" * (size - len(raw))
    raise ValueError(kind)


@pytest.mark.parametrize("kind, outcome", [
    ("points", "data"), ("wide lines", "data"), ("one long cell", "line_too_long"),
    ("one wide line", "line_too_long")])
def test_a_file_at_exactly_the_upload_limit(kind, outcome):
    raw = file_of(kind, MAX_FILE_BYTES)
    assert len(raw) == MAX_FILE_BYTES
    try:
        parsed = parse_csv(raw)
    except InputError as error:
        assert error.code == outcome, str(error)
        return
    assert outcome == "data"
    assert parsed.dataset.n_train > 30_000


def test_a_file_one_byte_over_the_limit_is_refused():
    with pytest.raises(InputError) as caught:
        parse_csv(file_of("points", MAX_FILE_BYTES + 1))
    assert caught.value.code == "file_too_large"


# ---------------------------------------------------------------- the command line

def cli_outcome(tmp_path, capsys, raw: bytes) -> None:
    """`python -m linreg --data FILE` runs (code 0) or says why in one line (code 2)."""
    path = tmp_path / "points.csv"
    path.write_bytes(raw)
    capsys.readouterr()
    code = main(["--data", str(path), "--epochs", "0"])
    out, err = capsys.readouterr()
    if code == 0:  # the lesson's first line, or a first update that diverged, said so
        assert out.startswith(("Epoch    0/0 ", "Diverged at epoch 1:")), out[:200]
        assert all(line.startswith("linreg: note: ") for line in err.splitlines())
    else:
        assert code == 2
        assert out == ""
        assert len(err.splitlines()) == 1 and err.startswith("linreg: error: "), err[:300]


@settings(max_examples=max(50, EXAMPLES // 5), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), odd_cells), max_size=2),
       st.sampled_from([",", ";", "\t", " "]), st.binary(max_size=20))
def test_the_command_line_on_extreme_files(tmp_path, capsys, placed, sep, noise):
    rows = [["x", "y"]] + [line.split(",") for line in LESSON]
    for at, column, recipe in placed:
        row = rows[min(at, len(rows) - 1)]
        row.insert(min(column, len(row)), build(recipe))
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    cli_outcome(tmp_path, capsys, text.encode("utf-8", errors="surrogatepass") + noise)

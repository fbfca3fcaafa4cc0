"""Points people wrote: a CSV file (or any table as text), and the page's table of cells.

A CSV file's unusable rows are skipped and counted in notices; a bad cell of the page's
table is an error naming its row.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .dataset import MAX_ABS_VALUE, MAX_POINTS, TEST, TRAIN, Dataset
from .errors import InputError, Notice

# pandas is imported where files are read or tables built: a default `python -m linreg`
# trains the lesson's data and would spend a third of its start-up importing it
if TYPE_CHECKING:
    import pandas as pd

MAX_FILE_BYTES = 64 * 1024 * 1024
FAST_PARSE_CHARS = 1_000_000  # files above this size try pandas' C reader first
# float64's largest number has 309 digits; a longer x or y cell is not a number written by
# a program but a broken or wrong file, refused whole rather than trained on in part
MAX_NUMBER_CHARS = 1_000
MAX_LINE_CHARS = 1_000_000  # thousands of columns fit; one line of the whole file does not
_CSV_SEPARATORS = ("\t", ";", ",")
_X_NAMES = {"x", "x_train", "xtrain", "input", "inputs", "feature", "입력", "x값"}
_Y_NAMES = {"y", "y_train", "ytrain", "output", "outputs", "target", "label", "출력", "y값"}
_SET_NAMES = {"set", "split", "subset", "part", "role", "세트", "구분"}
_TRAIN_WORDS = {"", TRAIN, "training", "학습", "훈련"}
_TEST_WORDS = {TEST, "testing", "테스트", "평가", "시험"}
_NAN_WORDS = {"nan", "+nan", "-nan"}
_INF_WORDS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


def from_table(xs, ys, sets=None) -> Dataset:
    """A data set from the editor's columns; any bad cell is an error naming its row."""
    xs, ys = list(xs), list(ys)
    sets = list(sets) if sets is not None else [TRAIN] * len(xs)
    if not (len(xs) == len(ys) == len(sets)):
        raise InputError("too_few_points", found=0)
    if len(xs) > MAX_POINTS:
        raise InputError("too_many_points", kept=MAX_POINTS, found=len(xs))
    x = np.empty(len(xs), dtype=np.float64)
    y = np.empty(len(xs), dtype=np.float64)
    is_test = np.zeros(len(xs), dtype=bool)
    for i, (xv, yv, sv) in enumerate(zip(xs, ys, sets)):
        row = i + 1
        x[i] = _cell(xv, row, "x")
        y[i] = _cell(yv, row, "y")
        word = "" if sv is None or (isinstance(sv, float) and math.isnan(sv)) else str(sv)
        word = word.strip().lower()
        if word in _TEST_WORDS:
            is_test[i] = True
        elif word not in _TRAIN_WORDS:
            raise InputError("cell_bad_set", row=row, value=str(sv)[:40])
    return Dataset(x, y, is_test)


def _cell(value, row: int, column: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError("cell_empty", row=row, column=column)
    if isinstance(value, bool):
        raise InputError("cell_not_number", row=row, column=column, value=str(value))
    try:
        number = float(value.replace(",", ".") if isinstance(value, str) else value)
    except OverflowError:  # an int beyond any float, as a setup file's JSON can hold
        raise InputError("cell_not_finite", row=row, column=column) from None
    except (TypeError, ValueError):
        raise InputError("cell_not_number", row=row, column=column, value=str(value)[:40]) from None
    if math.isnan(number):
        if isinstance(value, str):
            raise InputError("cell_not_finite", row=row, column=column)
        raise InputError("cell_empty", row=row, column=column)  # the editor's empty cell
    if not math.isfinite(number):
        raise InputError("cell_not_finite", row=row, column=column)
    if abs(number) > MAX_ABS_VALUE:
        raise InputError("cell_out_of_range", row=row, column=column, value=number,
                         limit=MAX_ABS_VALUE)
    return number


@dataclass(frozen=True)
class Parsed:
    dataset: Dataset
    notices: tuple[Notice, ...]


def parse_csv(raw: bytes | str) -> Parsed:
    """Clean points from CSV text; unusable rows are skipped and counted in notices.

    Raises InputError when the file cannot give at least two training points.
    """
    import pandas as pd

    notices: list[Notice] = []
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = bytes(raw)
        if len(raw) > MAX_FILE_BYTES:
            raise InputError("file_too_large", size_mb=len(raw) / 2**20,
                             limit_mb=MAX_FILE_BYTES / 2**20)
        text = _decode(raw, notices)
    else:
        text = str(raw)
        if len(text) > MAX_FILE_BYTES:
            raise InputError("file_too_large", size_mb=len(text) / 2**20,
                             limit_mb=MAX_FILE_BYTES / 2**20)
        if not text.isascii():  # no file holds a lone surrogate; pandas' strings refuse them
            text = text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError("not_text")
    if len(text) > FAST_PARSE_CHARS:
        fast = _parse_clean(text, notices)
        if fast is not None:
            return fast
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("empty_file")
    if len(text) > MAX_LINE_CHARS:
        _refuse_long_lines(lines, text)
    sep = _separator(lines[:50])
    rows = _rows(lines, sep, text)
    head = list(itertools.islice(rows, 51))  # the header and a sample of rows after it
    first = head[0]
    header = [_clean_name(c) for c in first]
    has_header = not (len(first) >= 2 and _is_number(first[0]) and _is_number(first[1]))
    if has_header:
        head = head[1:]
        ix, iy, iset = _find_columns(header)
        if ix is None or iy is None:
            width = max((len(r) for r in head[:50]), default=len(header))
            if len(header) == 2 and width == 2:
                ix, iy = 0, 1
            else:
                raise InputError("no_xy_columns",
                                 found=", ".join(h for h in header if h)[:120] or "—")
    else:
        ix, iy, iset = 0, 1, None
        if len(first) >= 3 and first[2].strip().lower() in _TRAIN_WORDS | _TEST_WORDS:
            iset = 2
    # only the cells used are kept: a wide file never holds all its cells at once
    xs: list[str] = []
    ys: list[str] = []
    set_cells: list[str] = []
    for r in itertools.chain(head, rows):
        n = len(r)
        xs.append(r[ix] if n > ix else "")
        ys.append(r[iy] if n > iy else "")
        if iset is not None:
            set_cells.append(r[iset] if n > iset else "")
    total = len(xs)
    if total == 0:
        raise InputError("too_few_points", found=0)
    x_text = pd.Series(xs, dtype=object)
    y_text = pd.Series(ys, dtype=object)
    del xs, ys
    for column, cells in (("x", x_text), ("y", y_text)):
        lengths = cells.str.len().to_numpy()
        if lengths.max() > MAX_NUMBER_CHARS:
            k = int(np.argmax(lengths > MAX_NUMBER_CHARS))
            line = _row_line(lines, sep, k + (1 if has_header else 0))
            raise InputError("cell_too_long", line=_file_line(text, line), column=column,
                             length=int(lengths[k]), limit=MAX_NUMBER_CHARS)
    decimal_comma = _uses_decimal_comma(x_text, y_text)
    if decimal_comma:
        notices.append(Notice("decimal_comma"))
    x, x_bad = _numbers(x_text, decimal_comma)
    y, y_bad = _numbers(y_text, decimal_comma)

    bad_text = x_bad["text"] | y_bad["text"]
    bad_nonfinite = ~bad_text & (x_bad["nonfinite"] | y_bad["nonfinite"])
    with np.errstate(invalid="ignore"):
        beyond = (np.abs(x) > MAX_ABS_VALUE) | (np.abs(y) > MAX_ABS_VALUE)
    bad_range = ~bad_text & ~bad_nonfinite & beyond
    for code, mask in (("skipped_text", bad_text), ("skipped_nonfinite", bad_nonfinite),
                       ("skipped_range", bad_range)):
        count = int(mask.sum())
        if count:
            notices.append(Notice(code, count=count, total=total, limit=MAX_ABS_VALUE))
    keep = ~(bad_text | bad_nonfinite | bad_range)

    is_test = np.zeros(total, dtype=bool)
    if iset is not None:
        words = pd.Series(set_cells, dtype=object)
        words = words.astype(str).str.strip().str.strip("\"'").str.strip().str.lower()
        is_test = words.isin(_TEST_WORDS).to_numpy()
        unknown = int((~words.isin(_TRAIN_WORDS | _TEST_WORDS)).to_numpy()[keep].sum())
        if unknown:
            notices.append(Notice("unknown_set", count=unknown))

    x, y, is_test = x[keep], y[keep], is_test[keep]
    if x.size > MAX_POINTS:
        notices.append(Notice("too_many_points", kept=MAX_POINTS, found=int(x.size)))
        x, y, is_test = x[:MAX_POINTS], y[:MAX_POINTS], is_test[:MAX_POINTS]
    if int((~is_test).sum()) < 2:
        if x.size >= 2:
            raise InputError("no_train_points")
        raise InputError("too_few_points", found=int(x.size))
    return Parsed(Dataset(x, y, is_test), tuple(notices))


def _parse_clean(text: str, notices: list[Notice]) -> Parsed | None:
    """A big, clean file read by pandas' C reader: a million rows in well under a second.

    Only for files where nothing needs to be skipped or reinterpreted; anything unusual
    (a bad cell, NaN, a decimal comma, an unknown set, a value out of range) returns None
    and the careful row-by-row reading above takes over, with its counts and messages.
    """
    import pandas as pd

    sample = [line for line in text[:65536].splitlines()[:-1] if line.strip()][:50]
    if len(sample) < 2 or _may_have_long_lines(text):
        return None  # the C reader takes a 200,000-digit 0.000...1 for 0.0
    sep = next((c for c in _CSV_SEPARATORS if all(line.count(c) >= 1 for line in sample)),
               None)
    if sep is None:
        return None
    rows = list(csv.reader(sample, delimiter=sep))
    if not rows or len(rows[0]) < 2:
        return None
    header = [_clean_name(c) for c in rows[0]]
    has_header = not (_is_number(rows[0][0]) and _is_number(rows[0][1]))
    if has_header:
        ix, iy, iset = _find_columns(header)
        if ix is None or iy is None:
            return None
    else:
        ix, iy, iset = 0, 1, None
        if len(rows[0]) >= 3 and rows[0][2].strip().lower() in _TRAIN_WORDS | _TEST_WORDS:
            iset = 2
    body = rows[1:] if has_header else rows
    column = pd.Series([r[ix] for r in body if len(r) > ix] + [r[iy] for r in body
                                                                if len(r) > iy], dtype=object)
    if _uses_decimal_comma(column):
        return None
    columns = [ix, iy] + ([iset] if iset is not None else [])
    # x and y as floats: a cell that is not a number stops the C reader (no guessing of
    # types, no DtypeWarning on stderr), and the careful reading counts it
    dtype = {ix: np.float64, iy: np.float64} | ({iset: object} if iset is not None else {})
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None,
                            skiprows=1 if has_header else 0, usecols=columns, engine="c",
                            dtype=dtype, skipinitialspace=True, keep_default_na=False,
                            na_filter=False)
    except Exception:  # noqa: BLE001 - a shortcut only: whatever stops it, the careful reading decides
        return None
    x = frame[ix].to_numpy(dtype=np.float64)
    y = frame[iy].to_numpy(dtype=np.float64)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return None
    if x.size and max(np.abs(x).max(), np.abs(y).max()) > MAX_ABS_VALUE:
        return None
    is_test = np.zeros(x.size, dtype=bool)
    if iset is not None:
        words = frame[iset].astype(str).str.strip().str.strip("\"'").str.strip()
        words = words.str.lower()
        if not words.isin(_TRAIN_WORDS | _TEST_WORDS).all():
            return None
        is_test = words.isin(_TEST_WORDS).to_numpy()
    if x.size > MAX_POINTS or int((~is_test).sum()) < 2:
        return None
    return Parsed(Dataset(x, y, is_test), tuple(notices))


def _decode(raw: bytes, notices: list[Notice]) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notices.append(Notice("encoding", encoding="UTF-16"))
        return raw.decode("utf-16", errors="replace")
    if b"\x00" in raw[:4096]:
        raise InputError("not_text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp949")  # what Korean Excel writes
        notices.append(Notice("encoding", encoding="CP949"))
        return text
    except UnicodeDecodeError:
        notices.append(Notice("encoding", encoding="Latin-1"))
        return raw.decode("latin-1")


def _may_have_long_lines(text: str) -> bool:
    """True when a line may be longer than MAX_NUMBER_CHARS (those of half that may count).

    Vectorised, for big files: a line that long covers a whole block of half its length
    with no line end in it.
    """
    raw = np.frombuffer(text.encode("utf-8", errors="surrogatepass"), dtype=np.uint8)
    block = MAX_NUMBER_CHARS // 2
    full = raw.size // block * block
    ends = (raw[:full] == 10) | (raw[:full] == 13)
    return not ends.reshape(-1, block).any(axis=1).all()


def _separator(sample: list[str]) -> str | None:
    """The CSV separator most lines use; None: cells apart by whitespace, or one column."""
    for sep in _CSV_SEPARATORS:
        if sum(1 for line in sample if sep in line) >= max(1, len(sample) // 2):
            return sep
    return None


def _rows(lines: list[str], sep: str | None, text: str) -> Iterator[list[str]]:
    """The cells of each row; a row csv cannot read is an error naming its line."""
    if sep is None:
        sample = lines[:50]
        if sum(1 for line in sample if len(line.split()) >= 2) >= max(1, len(sample) // 2):
            yield from (line.split() for line in lines)
        else:
            yield from ([line] for line in lines)
        return
    count = 0
    try:
        for row in csv.reader(lines, delimiter=sep):
            yield row if row else [""]
            count += 1
    except csv.Error as error:
        line = _file_line(text, _row_line(lines, sep, count))
        if "field limit" in str(error):
            raise InputError("field_too_long", line=line, limit=csv.field_size_limit()) from None
        raise InputError("line_unreadable", line=line) from None


def _refuse_long_lines(lines: list[str], text: str) -> None:
    """A line of millions of cells would be millions of strings at once: refused."""
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    if lengths.max() > MAX_LINE_CHARS:
        k = int(np.argmax(lengths > MAX_LINE_CHARS))
        raise InputError("line_too_long", line=_file_line(text, k + 1),
                         length=int(lengths[k]), limit=MAX_LINE_CHARS)


def _row_line(lines: list[str], sep: str | None, row: int) -> int:
    """Where row `row` (from 0) starts, counted in `lines` from 1: a quoted cell may hold
    line breaks, so the CSV reader counts."""
    if sep is None:
        return row + 1
    reader = csv.reader(lines, delimiter=sep)
    for _ in itertools.islice(reader, row):
        pass
    return reader.line_num + 1


def _file_line(text: str, k: int) -> int:
    """The file's line number of the k-th non-blank line (blank lines are dropped)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            seen += 1
            if seen == k:
                return number
    return k


def _clean_name(cell: str) -> str:
    return cell.strip().strip("\"'").strip().lstrip("\ufeff").lower()


def _find_columns(header: list[str]):
    def first(names):
        return next((i for i, h in enumerate(header) if h in names), None)

    return first(_X_NAMES), first(_Y_NAMES), first(_SET_NAMES)


def _is_number(cell: str) -> bool:
    text = cell.strip().strip("\"'").strip()
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _uses_decimal_comma(*columns: pd.Series) -> bool:
    import pandas as pd

    sample = pd.concat([c.head(200) for c in columns]).astype(str).str.strip().str.strip("\"'")
    has_comma = sample.str.match(_DECIMAL_COMMA).sum()
    has_point = sample.str.contains(".", regex=False).sum()
    return bool(has_comma) and has_comma >= has_point


def _numbers(cells: pd.Series, decimal_comma: bool):
    import pandas as pd

    text = cells.astype(str).str.strip().str.strip("\"'").str.strip()
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    lowered = text.str.lower()
    nan_words = lowered.isin(_NAN_WORDS).to_numpy()
    inf_words = lowered.isin(_INF_WORDS).to_numpy()
    is_nan = np.isnan(values)
    masks = {
        "text": is_nan & ~nan_words,
        "nonfinite": (is_nan & nan_words) | (np.isinf(values) & inf_words),
    }
    return values, masks

import codecs

import numpy as np
import pytest

from linreg import Generator, InputError, from_table, parse_csv, points, preset
from linreg.dataset import MAX_ABS_VALUE
from linreg.presets import PRESETS


def xy(parsed):
    d = parsed.dataset
    return d.x.tolist(), d.y.tolist()


def codes(parsed):
    return [n.code for n in parsed.notices]


def test_a_plain_csv():
    parsed = parse_csv(b"x,y\n1,2\n2,4\n3,6\n")
    assert xy(parsed) == ([1, 2, 3], [2, 4, 6]) and parsed.notices == ()


@pytest.mark.parametrize("raw", [
    codecs.BOM_UTF8 + b"x,y\r\n1,2\r\n2,4\r\n3,6\r\n",           # BOM and CRLF
    b"X;Y\n1;2\n2;4\n3;6\n",                                       # semicolons, upper case
    b"x\ty\n1\t2\n2\t4\n3\t6\n",                                   # tabs
    b' x , y \n"1","2"\n"2","4"\n"3","6"\n',                     # spaces in names, quotes
    b"id,y,note,x\n1,2,a,1\n2,4,b,2\n3,6,c,3\n",                   # extra columns, any order
    b"1,2\n2,4\n3,6\n",                                            # no header
    b"1 2\n2 4\n3 6\n",                                            # whitespace
    "x,y\n1,2\n2,4\n3,6\n".encode("utf-16"),                       # UTF-16 with BOM
    b"\n\nx,y\n\n1,2\n2,4\n\n3,6\n\n",                             # blank lines
])
def test_the_shapes_a_csv_comes_in(raw):
    assert xy(parse_csv(raw)) == ([1, 2, 3], [2, 4, 6])


def test_decimal_commas():
    parsed = parse_csv(b"x;y\n1,5;2,25\n2,5;4\n3;6,75\n")
    assert xy(parsed) == ([1.5, 2.5, 3], [2.25, 4, 6.75])
    assert "decimal_comma" in codes(parsed)


def test_bad_rows_are_dropped_and_counted():
    raw = b"x,y\n1,2\nabc,4\n,5\n3,nan\n4,inf\n5,1e300\n6,12\n7,14\n"
    parsed = parse_csv(raw)
    assert xy(parsed) == ([1, 6, 7], [2, 12, 14])
    notices = {n.code: n.params["count"] for n in parsed.notices}
    assert notices == {"skipped_text": 2, "skipped_nonfinite": 2, "skipped_range": 1}
    assert all(n.params["total"] == 8 for n in parsed.notices)


def test_a_set_column_splits_train_and_test():
    parsed = parse_csv(b"x,y,set\n1,2,train\n2,4,TEST\n3,6,\n4,8,other\n")
    assert parsed.dataset.is_test.tolist() == [False, True, False, False]
    assert codes(parsed) == ["unknown_set"]


def test_korean_headers_and_cp949():
    raw = "입력,출력,세트\n1,2,학습\n2,4,테스트\n3,6,학습\n".encode("cp949")
    parsed = parse_csv(raw)
    assert xy(parsed) == ([1, 2, 3], [2, 4, 6])
    assert parsed.dataset.is_test.tolist() == [False, True, False]


@pytest.mark.parametrize("raw, code", [
    (b"", "empty_file"),
    (b"x,y\n", "too_few_points"),
    (b"x,y\n1,2\n", "too_few_points"),
    (b"x,y\nfoo,bar\nbaz,qux\n", "too_few_points"),
    (b"a,b,c\n1,2,3\n4,5,6\n", "no_xy_columns"),
    (b"\x00\x01\x02\xff\xfe garbage \x00", "not_text"),
    (b"x,y,set\n1,2,test\n2,3,test\n", "no_train_points"),
])
def test_files_that_cannot_give_two_points_are_one_clear_error(raw, code):
    with pytest.raises(InputError) as caught:
        parse_csv(raw)
    assert caught.value.code == code
    assert str(caught.value)  # a message for people


def test_two_named_columns_are_read_as_x_and_y():
    assert xy(parse_csv(b"hours,score\n1,2\n2,4\n")) == ([1, 2], [2, 4])


def test_a_file_over_the_limit_is_refused_before_parsing(monkeypatch):
    import linreg.parsing as parsing

    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError) as caught:
        parse_csv(b"x,y\n" + b"1,2\n" * 100)
    assert caught.value.code == "file_too_large"


def test_csv_written_by_a_dataset_reads_back_the_same():
    data = Generator(n=50, noise=3, seed=5).make()
    assert parse_csv(data.to_csv().encode()).dataset == data


def test_table_cells_name_their_row():
    assert from_table([1, 2, "3"], [2, 4, 6], ["train", "test", ""]).n_test == 1
    for xs, ys, code, row in [
        ([1, None, 3], [2, 4, 6], "cell_empty", 2),
        ([1, 2, float("nan")], [2, 4, 6], "cell_empty", 3),
        ([1, 2, 3], [2, "four", 6], "cell_not_number", 2),
        ([1, 2, 3], [2, 4, "inf"], "cell_not_finite", 3),
        ([1, 2, 3e9], [2, 4, 6], "cell_out_of_range", 3),
    ]:
        with pytest.raises(InputError) as caught:
            from_table(xs, ys)
        assert (caught.value.code, caught.value.params["row"]) == (code, row)
    with pytest.raises(InputError) as caught:
        from_table([1, 2], [1, 2], ["train", "validation"])
    assert caught.value.code == "cell_bad_set"
    with pytest.raises(InputError) as caught:
        from_table([1], [2])
    assert caught.value.code == "too_few_points"


def test_presets_are_valid_and_the_lesson_comes_first():
    assert list(PRESETS)[0] == "lesson"
    lesson = preset("lesson")
    assert lesson.x_train.flatten().tolist() == [1, 2, 3]
    assert lesson.y_train.flatten().tolist() == [2, 4, 6]
    assert lesson.x_train.shape == (3, 1) and lesson.x_train.dtype.is_floating_point
    first = preset("lesson_first")
    assert first.y_train.flatten().tolist() == [4, 5, 6]
    for name in PRESETS:
        d = preset(name)
        assert d.n_train >= 2 and np.all(np.abs(d.x) <= MAX_ABS_VALUE)
    assert preset("unscaled").x.mean() == pytest.approx(1000, abs=10)


def test_the_generator_is_reproducible_and_checked():
    a = Generator(n=100, seed=9).make()
    assert a == Generator(n=100, seed=9).make()
    assert a != Generator(n=100, seed=10).make()
    assert a.n_test == 20
    with pytest.raises(InputError):
        Generator(n=1).make()
    with pytest.raises(InputError):
        Generator(noise=float("nan")).make()


def test_points_are_read_only():
    d = points([1, 2], [3, 4])
    with pytest.raises(ValueError):
        d.x[0] = 5


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("header", ["x{s}y{s}set", " X {s} Y {s} Set", None])
def test_big_clean_files_read_the_same_as_the_careful_way(sep, header):
    from linreg import parsing

    points = Generator(n=60_000, seed=4, test_fraction=0.2).make()
    lines = [f"{x!r}{sep}{y!r}{sep}{'test' if t else 'train'}"
             for x, y, t in zip(points.x.tolist(), points.y.tolist(), points.is_test.tolist())]
    text = "\n".join(([header.format(s=sep)] if header else []) + lines) + "\n"
    assert len(text) > parsing.FAST_PARSE_CHARS
    fast = parse_csv(text)
    original = parsing.FAST_PARSE_CHARS
    parsing.FAST_PARSE_CHARS = 10**12  # the careful way only
    try:
        careful = parse_csv(text)
    finally:
        parsing.FAST_PARSE_CHARS = original
    assert fast.dataset == careful.dataset == points
    assert fast.notices == careful.notices == ()


def test_a_big_file_with_a_bad_row_is_read_the_careful_way():
    rows = [f"{i},{2 * i}" for i in range(120_000)]
    rows[500] = "5,oops"
    parsed = parse_csv("x,y\n" + "\n".join(rows))
    assert parsed.dataset.size == 119_999
    assert [n.code for n in parsed.notices] == ["skipped_text"]


LESSON_ROWS = "1,2\n2,4\n3,6\n"


@pytest.mark.parametrize("raw, line", [
    ("1" * 200_000 + ",2\n" + LESSON_ROWS, 1),                # beyond csv's field limit
    ("x,y\n\n" + "1" * 200_000 + ",2\n" + LESSON_ROWS, 3),    # line counted with the blank
    ("x;y\n1;2\n" + "9" * 5_000 + ";4\n3;6\n", 3),             # below the limit, still no number
    ("x\ty\n1\t2\n2\t" + "0." + "0" * 2_000 + "1\n3\t6\n", 3),  # digits a float would drop
    ("1 2\n" + "1" * 200_000 + " 4\n3 6\n", 2),                # whitespace-separated
    ('x,y,note\n1,2,"' + "a" * 200_000 + '"\n2,4,b\n3,6,c\n', 2),  # a long cell in any column
])
def test_a_cell_too_long_to_be_a_number_is_an_error_naming_its_line(raw, line):
    with pytest.raises(InputError) as caught:
        parse_csv(raw.encode())
    assert caught.value.code in ("cell_too_long", "field_too_long")
    assert caught.value.params["line"] == line
    assert f"Line {line}" in str(caught.value)


def test_a_big_file_with_one_long_cell_is_refused_like_a_small_one():
    from linreg import parsing

    rows = [f"{i},{2 * i}" for i in range(120_000)]
    rows[700] = "0." + "0" * 5_000 + "1,5"  # pandas' C reader takes it for 0.0
    text = "x,y\n" + "\n".join(rows) + "\n"
    assert len(text) > parsing.FAST_PARSE_CHARS
    with pytest.raises(InputError) as caught:
        parse_csv(text)
    assert (caught.value.code, caught.value.params["line"]) == ("cell_too_long", 702)


def test_a_number_written_with_too_many_digits_for_a_float_is_skipped_as_beyond_range():
    parsed = parse_csv(b"x,y\n" + b"9" * 400 + b",2\n" + LESSON_ROWS.encode())
    assert xy(parsed) == ([1, 2, 3], [2, 4, 6])
    assert codes(parsed) == ["skipped_range"]


def test_big_files_with_unusual_cells_never_raise_anything_but_input_error():
    # pandas' C reader meets each of these in a file big enough for it; any trouble it has
    # must leave the careful reading to decide
    body = "".join(f"{i},{2 * i}\n" for i in range(100_000))
    for odd in ("9" * 5_000 + ",1\n", "\ud800,1\n", '"' * 999 + ",1\n", "1,2,3,4,5\n",
                "1e400,1\n"):
        text = "x,y\n" + body + odd
        try:
            parsed = parse_csv(text)
        except InputError:
            continue
        assert parsed.dataset.size >= 100_000

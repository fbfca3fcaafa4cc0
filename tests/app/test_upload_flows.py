"""Uploads through the page's file uploader: a bad file leaves the last good data and a
working session."""

from __future__ import annotations

from lesson_log import lessons_loop

GOOD = b"x,y\n1.5,3\n2.5,5\n3.5,7\n"
LONG = ("1" * 200_000 + ",2\n1,2\n2,4\n3,6\n").encode()  # csv's field limit is 131,072


def upload(page, name: str, raw: bytes):
    page.at.file_uploader(key="upload").set_value((name, raw, "text/csv"))
    return page.run()


def test_a_200000_digit_number_is_an_error_and_the_last_good_data_stays(page):
    upload(page, "good.csv", GOOD)
    assert page.player["points"]["x"] == [1.5, 2.5, 3.5]
    upload(page, "long.csv", LONG)
    assert not page.at.exception, page.at.exception
    assert any("Line 1" in e and "long" in e for e in page.errors()), page.errors()
    assert page.lab.data.x.tolist() == [1.5, 2.5, 3.5]
    assert page.player["points"]["x"] == [1.5, 2.5, 3.5]
    page.act("step")
    assert not page.at.exception, page.at.exception
    assert page.shown["epoch"] == 1
    # one step of the lesson's SGD on the kept points, as torch takes it
    assert page.readouts() == lessons_loop([1.5, 2.5, 3.5], [3, 5, 7], epochs=1)[1]


def test_the_error_is_in_korean_on_a_korean_page(page):
    page.at.radio(key="lang").set_value("ko").run()
    upload(page, "long.csv", LONG)
    assert not page.at.exception, page.at.exception
    assert any("1번째 줄" in e for e in page.errors()), page.errors()

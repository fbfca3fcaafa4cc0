"""Every language says everything English says, with the same values filled in."""

import string

import pytest

from linreg import texts
from linreg.errors import InputError, Notice
from linreg.texts import en

TABLES = ("WORDS", "MESSAGES", "SCRIPT")
OTHERS = [lang for lang in texts.LANGUAGES if lang != "en"]


def fields(template: str) -> set[str]:
    """The names a template fills in ({epoch}, {cost:.3g} -> epoch, cost)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_each_language_has_a_file_and_english_is_one_of_them():
    assert "en" in texts.LANGUAGES and OTHERS
    for lang in texts.LANGUAGES:
        assert texts.texts(lang) is texts._FILES[lang].WORDS


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", OTHERS)
def test_every_key_in_every_language(lang, table):
    english, other = getattr(en, table), getattr(texts._FILES[lang], table)
    assert set(other) == set(english), set(other) ^ set(english)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", OTHERS)
def test_the_same_fields_in_every_language(lang, table):
    english, other = getattr(en, table), getattr(texts._FILES[lang], table)
    differ = {key: (fields(english[key]), fields(other[key]))
              for key in english.keys() & other.keys()
              if fields(english[key]) != fields(other[key])}
    assert not differ


def test_a_message_in_korean_and_in_english():
    params = {"count": 1, "total": 4}
    assert texts.message("ko", "skipped_text", params).startswith("4행 중 1행")
    assert str(Notice("skipped_text", **params)) == texts.message("en", "skipped_text", params)
    assert str(InputError("file_too_large", size_mb=3.0, limit_mb=1.0)) == (
        "The file is 3.0 MB; the limit is 1 MB.")


def test_a_message_that_cannot_be_filled_falls_back_to_english_then_to_its_code():
    assert texts.message("xx", "empty_file", {}) == en.MESSAGES["empty_file"]
    assert texts.message("ko", "cell_empty", {}) == en.MESSAGES["cell_empty"]  # values missing
    assert texts.message("ko", "no_such_code", {}) == "no_such_code"

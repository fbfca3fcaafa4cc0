"""Every word linreg shows people, one file per language under the same keys.

A language's file holds the page's words (WORDS), the messages of InputError and Notice
(MESSAGES) and the downloaded script's comments (SCRIPT). The core keeps a message as a code
and its values; the words are chosen only when a person reads it, in their language.
A new language is one more file here and one more line in LANGUAGES.
"""

from __future__ import annotations

from . import en, ko

LANGUAGES = {"en": "English", "ko": "한국어"}  # code: the language's own name
_FILES = {"en": en, "ko": ko}
MESSAGES = {lang: f.MESSAGES for lang, f in _FILES.items()}


def texts(lang: str) -> dict:
    """The page's words in `lang` (English for a language linreg does not speak)."""
    return _FILES.get(lang, en).WORDS


def script_words(lang: str) -> dict:
    """The downloaded script's comments and messages in `lang`."""
    return _FILES.get(lang, en).SCRIPT


def message(lang: str, code: str, params: dict) -> str:
    """An InputError's or Notice's text in `lang`; English when the language lacks the code
    or its template does not fit the values, the code itself when English lacks it too."""
    template = MESSAGES.get(lang, en.MESSAGES).get(code) or en.MESSAGES.get(code, code)
    try:
        return template.format(**params)
    except (KeyError, ValueError, IndexError):
        return en.MESSAGES.get(code, code)

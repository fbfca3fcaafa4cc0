"""Messages for people: one error type and one notice type, each a code plus values.

The code lets the page say the same thing in Korean (linreg/texts/); `str()` gives the
English text for the command line and logs.
"""

from __future__ import annotations

from .texts import message


class InputError(ValueError):
    """Input that cannot be used, with a message for people."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(message("en", code, params))


class Notice:
    """Something the user should know about input that was still accepted."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return message("en", self.code, self.params)

    def __repr__(self) -> str:
        return f"Notice({self.code!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Notice) and (self.code, self.params) == (other.code, other.params)

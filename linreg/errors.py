"""Messages for people: one error type and one notice type, each a code plus values.

The code lets the page say the same thing in Korean; `str()` gives the English text
for the command line and logs.
"""

from __future__ import annotations

ENGLISH = {
    # data
    "too_few_points": "At least two training points are needed; {found} usable found.",
    "no_xy_columns": "No x and y columns were found. Name two columns x and y (found: {found}).",
    "not_text": "The file is not a text CSV (it looks like binary data).",
    "file_too_large": "The file is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
    "empty_file": "The file is empty.",
    "too_many_points": "Only the first {kept:,} of {found:,} points were kept (the limit).",
    "skipped_text": "{count:,} of {total:,} rows were skipped: an x or y cell is empty or not a number.",
    "skipped_nonfinite": "{count:,} of {total:,} rows were skipped: an x or y cell is NaN or infinite.",
    "skipped_range": "{count:,} of {total:,} rows were skipped: a value is beyond ±{limit:g}.",
    "unknown_set": "{count:,} rows had a set other than train or test and were put in train.",
    "decimal_comma": "Decimal commas were read as decimal points.",
    "encoding": "The file was read as {encoding}.",
    "cell_too_long": "Line {line}: the {column} cell is {length:,} characters long; a number has at most {limit:,}.",
    "field_too_long": "Line {line}: a cell is longer than {limit:,} characters; a file of points has no such cell.",
    "line_unreadable": "Line {line} cannot be read as CSV.",
    "line_too_long": "Line {line} is {length:,} characters long; at most {limit:,} are read.",
    "cell_empty": "Row {row}: the {column} cell is empty.",
    "cell_not_number": "Row {row}: {column} = {value!r} is not a number.",
    "cell_not_finite": "Row {row}: {column} is not a finite number.",
    "cell_out_of_range": "Row {row}: {column} = {value:g} is beyond ±{limit:g}.",
    "cell_bad_set": "Row {row}: set must be train or test, not {value!r}.",
    "data_not_finite": "Every x and y must be a finite number.",
    "data_out_of_range": "Every x and y must lie within ±{limit:g}.",
    "no_train_points": "Every point is in the test set; at least two must be in train.",
    # links and setup files
    "link_too_long": "The link's {name} parameter is too long and was ignored.",
    "link_bad": "The link's {name} was ignored: {why}",
    "link_points_mismatch": "The link has {nx} x values but {ny} y values.",
    "link_unknown": "The link's unknown parameters were ignored: {names}.",
    "setup_not_json": "This is not a linreg setup file (JSON).",
    # edits made by hand on the plots
    "edit_malformed": "An edit from the page was refused: it is not a valid edit.",
    "edit_too_many": "Points are edited on the plot for up to {limit} points; "
                     "use the table or a CSV for more.",
    "edit_locked": "The link locks {name}; the edit was not applied.",
    "undo_empty": "There is nothing to undo.",
    # predictions
    "answer_bad": "A prediction from the page was refused: its {name} is not valid.",
    # the live class
    "class_code_bad": "A class code has 6 letters and digits, as the teacher's screen shows it.",
    "class_gone": "There is no class with this code (it may have ended).",
    "class_not_teacher": "Only the teacher of this class can do that.",
    "class_not_student": "This page has not joined the class; join again with its code.",
    "class_no_question": "There is no open question to answer.",
    "class_slow_down": "Too many messages at once; wait a moment and try again.",
    "class_full": "This class is full ({limit} students).",
    "class_bad": "A class message was refused: its {name} is not valid.",
    "nickname_bad": "A nickname has at most {limit} letters, digits, spaces, dots, dashes or "
                    "underscores.",
    "run_bad": "A run sent to the class was refused: its {name} is not valid.",
    "class_store": "The class store cannot be reached; the page goes on alone.",
    # settings
    "setting_not_number": "{name} must be a number, not {value!r}.",
    "setting_out_of_range": "{name} must be between {low:g} and {high:g}; got {value:g}.",
    "setting_bad_choice": "{name} must be one of {choices}; got {value!r}.",
    "generator_bad": "The generator needs {name} between {low:g} and {high:g}.",
}


def render(code: str, params: dict, table: dict | None = None) -> str:
    """The text of a message, from `table` (a language) or English."""
    template = (table or ENGLISH).get(code) or ENGLISH.get(code, code)
    try:
        return template.format(**params)
    except (KeyError, ValueError, IndexError):
        return ENGLISH.get(code, code)


class InputError(ValueError):
    """Input that cannot be used, with a message for people."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(render(code, params))


class Notice:
    """Something the user should know about input that was still accepted."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return render(self.code, self.params)

    def __repr__(self) -> str:
        return f"Notice({self.code!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Notice) and (self.code, self.params) == (other.code, other.params)

"""A class paced through a lesson: the rules of where each student is, and the grid of
students by screens that the board shows.

A class started with a lesson (linreg/lesson.py, checked as any lesson file is) keeps the
lesson and its pacing in the class's document: the screen the teacher is on, whether the
students follow the teacher ("Follow me"), and the last screen they may go ahead to. A
student's own screen and what they did on each screen is one record per student, kept among
the answers under PROGRESS (a student writes only their own; the board reads all of them
at once). Each cell of the grid is one of STATES; a cell never goes down.
"""

from __future__ import annotations

from .. import lesson as lessons
from ..errors import InputError
from ..questions import Answer, agrees

PROGRESS = "lesson"  # the progress records' name among the answers (questions are q1, q2..)
NOT_YET, ANSWERED, RIGHT, SOLVED = "not_yet", "answered", "right", "solved"
STATES = (NOT_YET, ANSWERED, RIGHT, SOLVED)


def clean_lesson(doc) -> dict:
    """A lesson for a class, from plain data or a Lesson; InputError for anything that is
    not one (linreg.lesson's checks)."""
    lesson = doc if isinstance(doc, lessons.Lesson) else lessons.from_dict(doc)
    return lesson.to_dict()


def screen_of(doc: dict, index: int) -> lessons.Screen:
    """Screen `index` of the class's lesson (read again from the class's own, checked,
    data)."""
    return lessons.from_dict(doc["lesson"]).screens[index]


def new_pacing() -> dict:
    return {"screen": 0, "follow": True, "ahead": 0}


def screens(doc: dict) -> int:
    return len(doc["lesson"]["screens"]) if doc.get("lesson") else 0


def clean_index(doc: dict, index) -> int:
    """A screen's index in the class's lesson; InputError for anything else."""
    if not doc.get("lesson"):
        raise InputError("class_bad", name="lesson")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < screens(doc):
        raise InputError("class_bad", name="screen")
    return index


def student_screen(pacing: dict, own: int | None) -> int:
    """Where a student is: the teacher's screen while they follow; else their own, within
    the screens they may go to (from the teacher's screen when they have none yet)."""
    if pacing["follow"]:
        return pacing["screen"]
    return min(max(0, pacing["screen"] if own is None else own), pacing["ahead"])


def may_go(pacing: dict, index: int) -> bool:
    """Whether a student may go to screen `index` on their own."""
    return not pacing["follow"] and 0 <= index <= pacing["ahead"]


def better(old: str, new: str) -> str:
    return new if STATES.index(new) > STATES.index(old) else old


def recorded(progress: dict | None, index: int, state: str, question: dict | None = None,
             answer: dict | None = None) -> dict:
    """A student's progress record with `state` on screen `index` (and the answer to the
    class's question there, judged when it is revealed)."""
    progress = dict(progress or {"at": None, "cells": {}})
    cells = dict(progress.get("cells") or {})
    cell = dict(cells.get(str(index)) or {"state": NOT_YET})
    cell["state"] = better(cell["state"], state)
    if question is not None and answer is not None:
        cell["question"], cell["answer"] = question["id"], answer
    cells[str(index)] = cell
    return {**progress, "cells": cells}


def cell_state(cell: dict | None, truths: dict) -> str:
    """A cell as the grid shows it: an answer to a class's question is right once its
    truth is revealed and the answer agrees with it (linreg.questions.agrees)."""
    if not cell:
        return NOT_YET
    state = cell.get("state", NOT_YET)
    truth = truths.get(cell.get("question") or "")
    answer = cell.get("answer")
    if truth is not None and answer and answer.get("kind") != "mission":
        try:
            if agrees(Answer.from_dict(answer), truth):
                state = better(state, RIGHT)
        except (InputError, KeyError, TypeError):
            pass  # a truth without the numbers the kind needs: the answer stays answered
    return state


def grid(doc: dict, students: dict, labels: dict, progress: dict) -> dict:
    """The board's grid: for each student in the class (by number), the screen they are on
    and the state of each screen; `labels` names them (numbers unless names are shown)."""
    pacing, truths = doc["pacing"], doc.get("truths") or {}
    rows = []
    for sid in sorted(students, key=lambda sid: students[sid]["number"]):
        mine = progress.get(sid) or {}
        cells = mine.get("cells") or {}
        rows.append({"who": labels[sid], "at": student_screen(pacing, mine.get("at")),
                     "cells": [cell_state(cells.get(str(i)), truths)
                               for i in range(screens(doc))]})
    titles = [s["title"] for s in doc["lesson"]["screens"]]
    return {"screens": titles, "pacing": dict(pacing), "rows": rows}

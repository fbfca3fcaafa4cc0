"""A lesson: screens in order. Each screen has a title and a short text in every language, a
setup written as a link writes one (points, settings, view, locks), at most one question or
one mission, and optionally a line of what to notice once it is answered or solved.

A lesson is plain data: it travels as JSON, in a file or, when small, in a link. Reading one
is strict, since anyone can write a file or a link: sizes are bounded, unknown keys are
refused, every setup is read by the link's own decoder (linreg.share.decode) and must read
without a notice. Anything else raises InputError with a message code and builds nothing.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
import zlib
from dataclasses import dataclass, field

from .errors import InputError
from .missions import BY_ID as MISSIONS
from .presets import preset
from .questions import KINDS, MAX_STEPS
from .settings import FIELDS
from .share import MAX_VALUE_CHARS, MISSION_IDS, REDUCED_MOTION, decode, encode
from .texts import LANGUAGES

FORMAT = 1  # the file's "linreg_lesson" number
MAX_BYTES = 1_000_000  # a lesson file, or a link's lesson once unpacked
MAX_SCREENS = 40
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 1200
MAX_NOTICE_CHARS = 400
MAX_LINK_CHARS = 3000  # a bigger lesson travels as a file, not in a link
BUILTIN_ID = "lab02"  # the built-in lesson, named by this id in a link
# what a screen's setup may name: the link's settings, points and view (the page's language,
# its mission and the questions' switch are the learner's or the screen's own)
SETUP_KEYS = frozenset({f.name for f in FIELDS} | {"x", "y", "test", "data", "3d", "present",
                                                   REDUCED_MOTION, "lock"})
LESSON_KEYS = frozenset({"linreg_lesson", "title", "screens"})
SCREEN_KEYS = frozenset({"title", "text", "setup", "question", "mission", "notice"})
QUESTION_KEYS = frozenset({"kind", "steps"})
# text a page can show as it is: no control character but the line break
_UNSHOWABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_PACKED = re.compile(r"z[A-Za-z0-9_-]+={0,2}")


@dataclass(frozen=True)
class Question:
    kind: str  # one of linreg.questions.KINDS
    steps: int | None = None  # "where will (W, b) be after N steps?": its N

    def to_dict(self) -> dict:
        return {"kind": self.kind} | ({"steps": self.steps} if self.steps is not None else {})


@dataclass(frozen=True)
class Screen:
    title: dict  # by language
    text: dict
    setup: dict = field(default_factory=dict)  # a link's parameters, as share.encode writes them
    question: Question | None = None
    mission: str | None = None  # one of the missions' ids
    notice: dict | None = None  # what to notice, shown after the answer or the solve

    def link_setup(self) -> dict:
        """The parameters the page decodes for this screen: a mission's own setup under the
        screen's, with both their locks."""
        if not self.mission:
            return dict(self.setup)
        own = MISSIONS[self.mission].setup
        locks = {n for n in (own.get("lock", "") + "," + self.setup.get("lock", "")).split(",")
                 if n}
        merged = own | self.setup
        if locks:
            merged["lock"] = ",".join(sorted(locks))
        return merged

    def words(self, lang: str) -> tuple[str, str, str | None]:
        """The title, the text and the line to notice in `lang`."""
        notice = self.notice[lang] if self.notice else None
        return self.title[lang], self.text[lang], notice

    def to_dict(self) -> dict:
        doc = {"title": dict(self.title), "text": dict(self.text), "setup": dict(self.setup)}
        if self.question:
            doc["question"] = self.question.to_dict()
        if self.mission:
            doc["mission"] = self.mission
        if self.notice:
            doc["notice"] = dict(self.notice)
        return doc


@dataclass(frozen=True)
class Lesson:
    title: dict
    screens: tuple[Screen, ...]

    def to_dict(self) -> dict:
        return {"linreg_lesson": FORMAT, "title": dict(self.title),
                "screens": [s.to_dict() for s in self.screens]}


# ---------------------------------------------------------------- JSON

def to_json(lesson: Lesson) -> str:
    """The lesson as a JSON file that from_json reads back to the same lesson."""
    return json.dumps(lesson.to_dict(), ensure_ascii=False, indent=1)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _no_constant(name: str):
    raise ValueError(name)  # NaN, Infinity: not JSON's numbers


def from_json(raw: str | bytes) -> Lesson:
    """A lesson from a JSON file's bytes; InputError, and nothing built, for anything else."""
    if isinstance(raw, str):
        try:
            raw = raw.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("lesson_not_json") from None
    if len(raw) > MAX_BYTES:
        raise InputError("lesson_too_large", size_kb=math.ceil(len(raw) / 1000),
                         limit_kb=MAX_BYTES // 1000)
    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_float=_finite,
                         parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InputError("lesson_not_json") from None
    return from_dict(doc)


def from_dict(doc) -> Lesson:
    """A lesson from untrusted plain data (a decoded JSON document)."""
    if not isinstance(doc, dict) or doc.get("linreg_lesson") != FORMAT:
        raise InputError("lesson_not_json")
    _known(doc, LESSON_KEYS, "lesson")
    screens = doc.get("screens")
    if not isinstance(screens, list):
        raise InputError("lesson_bad", where="screens")
    if not 1 <= len(screens) <= MAX_SCREENS:
        raise InputError("lesson_screens", limit=MAX_SCREENS, found=len(screens))
    return Lesson(_words(doc.get("title"), "title", MAX_TITLE_CHARS),
                  tuple(_screen(s, i) for i, s in enumerate(screens)))


def _known(doc: dict, keys: frozenset, where: str) -> None:
    unknown = [k for k in doc if k not in keys]
    if unknown:
        raise InputError("lesson_unknown", where=where, key=_shown(unknown[0]))


def _shown(key) -> str:
    """An untrusted key, short and printable, for a message."""
    return _UNSHOWABLE.sub("?", str(key))[:40]


def _text(value, where: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError("lesson_bad", where=where)
    if len(value) > limit:
        raise InputError("lesson_too_long", where=where, limit=limit)
    try:
        value.encode("utf-8")  # a lone surrogate cannot be sent to a browser
    except UnicodeEncodeError:
        raise InputError("lesson_bad", where=where) from None
    if _UNSHOWABLE.search(value):
        raise InputError("lesson_bad", where=where)
    return value


def _words(value, where: str, limit: int, required: bool = True) -> dict:
    """Text in every language, none of them empty."""
    if not isinstance(value, dict):
        raise InputError("lesson_bad", where=where)
    _known(value, frozenset(LANGUAGES), where)
    words = {}
    for lang in LANGUAGES:
        text = _text(value.get(lang), f"{where}.{lang}", limit)
        if required and not text.strip():
            raise InputError("lesson_bad", where=f"{where}.{lang}")
        words[lang] = text
    return words


def _screen(doc, index: int) -> Screen:
    where = f"screens[{index}]"
    if not isinstance(doc, dict):
        raise InputError("lesson_bad", where=where)
    _known(doc, SCREEN_KEYS, where)
    question = _question(doc["question"], f"{where}.question") if "question" in doc else None
    mission = doc.get("mission")
    if "mission" in doc and mission not in MISSION_IDS:
        raise InputError("lesson_bad", where=f"{where}.mission")
    if question and mission:
        raise InputError("lesson_bad", where=f"{where}.mission")
    screen = Screen(
        title=_words(doc.get("title"), f"{where}.title", MAX_TITLE_CHARS),
        text=_words(doc.get("text"), f"{where}.text", MAX_TEXT_CHARS, required=False),
        setup=_setup(doc.get("setup", {}), where, index),
        question=question, mission=mission,
        notice=(_words(doc["notice"], f"{where}.notice", MAX_NOTICE_CHARS)
                if "notice" in doc else None))
    _read_setup(screen.link_setup(), index)  # with its mission's: both must read cleanly
    return screen


def _question(doc, where: str) -> Question:
    if not isinstance(doc, dict):
        raise InputError("lesson_bad", where=where)
    _known(doc, QUESTION_KEYS, where)
    kind = doc.get("kind")
    if kind not in KINDS:
        raise InputError("lesson_bad", where=f"{where}.kind")
    steps = doc.get("steps")
    if kind != "where_after":
        if "steps" in doc:
            raise InputError("lesson_unknown", where=where, key="steps")
        return Question(kind)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise InputError("lesson_bad", where=f"{where}.steps")
    return Question(kind, steps)


def _setup(doc, where: str, index: int) -> dict:
    """A screen's setup in the form the link writes it (the defaults left out)."""
    where += ".setup"
    if not isinstance(doc, dict):
        raise InputError("lesson_bad", where=where)
    _known(doc, SETUP_KEYS, where)
    params = {}
    for key, value in doc.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError("lesson_bad", where=f"{where}.{key}")
            value = repr(value) if isinstance(value, float) else str(value)
        params[key] = _text(value, f"{where}.{key}", MAX_VALUE_CHARS)
    setup = _read_setup(params, index)
    return encode(setup.settings, setup.data or preset("lesson"), setup.view)


def _read_setup(params: dict, index: int):
    try:
        setup = decode(params)
    except (ValueError, OverflowError):  # decode reads any text; this is a guard
        raise InputError("lesson_bad_setup", screen=index + 1, name="?") from None
    if setup.notices:
        notice = setup.notices[0]
        name = notice.params.get("name") or notice.params.get("names") or "?"
        raise InputError("lesson_bad_setup", screen=index + 1, name=_shown(name))
    return setup


# ---------------------------------------------------------------- the built-in lesson

@functools.lru_cache(maxsize=1)
def builtin() -> Lesson:
    """The seed lesson's own order, as screens (its data: linreg/lesson_lab02.py)."""
    from .lesson_lab02 import LESSON

    return from_dict(LESSON)


# ---------------------------------------------------------------- in a link

def link_value(lesson: Lesson) -> str | None:
    """The lesson as one link parameter: the built-in one by its id, a small one packed
    (z + base64url of zlib), a bigger one not at all (None)."""
    if lesson == builtin():
        return BUILTIN_ID
    compact = json.dumps(lesson.to_dict(), ensure_ascii=False, separators=(",", ":"))
    packed = "z" + base64.urlsafe_b64encode(zlib.compress(compact.encode("utf-8"), 9)).decode()
    return packed if len(packed) <= MAX_LINK_CHARS else None


def from_link(value) -> Lesson:
    """The lesson a link names; InputError (`lesson_link_bad`) for anything else."""
    if value == BUILTIN_ID:
        return builtin()
    if not isinstance(value, str) or len(value) > MAX_LINK_CHARS or not _PACKED.fullmatch(value):
        raise InputError("lesson_link_bad")
    try:
        packed = base64.urlsafe_b64decode(value[1:] + "=" * (-len(value[1:]) % 4))
        unpack = zlib.decompressobj()
        raw = unpack.decompress(packed, MAX_BYTES + 1)  # a bomb stops at the limit
        if len(raw) > MAX_BYTES or unpack.unconsumed_tail:
            raise InputError("lesson_link_bad")
        return from_json(raw)
    except (binascii.Error, ValueError, zlib.error):
        raise InputError("lesson_link_bad") from None


def screens_from_link(text, lesson: Lesson) -> set[int]:
    """Screen numbers (1, 2, ...) of this lesson listed in a link's value; others dropped."""
    if not isinstance(text, str) or len(text) > 4 * MAX_SCREENS:
        return set()
    numbers = {int(p) for p in text.split(",") if re.fullmatch(r"[0-9]{1,3}", p.strip())}
    return {n for n in numbers if 1 <= n <= len(lesson.screens)}

"""Missions: a short course through the lesson, each a setup plus a check on the run.

A mission's setup is a link's parameters (linreg.share), so it names data, settings and the
controls it locks the way a teacher's link does; its check reads the Lab and says whether
the goal is met, or a try ended without meeting it (then the page shows the hint). Its words
are in linreg/texts/ (mission_<id>_title, _goal, _hint, _idea, in each language). A new
mission is a few lines here and its words there.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .analysis import analyse
from .errors import InputError
from .lab import Lab
from .lessonlog import log_entries
from .presets import preset
from .settings import Settings
from .train import TrainState, run

SOLVED, TRIED, OPEN = "solved", "tried", "open"
MAX_ANSWER_CHARS = 200


@dataclass(frozen=True)
class Progress:
    status: str  # SOLVED, TRIED (a try ended short of the goal: show the hint) or OPEN
    why: str = ""  # which hint fits, when there are several


@dataclass(frozen=True)
class Mission:
    id: str
    setup: dict  # link parameters: data, settings, locks
    check: Callable[[Lab, str | None], Progress]
    asks: str | None = None  # "epoch" or "log_line": the learner also types an answer
    params: dict = field(default_factory=dict)  # numbers the goal's words show


def _first_below(costs: np.ndarray, level: float) -> int | None:
    hits = np.flatnonzero(costs < level)
    return int(hits[0]) if hits.size else None


def _fast_fit(lab: Lab, answer: str | None) -> Progress:
    costs = lab.state.history["cost"][:101]
    if _first_below(costs, 1e-3) is not None:
        return Progress(SOLVED)
    return Progress(TRIED) if lab.state.finished else Progress(OPEN)


def _edge(lab: Lab, answer: str | None) -> Progress:
    state, s = lab.state, lab.settings
    if state.diverged:
        return Progress(TRIED, "diverged")
    if not state.finished:
        return Progress(OPEN)
    bound = analyse(lab.data.train_stats).stability_bound
    converged = state.cost < float(state.history["cost"][0])
    if s.optimizer == "sgd" and converged and 0.95 * bound <= s.lr < bound:
        return Progress(SOLVED)
    return Progress(TRIED, "small")


def _zigzag(lab: Lab, answer: str | None) -> Progress:
    state, s = lab.state, lab.settings
    if not state.finished:
        return Progress(OPEN)
    zone = analyse(lab.data.train_stats).zone(s.lr)
    if s.optimizer == "sgd" and not state.diverged and zone == "oscillating":
        return Progress(SOLVED)
    return Progress(TRIED, "diverged" if state.diverged else "smooth")


def whole_answer(answer: str | None) -> int | None:
    text = (answer or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _diverge(lab: Lab, answer: str | None) -> Progress:
    state = lab.state
    if not state.finished:
        return Progress(OPEN)
    if not state.diverged:
        return Progress(TRIED, "converged")
    said = whole_answer(answer)
    if said == state.divergence.epoch:
        return Progress(SOLVED)
    return Progress(TRIED, "epoch") if said is not None else Progress(OPEN)


def _sgd_epochs_to(lab: Lab, level: float) -> int | None:
    """Epochs plain SGD needs from the same start at the same rate (the core's run, kept
    in the lab's cache: a check runs on every redraw)."""
    key = (lab.data_version, lab.settings, level)
    cached = lab.cache.get("plain_sgd")
    if not (cached and cached[0] == key):
        state = run(TrainState(lab.data, lab.settings.but(optimizer="sgd")))
        cached = (key, _first_below(state.history["cost"], level))
        lab.cache["plain_sgd"] = cached
    return cached[1]


def _momentum(lab: Lab, answer: str | None) -> Progress:
    state, s = lab.state, lab.settings
    if not state.finished:
        return Progress(OPEN)
    if s.optimizer != "momentum" or state.diverged:
        return Progress(TRIED, "optimizer" if s.optimizer != "momentum" else "diverged")
    mine = _first_below(state.history["cost"], 1e-6)
    plain = _sgd_epochs_to(lab, 1e-6)
    if mine is not None and (plain is None or mine < plain):
        return Progress(SOLVED)
    return Progress(TRIED, "slow")


def _slope_double(lab: Lab, answer: str | None) -> Progress:
    lesson = preset("lesson")
    data = lab.data
    if data == lesson:
        return Progress(OPEN)
    a = analyse(data.train_stats)
    moved = data.size == lesson.size and int(np.count_nonzero(
        (data.x != lesson.x) | (data.y != lesson.y))) == 1
    if moved and a.W_best is not None and abs(a.W_best - 4.0) <= 0.2:
        return Progress(SOLVED)
    return Progress(TRIED, "one_point" if not moved else "slope")


def _flat_valley(lab: Lab, answer: str | None) -> Progress:
    costs = lab.state.history["cost"]
    if costs.size <= 100:
        return Progress(OPEN)
    if costs[0] > 0.1 and costs[100] > 0.5 * costs[0]:
        return Progress(SOLVED)
    return Progress(TRIED)


def normal_line(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def lesson_line(epoch: int = 500) -> str:
    """The lesson's log line for `epoch` (the core's faithful run of the lesson)."""
    state = run(TrainState(preset("lesson"), Settings(), engine="faithful"), epoch + 1)
    h = state.history
    lines = dict(log_entries(h["W"], h["b"], h["cost"], Settings().epochs, 100))
    return next(line for shown, line in lines.items() if line.startswith(f"Epoch {epoch:4d}"))


def _lesson_500(lab: Lab, answer: str | None) -> Progress:
    if not (answer or "").strip():
        return Progress(OPEN)
    typed = normal_line(answer[:MAX_ANSWER_CHARS])
    return Progress(SOLVED) if typed == normal_line(lesson_line(500)) else Progress(TRIED)


MISSIONS = (
    Mission("fast_fit", {"epochs": "100", "lock": "data,epochs"}, _fast_fit),
    Mission("edge", {"lock": "data,optimizer,batch_size"}, _edge),
    Mission("zigzag", {"lock": "data,optimizer,batch_size"}, _zigzag),
    Mission("diverge", {"lock": "data,optimizer,batch_size"}, _diverge, asks="epoch"),
    Mission("momentum", {"epochs": "3000", "lock": "data,lr,epochs"}, _momentum),
    Mission("slope_double", {}, _slope_double),
    Mission("flat_valley", {"lock": "data,lr,optimizer,batch_size"}, _flat_valley),
    Mission("lesson_500", {}, _lesson_500, asks="log_line"),
)
BY_ID = {m.id: m for m in MISSIONS}


def check(mission_id: str, lab: Lab, answer: str | None = None) -> Progress:
    """A mission's progress on this lab; OPEN for an unknown mission."""
    mission = BY_ID.get(mission_id)
    if mission is None:
        return Progress(OPEN)
    return mission.check(lab, answer)


def numbers(lab: Lab) -> dict:
    """The numbers the missions' words show, for this data."""
    a = analyse(lab.data.train_stats)
    return {"bound": a.stability_bound, "smooth": a.smooth_bound,
            "condition": a.condition_number if math.isfinite(a.condition_number) else 0.0}


def report(mission_id: str, progress: Progress, lab: Lab) -> dict:
    """What a learner's page tells a class of a mission: solved or tried, at which rate."""
    return {"kind": "mission", "mission": mission_id, "status": progress.status,
            "lr": float(lab.settings.lr), "epoch": int(lab.state.epoch)}


def report_from_dict(message, mission_id: str) -> dict:
    """A report on `mission_id` from untrusted data; InputError (`answer_bad`) otherwise."""
    if not isinstance(message, dict) or message.get("kind") != "mission":
        raise InputError("answer_bad", name="kind")
    if message.get("mission") != mission_id:
        raise InputError("answer_bad", name="mission")
    if message.get("status") not in (SOLVED, TRIED):
        raise InputError("answer_bad", name="status")
    lr, epoch = message.get("lr"), message.get("epoch")
    if (isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr)
            or not 0 <= lr <= 1e9):
        raise InputError("answer_bad", name="lr")
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 0 <= epoch <= 10**7:
        raise InputError("answer_bad", name="epoch")
    return {"kind": "mission", "mission": mission_id, "status": message["status"],
            "lr": float(lr), "epoch": epoch}

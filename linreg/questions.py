"""Predict, then see: the three questions the page asks about a run, as plain data.

A question is asked about the run as it stands (its epoch, rate and optimizer); an answer
is what a learner predicted; the verdict compares it with what the core computes. Nothing
here changes the run: the truth comes from `look_ahead`, which leaves the state as it was.
Questions, answers and verdicts are plain dicts on the wire (`to_dict` / `from_dict`), so a
class can be asked the same thing at once and the answers counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .analysis import analyse
from .errors import InputError
from .train import TrainState, is_full_batch, look_ahead

KINDS = ("rate_zone", "where_after", "next_W")
ZONES = ("smooth", "oscillating", "diverging")  # the names analysis.Analysis.zone gives
MAX_STEPS = 1000  # "where will (W, b) be after N steps?" looks at most this far
MAX_VALUE = 1e9  # a predicted W or b beyond this is not a prediction
PLACE_SHARE = 0.1  # a predicted (W, b) counts as right within 10% of the distance travelled
PLACE_FLOOR = 0.01
W_DIGITS = 0.0005  # a predicted W counts as right when it rounds to the printed 3 decimals
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}  # as a verdict says


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("answer_bad", name=name)
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_VALUE:
        raise InputError("answer_bad", name=name)
    return number


@dataclass(frozen=True)
class Answer:
    """A learner's prediction: a zone, a point (W, b) after `steps` epochs, or the next W."""

    kind: str
    zone: str | None = None
    W: float | None = None
    b: float | None = None
    steps: int = 0

    def to_dict(self) -> dict:
        """The fields that belong to its kind: what is sent and counted."""
        fields = {"rate_zone": ("zone",), "next_W": ("W",), "where_after": ("W", "b", "steps")}
        return {"kind": self.kind, **{k: getattr(self, k) for k in fields[self.kind]}}

    @classmethod
    def from_dict(cls, message) -> Answer:
        """An answer from untrusted data; InputError (`answer_bad`) for anything else."""
        if not isinstance(message, dict) or message.get("kind") not in KINDS:
            raise InputError("answer_bad", name="kind")
        kind = message["kind"]
        if kind == "rate_zone":
            if message.get("zone") not in ZONES:
                raise InputError("answer_bad", name="zone")
            return cls(kind, zone=message["zone"])
        if kind == "next_W":
            return cls(kind, W=_number(message.get("W"), "W"))
        steps = message.get("steps")
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
            raise InputError("answer_bad", name="steps")
        return cls(kind, W=_number(message.get("W"), "W"), b=_number(message.get("b"), "b"),
                   steps=steps)


@dataclass(frozen=True)
class Verdict:
    """What the core computed beside what was predicted, and whether the prediction holds."""

    answer: Answer
    right: bool
    epoch: int  # the epoch the question was asked at
    reveal_at: int  # the epoch from which the page shows the verdict (the run plays there)
    lr: float
    optimizer: str
    truth: dict  # zone / (W, b) / W, with the numbers that explain it

    def to_dict(self) -> dict:
        return {"answer": self.answer.to_dict(), "right": self.right, "epoch": self.epoch,
                "reveal_at": self.reveal_at, "lr": self.lr, "optimizer": self.optimizer,
                "truth": dict(self.truth)}

    def says(self, words: dict, full_batch: bool) -> str:
        """Right or not, and why, with the core's numbers, in the page's words (a language's
        WORDS, linreg/texts/). The bound 2/lambda_max explains plain full-batch SGD only."""
        t, a = self.truth, self.answer
        optimizer = OPTIMIZER_NAMES[self.optimizer]
        if a.kind == "rate_zone":
            plain = self.optimizer == "sgd" and full_batch
            why = (words["why_zone"] if plain else words["why_zone_run"]).format(
                lr=self.lr, zone=words["zone_" + t["zone"]], smooth=t["smooth"],
                bound=t["bound"], optimizer=optimizer)
            if t["diverged_at"] is not None:
                why += " " + words["why_diverged_at"].format(epoch=t["diverged_at"])
        elif a.kind == "where_after":
            why = words["why_place"].format(steps=t["epoch"] - self.epoch, W=t["W"], b=t["b"],
                                            gW=a.W, gb=a.b, distance=t["distance"])
        elif not math.isfinite(t["W"]):
            why = words["why_next_none"]
        elif self.optimizer == "sgd":
            why = words["why_next"].format(W0=t["W_before"], lr=self.lr, dW=t["dW"], W=t["W"],
                                           guess=a.W)
        else:
            why = words["why_next_other"].format(optimizer=optimizer, W=t["W"], guess=a.W)
        return f"{words['verdict_right' if self.right else 'verdict_wrong']} {why}"


def observed_zone(state: TrainState, rows: dict) -> str:
    """The zone a run shows: plain full-batch SGD by its bound (exact for a quadratic cost),
    any other run by what the core computed: diverged, zig-zagging, or neither."""
    if rows["epoch"].size and state.epoch + rows["epoch"].size < state.settings.epochs:
        return "diverging"  # look_ahead stops short only at a divergence
    if state.settings.optimizer == "sgd" and is_full_batch(state.settings, state.data):
        return analyse(state.data.train_stats).zone(state.settings.lr)
    W = np.concatenate([[state.W], rows["W"]])
    b = np.concatenate([[state.b], rows["b"]])
    flips = max(_sign_flips(np.diff(W)), _sign_flips(np.diff(b)))
    return "oscillating" if flips >= 2 else "smooth"


def _sign_flips(steps: np.ndarray) -> int:
    signs = np.sign(steps[np.abs(steps) > 1e-12])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def agrees(answer: Answer, truth: dict) -> bool:
    """Whether a prediction holds against the truth the core computed (judge's `truth`):
    one rule for a learner alone and for a class's answers counted at once."""
    if answer.kind == "rate_zone":
        return answer.zone == truth.get("zone")
    if answer.kind == "where_after":
        travelled = math.hypot(truth["W"] - truth["from_W"], truth["b"] - truth["from_b"])
        distance = math.hypot(answer.W - truth["W"], answer.b - truth["b"])
        return distance <= max(PLACE_SHARE * travelled, PLACE_FLOOR)
    if not math.isfinite(truth["W"]):
        return False
    return abs(answer.W - truth["W"]) <= W_DIGITS + 0.01 * abs(truth["W"] - truth["W_before"])


def judge(state: TrainState, answer: Answer) -> Verdict:
    """The verdict on `answer`, asked at the state's epoch; the state is left as it was."""
    s = state.settings
    a = analyse(state.data.train_stats)
    epoch = state.epoch
    common = {"epoch": epoch, "lr": s.lr, "optimizer": s.optimizer}
    if answer.kind == "rate_zone":
        rows = look_ahead(state, s.epochs - epoch)
        zone = observed_zone(state, rows)
        end = epoch + int(rows["epoch"].size)
        diverged_at = end + 1 if zone == "diverging" and end < s.epochs else None
        truth = {"zone": zone, "bound": a.stability_bound, "smooth": a.smooth_bound,
                 "diverged_at": diverged_at}
        return Verdict(answer, agrees(answer, truth), reveal_at=end, **common, truth=truth)
    if answer.kind == "where_after":
        steps = min(answer.steps, max(0, s.epochs - epoch))
        rows = look_ahead(state, steps)
        W, b = (float(rows["W"][-1]), float(rows["b"][-1])) if rows["W"].size else (
            state.W, state.b)
        reached = epoch + int(rows["epoch"].size)
        truth = {"W": W, "b": b, "distance": math.hypot(answer.W - W, answer.b - b),
                 "epoch": reached, "from_W": state.W, "from_b": state.b}
        return Verdict(answer, agrees(answer, truth), reveal_at=reached, **common, truth=truth)
    rows = look_ahead(state, 1)
    W = float(rows["W"][0]) if rows["W"].size else math.nan  # nan: the step diverges
    truth = {"W": W, "W_before": state.W,
             "dW": float(state.history["dW"][epoch]) if rows["W"].size else math.nan}
    return Verdict(answer, agrees(answer, truth), reveal_at=epoch + (1 if rows["W"].size else 0),
                   **common, truth=truth)

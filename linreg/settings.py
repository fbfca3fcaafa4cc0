"""Training settings: one frozen dataclass, driven by one table of fields.

The table gives each setting its type, default (with the reason for it) and limits. Widgets,
URL parameters and validation all read it, so a setting is described in one place only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import InputError, Notice

OPTIMIZERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class Field:
    name: str
    kind: type
    default: Any
    reason: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        """`value` converted to this field's type, or InputError."""
        if self.choices:
            text = str(value).strip().lower()
            if text not in self.choices:
                raise InputError("setting_bad_choice", name=self.name,
                                 choices=", ".join(self.choices), value=str(value)[:40])
            return text
        if isinstance(value, bool):
            raise InputError("setting_not_number", name=self.name, value=str(value))
        try:
            number = float(value.strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError, OverflowError):
            raise InputError("setting_not_number", name=self.name, value=str(value)[:40]) from None
        if not math.isfinite(number) or not (self.low <= number <= self.high):
            raise InputError("setting_out_of_range", name=self.name, low=self.low,
                             high=self.high, value=number if math.isfinite(number) else math.inf)
        if self.kind is int:
            if number != int(number):
                raise InputError("setting_not_number", name=self.name, value=str(value)[:40])
            return int(number)
        return number


FIELDS: tuple[Field, ...] = (
    Field("lr", float, 0.01, "the lesson's optim.SGD(..., lr=0.01)", 0.0, 1000.0),
    Field("epochs", int, 1000, "the lesson's nb_epochs = 1000", 0, 100_000),
    Field("w0", float, 0.0, "the lesson's W = torch.zeros(1)", -1000.0, 1000.0),
    Field("b0", float, 0.0, "the lesson's b = torch.zeros(1)", -1000.0, 1000.0),
    Field("optimizer", str, "sgd", "the lesson's optim.SGD", choices=OPTIMIZERS),
    Field("batch_size", int, 0, "0 means the full batch, as the lesson trains", 0, 2_000_000),
    Field("momentum", float, 0.9, "the usual momentum for SGD", 0.0, 0.999),
    Field("seed", int, 1, "the lesson's torch.manual_seed(1)", 0, 2**31 - 1),
    Field("log_every", int, 100, "the lesson prints every 100 epochs", 1, 100_000),
)
FIELD = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class Settings:
    lr: float = FIELD["lr"].default
    epochs: int = FIELD["epochs"].default
    w0: float = FIELD["w0"].default
    b0: float = FIELD["b0"].default
    optimizer: str = FIELD["optimizer"].default
    batch_size: int = FIELD["batch_size"].default
    momentum: float = FIELD["momentum"].default
    seed: int = FIELD["seed"].default
    log_every: int = FIELD["log_every"].default

    def __post_init__(self):
        for f in FIELDS:
            object.__setattr__(self, f.name, f.check(getattr(self, f.name)))

    @property
    def full_batch(self) -> bool:
        return self.batch_size == 0

    def but(self, **changes) -> Settings:
        """A copy with some settings changed (checked like any other)."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def lenient(cls, values: dict[str, Any]) -> tuple[Settings, list[Notice]]:
        """Settings from untrusted values: each bad one keeps its default, with a notice."""
        good: dict[str, Any] = {}
        notices: list[Notice] = []
        for name, value in values.items():
            field_ = FIELD.get(name)
            if field_ is None:
                continue
            try:
                good[name] = field_.check(value)
            except InputError as error:
                notices.append(Notice(error.code, **error.params))
        return cls(**good), notices


assert [f.name for f in FIELDS] == [f.name for f in fields(Settings)]

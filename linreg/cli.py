"""`python -m linreg`: the lesson's training log in a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import torch

from . import parsing as data_module
from .analysis import analyse
from .dataset import Dataset
from .errors import InputError
from .lessonlog import log_entries
from .parsing import from_table, parse_csv
from .presets import preset
from .settings import FIELD, OPTIMIZERS, Settings
from .train import TrainState, step


def lesson_log(state: TrainState) -> list[str]:
    """The lesson's log lines for the epochs `state` has trained past."""
    h = state.history
    entries = log_entries(h["W"], h["b"], h["cost"], state.settings.epochs,
                          state.settings.log_every)
    return [line for _, line in entries]


def divergence_message(state: TrainState) -> str:
    a = analyse(state.data.train_stats)
    d = state.divergence
    return (f"Diverged at epoch {d.epoch}: the cost reached {d.cost:.3g}. "
            f"For plain SGD on this data the stability bound is 2/lambda_max = "
            f"{a.stability_bound:.4g}; lr = {state.settings.lr:g}.")


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block
        self.exit(2, f"{self.prog}: error: {message}\n")


class CommandError(Exception):
    """Options that name no run (a file that cannot be read, x and y of unequal length)."""


def fail(error: Exception | str) -> int:
    """Bad input ends with one line on stderr and exit code 2."""
    print(f"linreg: error: {error}", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m linreg",
        description="Train H(x) = Wx + b by gradient descent and print the lesson's log.",
    )
    run_options(p)
    p.add_argument("--model", choices=("tensor", "module"), default="tensor",
                   help="tensor: W and b tensors (the lesson's); module: nn.Linear(1, 1)")
    p.add_argument("--engine", choices=("auto", "faithful", "fast"), default="auto",
                   help="faithful: float32 autograd as the lesson; fast: float64 statistics; "
                        "auto: faithful unless the data is big")
    return p


def run_options(p: argparse.ArgumentParser) -> None:
    """The options that name a run: its data and its settings."""
    p.add_argument("--x", help="training inputs, comma separated (default: 1,2,3); "
                   "write --x=-1,2 when the first value is negative")
    p.add_argument("--y", help="training outputs, comma separated (default: 2,4,6)")
    p.add_argument("--data", type=Path, help="a CSV file with x and y columns (and optional set)")
    p.add_argument("--lr", default=FIELD["lr"].default, help="learning rate (default: 0.01)")
    p.add_argument("--epochs", default=FIELD["epochs"].default,
                   help="nb_epochs; the loop runs epochs 0..N as in the lesson (default: 1000)")
    p.add_argument("--w0", default=0.0, help="initial W (default: 0)")
    p.add_argument("--b0", default=0.0, help="initial b (default: 0)")
    p.add_argument("--log-every", default=FIELD["log_every"].default,
                   help="print a line every this many epochs (default: 100)")
    p.add_argument("--optimizer", default="sgd",
                   help=f"one of {', '.join(OPTIMIZERS)} (default: sgd, the lesson's)")
    p.add_argument("--momentum", default=FIELD["momentum"].default,
                   help="momentum for --optimizer momentum (default: 0.9)")
    p.add_argument("--batch-size", default=0,
                   help="points per update; 0 is the full batch, the lesson's (default: 0)")
    p.add_argument("--seed", default=FIELD["seed"].default,
                   help="seed of the mini-batch shuffle (default: 1, the lesson's manual_seed)")


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes; a bigger file is refused without reading it all into memory."""
    with path.open("rb") as f:
        raw = f.read(limit + 1)
        if len(raw) > limit:
            size = max(os.fstat(f.fileno()).st_size, len(raw))
            raise InputError("file_too_large", size_mb=size / 2**20, limit_mb=limit / 2**20)
    return raw


def _numbers(text: str) -> list[str]:
    return [part for part in text.replace(";", ",").split(",")]


def read_run(args: argparse.Namespace) -> tuple[Dataset, Settings]:
    """The data and settings that `run_options` named; notices about the data go to stderr.
    InputError or CommandError when they name no run."""
    if args.data is not None:
        if args.x or args.y:
            raise InputError("setting_bad_choice", name="data", choices="--data or --x/--y",
                             value="both")
        try:
            raw = _read_at_most(args.data, data_module.MAX_FILE_BYTES)
        except OSError as error:
            raise CommandError(f"cannot read {args.data}: {error.strerror}") from None
        parsed = parse_csv(raw)
        for notice in parsed.notices:
            print(f"linreg: note: {notice}", file=sys.stderr)
        data = parsed.dataset
    elif args.x or args.y:
        xs, ys = _numbers(args.x or ""), _numbers(args.y or "")
        if len(xs) != len(ys):
            raise CommandError(f"--x has {len(xs)} values but --y has {len(ys)}")
        data = from_table(xs, ys)
    else:
        data = preset("lesson")
    settings = Settings(lr=args.lr, epochs=args.epochs, w0=args.w0, b0=args.b0,
                        optimizer=args.optimizer, batch_size=args.batch_size,
                        momentum=args.momentum, seed=args.seed, log_every=args.log_every)
    return data, settings


def parsed_run(parser: argparse.ArgumentParser, argv: list[str] | None):
    """The options and the run they name, as (args, data, settings); None, after one line
    on stderr, when they name none."""
    torch.set_num_threads(1)
    args = parser.parse_args(argv)
    try:
        return (args, *read_run(args))
    except (InputError, CommandError) as error:
        fail(error)
        return None


def main(argv: list[str] | None = None) -> int:
    parsed = parsed_run(_parser(), argv)
    if parsed is None:
        return 2
    args, data, settings = parsed
    state = TrainState(data, settings, engine=args.engine, model=args.model)
    # The lesson's loop runs epochs 0..N: N + 1 updates.
    for _ in range(settings.epochs + 1):
        if not step(state):
            break
    for line in lesson_log(state):
        print(line)
    if state.diverged:
        print(divergence_message(state))
    return 0

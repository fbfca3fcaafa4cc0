"""`python -m bench`: run every benchmark and print one table."""

from __future__ import annotations

import datetime
import platform
import sys

import torch

from . import core


def main() -> int:
    torch.set_num_threads(1)
    print(f"linreg benchmarks, {datetime.date.today()}, {platform.machine()}, "
          f"{torch.get_num_threads()} thread, Python {sys.version.split()[0]}, "
          f"torch {torch.__version__}\n")
    print(f"| {'benchmark':58} | {'value':>10} | {'unit':8} | {'goal':7} | note")
    print(f"|{'-' * 60}|{'-' * 12}|{'-' * 10}|{'-' * 9}|{'-' * 40}")
    for row in core.rows():
        print(f"| {row['name']:58} | {row['value']:10.3g} | {row['unit']:8} | {row['goal']:7} "
              f"| {row['note']}")
        sys.stdout.flush()
    return 0


sys.exit(main())

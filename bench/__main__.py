"""`python -m bench`: run every benchmark and print one table.

The page's figures need Debian's Chromium (/usr/bin/chromium); without it they are left out
and the table says so. The load test of many sessions is `python -m bench.load`.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys

import torch

from . import big, core
from .table import print_header, print_row

WIDTH = 62  # of the table's first column


def main() -> int:
    torch.set_num_threads(1)
    print(f"linreg benchmarks, {datetime.date.today()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, {torch.get_num_threads()} thread, "
          f"Python {sys.version.split()[0]}, torch {torch.__version__}\n")
    print_header("benchmark", WIDTH)
    for row in [*core.rows(), *big.rows()]:
        print_row(row, WIDTH)
    if os.path.exists("/usr/bin/chromium"):
        from . import page, phone

        for row in [*page.rows(), *phone.rows()]:
            print_row(row, WIDTH)
    else:
        print("\n(page figures left out: /usr/bin/chromium is not installed)")
    return 0


sys.exit(main())

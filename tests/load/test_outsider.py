"""bench.outsider at a small scale against a real server: a script that guesses codes under
forged address headers, fills a class, probes the class route and holds streams finds every
limit holding (the script exits 1 when one does not)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harness.server import ROOT
from linreg.classroom.signals import MAX_WAITING_PER_CLIENT

pytestmark = pytest.mark.timeout(600)


def test_an_outsiders_script_finds_every_limit_holding():
    done = subprocess.run(
        [sys.executable, "-m", "bench.outsider", "--guesses", "28", "--fill-seconds", "3",
         "--probes", "20", "--no-nginx"],
        cwd=ROOT, capture_output=True, text=True, timeout=540)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    rows = {cells[1]: cells for cells in ([c.strip() for c in line.split("|")]
                                          for line in out.splitlines())
            if len(cells) > 5 and cells[1].startswith("one server")}
    assert len(rows) == 6 and all(cells[5] == "ok" for cells in rows.values()), out
    held = rows["one server: streams held from one address"]
    assert held[2] == str(MAX_WAITING_PER_CLIENT) and "then 503 Retry-After" in held[6], held
    # 20 random signals, an ended class's and one no page is in, on the stream; the last two
    # on the long poll too: all alike
    assert rows["one server: class route probed with signals"][2] == "24", out

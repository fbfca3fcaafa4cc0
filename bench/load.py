"""Many sessions on one server: Locust drives the page's users (bench/locustfile.py), which
speak Streamlit's websocket protocol; this measures the server beside them.

    python -m bench.load                      # starts its own server(s) on 127.0.0.1
    python -m bench.load --cycles 50          # fewer connect/train/disconnect cycles
    python -m bench.load --url http://127.0.0.1:8080 --state RUN_DIR/state.json

Five phases, each bounded in users and in time:

  play       N Students load the page and press Play at the same moment, then ask for more
             rows the way the player does until their runs end; a Stepper presses Step
             over and over meanwhile (and a few times on the idle server before).
  burst      B Bursters load the lesson's page, wait until all have it, and press Run to
             end at the same moment: each one's time to its answer, and the answer's last
             line checked against the lesson's (W 1.971, b 0.066, cost 0.000633).
  connected  M Visitors with the page loaded at once: the server's peak memory.
  closed     a Leaver playing a long run flat out closes its tab: how long until the
             server's CPU is idle again.
  cycles     C times: open the page, run to the end, close: the server's memory before
             and after.

By default each phase gets a fresh server (so one's sessions, kept for reconnection, do not
weigh on the next). Prints one table, writes test-artifacts/load.json, and Locust's CSV and
HTML reports of each phase to test-artifacts/locust/. The exit status is 0 when a target is
missed (that is a measurement) and 1 when the client failed: a protocol error, a traceback
on the page, a wrong epoch, a dead server.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import math
import os
import platform
import resource
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import gevent
import psutil
from gevent.event import Event
from locust.env import Environment
from locust.html import get_html_report
from locust.stats import PERCENTILES_TO_REPORT, StatsCSVFileWriter, stats_history

from harness.server import Server, healthy

from . import locustfile as users
from .streamlit_client import ReplyTimeout, Session

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PHASES = ("play", "burst", "connected", "closed", "cycles")
MB = 1024 * 1024


class ClientFailure(Exception):
    """The load client could not do its job: the figures would mean nothing."""


# ---------------------------------------------------------------- the server's memory and CPU

class Meter:
    """Memory and CPU of the server: its processes and their children."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    @property
    def available(self) -> bool:
        return bool(self.pids)

    def processes(self) -> list[psutil.Process]:
        found = []
        for pid in self.pids:
            with contextlib.suppress(psutil.Error):
                top = psutil.Process(pid)
                found += [top, *top.children(recursive=True)]
        return found

    def _sum(self, read) -> float:
        total = 0
        for p in self.processes():
            with contextlib.suppress(psutil.Error):  # gone meanwhile
                total += read(p)
        return total

    def rss(self) -> int | None:
        return self._sum(lambda p: p.memory_info().rss) if self.available else None

    def cpu(self) -> float | None:
        """CPU seconds, with those of children already waited for."""
        return self._sum(lambda p: sum(p.cpu_times()[:4])) if self.available else None

    def high_water(self) -> int | None:
        """The kernel's peak RSS of each process, summed (an upper bound of the peak)."""
        def hwm(p):
            with open(f"/proc/{p.pid}/status") as f:
                return next(int(line.split()[1]) * 1024 for line in f
                            if line.startswith("VmHWM:"))
        return self._sum(hwm) if self.available else None


class PeakSampler:
    """The largest RSS seen, sampled while a phase runs."""

    def __init__(self, meter: Meter, every: float = 0.2):
        self.meter, self.every, self.peak = meter, every, None

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak or 0, self.meter.rss())
            gevent.sleep(self.every)

    def __enter__(self) -> PeakSampler:
        self._greenlet = gevent.spawn(self._run) if self.meter.available else None
        return self

    def __exit__(self, *exc) -> None:
        if self._greenlet is not None:
            self._greenlet.kill()
            self.peak = max(self.peak or 0, self.meter.rss())


def process_cpu() -> float:
    """CPU seconds of this client process, to show whether it was the limit."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- Locust

def configure(user_class: type, **attributes) -> type:
    """A user class for one phase: the page's user with this phase's settings."""
    return type(user_class.__name__, (user_class,), {"abstract": False, **attributes})


@contextlib.contextmanager
def swarm(url: str, classes: list[type], name: str, reports: Path | None):
    """Locust runs `fixed_count` users of each class against `url`, all spawned at once,
    until the block ends; then its CSV and HTML reports go to `reports`/`name`*."""
    env = Environment(user_classes=list(classes), host=url, locustfile="bench/locustfile.py")
    runner = env.create_local_runner()
    helpers = [gevent.spawn(stats_history, runner)]
    writer = None
    if reports:
        reports.mkdir(parents=True, exist_ok=True)
        writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, str(reports / name), True)
        helpers.append(gevent.spawn(writer.stats_writer))
    count = sum(c.fixed_count for c in classes)
    runner.start(count, spawn_rate=min(count, 100))
    try:
        yield env
    finally:
        runner.quit()
        gevent.killall(helpers)
        if writer:
            writer.close_files()
            for kind, write in (("stats", writer.requests_csv), ("failures", writer.failures_csv),
                                ("exceptions", writer.exceptions_csv)):
                with open(reports / f"{name}_{kind}.csv", "w", newline="") as f:
                    write(csv.writer(f))  # the final figures
            (reports / f"{name}.html").write_text(get_html_report(env, show_download_link=False),
                                                  "utf-8")


def wait_until(condition, deadline: float, every: float = 0.1) -> bool:
    while not condition():
        if time.monotonic() >= deadline:
            return False
        gevent.sleep(every)
    return True


def entry(env: Environment, kind: str, name: str):
    return env.stats.entries.get((name, kind))


def requests(env: Environment, kind: str, name: str) -> int:
    e = entry(env, kind, name)
    return e.num_requests if e else 0


def seconds(env: Environment, kind: str, name: str, q: float) -> float | None:
    """The q-quantile (0..1) of a request's time, by Locust."""
    e = entry(env, kind, name)
    if not e or not e.num_requests:
        return None
    return (e.max_response_time if q >= 1 else e.get_response_time_percentile(q)) / 1000


def outcome_of(env: Environment) -> dict:
    """Locust's counts of each request, and what went wrong: timeouts (a measurement of a
    server too busy to answer) apart from failures of the client or the page."""
    failures, timeouts = [], []
    for e in env.stats.errors.values():
        text = f"{e.method} {e.name}: {e.parse_error(e.error)} ({e.occurrences}×)"
        (timeouts if isinstance(e.error, ReplyTimeout) else failures).append(text)
    failures += [f"exception in a user: {x['msg']}" for x in env.runner.exceptions.values()]
    counts = {f"{e.method} {e.name}": {"requests": e.num_requests, "failures": e.num_failures,
                                       "median_ms": e.median_response_time,
                                       "p95_ms": e.get_response_time_percentile(0.95),
                                       "max_ms": e.max_response_time}
              for e in env.stats.entries.values()}
    return {"requests": counts, "failures": failures, "timeouts": timeouts}


def running(env: Environment, name: str) -> int:
    return env.runner.user_classes_count.get(name, 0) if env.runner.state == "running" else -1


# ---------------------------------------------------------------- 1. Play at once

def play_together(url: str, sessions: int = 30, query: str = "", speed: float | None = None,
                  probe_gap: float = 0.25, idle_steps: int = 10, timeout: float = 180.0,
                  run_timeout: float = 60.0, meter: Meter | None = None,
                  reports: Path | None = None) -> dict:
    """Phase 1: `sessions` Students press Play together while a Stepper presses Step."""
    meter = meter or Meter([])
    deadline = time.monotonic() + timeout
    go, ready, outcomes = Event(), Event(), []
    student = configure(users.Student, fixed_count=sessions, query=query, speed=speed,
                        go=go, plays=1, outcomes=outcomes, run_timeout=run_timeout)
    stepper = configure(users.Stepper, fixed_count=1, query=query, gap=probe_gap, go=go,
                        ready=ready, idle_steps=idle_steps, run_timeout=run_timeout)
    with swarm(url, [student, stepper], "play", reports) as env:
        wait_until(lambda: requests(env, "page", "page load") >= sessions + 1, deadline)
        ready.set()
        wait_until(lambda: requests(env, "player", "step (idle server)") >= idle_steps,
                   deadline)
        client_cpu, server_cpu = process_cpu(), meter.cpu()
        pressed = time.perf_counter()
        go.set()
        wait_until(lambda: running(env, "Student") == 0, deadline)
        played = time.perf_counter() - pressed
        client_cpu = process_cpu() - client_cpu
        server_cpu = None if server_cpu is None else meter.cpu() - server_cpu
    done = [o for o in outcomes if o["final_epoch"] is not None]
    page = entry(env, "page", "page load")
    return {"sessions": sessions, "query": query, "speed": speed, "timeout": timeout,
            "loaded": (page.num_requests - page.num_failures) if page else 0,
            "pressed_play": len(outcomes), "finished": len(done),
            "final_epochs": sorted({o["final_epoch"] for o in done}),
            "ends": sorted({o["end"] for o in outcomes if o["end"] is not None}),
            "wall_to_last_finish": max((o["finished"] - pressed for o in done), default=None),
            "reached": sorted(o["reached"] for o in outcomes if o["final_epoch"] is None),
            "player_requests": sum(o["requests"] for o in outcomes),
            "step_p50": seconds(env, "player", "step", 0.5),
            "step_p95": seconds(env, "player", "step", 0.95),
            "step_max": seconds(env, "player", "step", 1),
            "steps": requests(env, "player", "step"),
            "idle_step_p50": seconds(env, "player", "step (idle server)", 0.5),
            "idle_steps": requests(env, "player", "step (idle server)"),
            "load_p95": seconds(env, "page", "page load", 0.95),
            "client_cpu_seconds": client_cpu, "server_cpu_seconds": server_cpu,
            "played_seconds": played, **outcome_of(env)}


# ---------------------------------------------------------------- 2. Run to end at once

def quantile(values: list[float], q: float) -> float | None:
    """The nearest-rank q-quantile (0..1): of 30 answers, p95 is the 29th."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


def burst(url: str, sessions: int = 30, setups: int = 1, timeout: float = 120.0,
          run_timeout: float = 60.0, meter: Meter | None = None,
          reports: Path | None = None) -> dict:
    """Phase 2: `sessions` Bursters press Run to end together. With `setups` > 1 they are
    dealt round the lesson's setup and `setups` - 1 others (learning rates 0.0101, 0.0102,
    ...), so that many different runs are asked for at once."""
    meter = meter or Meter([])
    deadline = time.monotonic() + timeout
    go, answers = Event(), []
    classes = []
    for j in range(min(setups, sessions)):
        count = len(range(j, sessions, setups))
        classes.append(type(f"Burster{j}", (users.Burster,), {
            "abstract": False, "fixed_count": count, "go": go, "answers": answers,
            "run_timeout": run_timeout, "query": f"lr={0.01 + 0.0001 * j:.4f}" if j else "",
            "expect": users.LESSON_LAST_LINE if j == 0 else None}))
    with swarm(url, classes, "burst", reports) as env:
        ready = wait_until(lambda: requests(env, "page", "page load") >= sessions, deadline)
        server_cpu = meter.cpu()
        pressed = time.perf_counter()
        go.set()
        wait_until(lambda: all(running(env, c.__name__) <= 0 for c in classes), deadline)
        server_cpu = None if server_cpu is None else meter.cpu() - server_cpu
    done = [a for a in answers if a["answered"] is not None]
    waits = [a["answered"] - a["pressed"] for a in done]
    page = entry(env, "page", "page load")
    return {"sessions": sessions, "setups": len(classes), "timeout": timeout,
            "all_ready": ready, "loaded": (page.num_requests - page.num_failures) if page else 0,
            "pressed": len(answers), "answered": len(done),
            "lesson_pages": classes[0].fixed_count,
            "lessons_numbers": sum(a["line"] == users.LESSON_LAST_LINE for a in done),
            "last_lines": sorted({json.dumps(a["line"], sort_keys=True) for a in done}),
            "answer_p50": quantile(waits, 0.5), "answer_p95": quantile(waits, 0.95),
            "answer_max": max(waits, default=None),
            "spread_of_presses": (max(a["pressed"] for a in answers)
                                  - min(a["pressed"] for a in answers)) if answers else None,
            "wall_to_last_answer": max((a["answered"] - pressed for a in done), default=None),
            "server_cpu_seconds": server_cpu, **outcome_of(env)}


# ---------------------------------------------------------------- 3. Many connected

def many_connected(url: str, meter: Meter, sessions: int = 60, hold: float = 3.0,
                   timeout: float = 180.0, run_timeout: float = 60.0,
                   reports: Path | None = None) -> dict:
    """Phase 3: `sessions` Visitors with the page loaded at once; the server's memory."""
    deadline = time.monotonic() + timeout
    visitor = configure(users.Visitor, fixed_count=sessions, run_timeout=run_timeout)
    before = meter.rss()
    with PeakSampler(meter) as sampler, swarm(url, [visitor], "connected", reports) as env:
        wait_until(lambda: requests(env, "page", "page load") >= sessions, deadline)
        held = meter.rss()
        gevent.sleep(max(0.0, min(hold, deadline - time.monotonic())))
    page = entry(env, "page", "page load")
    return {"sessions": sessions, "loaded": (page.num_requests - page.num_failures) if page else 0,
            "load_p95": seconds(env, "page", "page load", 0.95),
            "processes": len(meter.processes()), "rss_before": before, "rss_all_loaded": held,
            "rss_peak": sampler.peak, "high_water": meter.high_water(), **outcome_of(env)}


# ---------------------------------------------------------------- 4. A closed tab

def closed_tab(url: str, meter: Meter, epochs: int = 20_000, busy: float = 1.5,
               watch: float = 10.0, idle_share: float = 0.1, idle_for: float = 1.0,
               every: float = 0.2, timeout: float = 60.0, run_timeout: float = 30.0,
               reports: Path | None = None) -> dict:
    """Phase 4: a Leaver plays a long run flat out, then closes its tab while its request
    is being served; the server's CPU after that."""
    if not meter.available:
        return {"skipped": "no server process to measure (give --pid or --state)"}
    deadline = time.monotonic() + timeout
    samples: list[tuple[float, float]] = []

    def sample() -> None:
        while True:
            samples.append((time.perf_counter(), meter.cpu()))
            gevent.sleep(every)

    left: dict = {}
    leaver = configure(users.Leaver, fixed_count=1, query=f"epochs={epochs}", busy=busy,
                       left=left, run_timeout=run_timeout)
    sampler = gevent.spawn(sample)
    try:
        with swarm(url, [leaver], "closed", reports) as env:
            if wait_until(lambda: "closed_at" in left or running(env, "Leaver") == 0, deadline):
                gevent.sleep(max(0.0, min(watch, deadline - time.monotonic())))
    finally:
        sampler.kill()
    result = {"epochs": epochs, "busy_seconds": busy, "requests": left.get("requests", 0),
              "ended_before_close": left.get("ended_early", False), "idle_share": idle_share,
              **outcome_of(env)}
    closed_at = left.get("closed_at")
    if closed_at is None or len(samples) < 2:
        if not result["timeouts"]:
            result["failures"].append("the tab never closed")
        return result
    shares = [(t0, (c1 - c0) / (t1 - t0))
              for (t0, c0), (t1, c1) in zip(samples, samples[1:]) if t1 > t0]
    before = [s for t, s in shares if left["playing_from"] <= t < closed_at]
    after = [(t, s) for t, s in shares if t >= closed_at - every]
    result["cpu_share_while_playing"] = statistics.fmean(before) if before else None
    result["cpu_share_after"] = [round(s, 3) for _, s in after]
    result["idle_after"] = None
    need = max(1, round(idle_for / every))
    for i, (t, _) in enumerate(after):
        window = after[i:i + need]
        if len(window) == need and all(s < idle_share for _, s in window):
            result["idle_after"] = max(0.0, t - closed_at)
            break
    return result


# ---------------------------------------------------------------- 5. Cycles

def cycles(url: str, meter: Meter, count: int = 200, parallel: int = 2, settle: float = 3.0,
           timeout: float = 300.0, run_timeout: float = 60.0,
           reports: Path | None = None) -> dict:
    """Phase 5: open the page, run to the end, close; `count` times, `parallel` at once."""
    start = time.perf_counter()
    deadline = time.monotonic() + timeout
    tally = {"started": 0, "completed": 0}
    cycler = configure(users.Cycler, fixed_count=parallel, cycles=count, tally=tally,
                       run_timeout=run_timeout)
    before = meter.rss()
    curve: list[tuple[int, int]] = []  # a leak climbs; a bounded cache levels
    every = max(1, count // 8)
    with PeakSampler(meter) as sampler, swarm(url, [cycler], "cycles", reports) as env:
        def finished() -> bool:
            if meter.available and tally["completed"] >= (len(curve) + 1) * every:
                curve.append((tally["completed"], meter.rss()))
            return running(env, "Cycler") == 0

        wait_until(finished, deadline)
    seconds_taken = time.perf_counter() - start
    gevent.sleep(settle)
    after = meter.rss()
    return {"cycles": count, "completed": tally["completed"], "parallel": parallel,
            "rss_before": before, "rss_after": after, "rss_peak": sampler.peak,
            "growth": None if before is None else after - before, "rss_by_cycle": curve,
            "settle_seconds": settle, "seconds": seconds_taken, **outcome_of(env)}


# ---------------------------------------------------------------- the table

def row(name: str, value, unit: str, target: str = "", passed: bool | None = None,
        note: str = "") -> dict:
    if value is None:
        result = "n/a"
    elif passed is None:
        result = "info"
    else:
        result = "pass" if passed else "FAIL"
    return {"name": name, "value": value, "unit": unit, "target": target, "result": result,
            "note": note}


def mb(value) -> str:
    return "n/a" if value is None else f"{value / MB:.0f} MB"


def in_mb(value) -> float | None:
    return None if value is None else value / MB


def rows_for(figures: dict, args) -> list[dict]:
    out = []
    p = figures.get("play")
    if p:
        n, done = p["sessions"], p["finished"]
        pace = "flat out" if args.speed == 0 else f"{args.speed or 100:g} epochs/s playback"
        out.append(row(f"{n} sessions press Play at once: runs finished", done, "runs",
                       f"= {n}", done == n, f"{p['player_requests']} player requests; {pace}; "
                       f"within {p['timeout']:g} s"))
        out.append(row("  wall time from Play to the last finish", p["wall_to_last_finish"],
                       "s", note=f"of {done} finished; epochs "
                       f"{'/'.join(map(str, p['ends'])) or '?'}"))
        if p["reached"]:
            out.append(row("  epoch shown when time ran out, median",
                           round(statistics.median(p["reached"])), "epoch",
                           note=f"lowest {round(p['reached'][0])}"))
        p95 = p["step_p95"]
        out.append(row("  Step meanwhile (BackMsg to script_finished), p50", p["step_p50"], "s",
                       note=f"{p['steps']} presses"))
        out.append(row("  Step meanwhile, p95", p95, "s", "< 0.5",
                       None if p95 is None else p95 < 0.5,
                       "" if p["step_max"] is None else f"max {p['step_max']:.2f} s"))
        out.append(row("  Step on the idle server, p50", p["idle_step_p50"], "s",
                       note=f"{p['idle_steps']} presses before Play"))
        out.append(row(f"  page load with {n + 1} tabs opening at once, p95", p["load_p95"], "s",
                       note=f"{p['loaded']} page loads for {n + 1} tabs"))
        if p["server_cpu_seconds"] is not None and p["played_seconds"]:
            out.append(row("  server CPU while they play",
                           p["server_cpu_seconds"] / p["played_seconds"], "cores",
                           note=f"this client used {p['client_cpu_seconds']:.1f} s CPU in "
                                f"{p['played_seconds']:.0f} s"))
    u = figures.get("burst")
    if u:
        n, right, lesson = u["sessions"], u["lessons_numbers"], u["lesson_pages"]
        setups = "" if u["setups"] == 1 else f" ({u['setups']} setups)"
        out.append(row(f"{n} sessions press Run to end at once{setups}: answered", u["answered"],
                       "pages", f"= {n}", u["answered"] == n,
                       f"{u['pressed']} pressed; each showed its run's last epoch"))
        out.append(row("  pages on the lesson's setup showing its last line", right, "pages",
                       f"= {lesson}", right == lesson,
                       "W 1.971, b 0.066, cost 0.000633 at epoch 1000"))
        out.append(row("  time to the answer, p50", u["answer_p50"], "s", "< 2",
                       None if u["answer_p50"] is None else u["answer_p50"] < 2,
                       "from each press to its run's script_finished"))
        out.append(row("  time to the answer, p95", u["answer_p95"], "s"))
        out.append(row("  time to the answer, max", u["answer_max"], "s", "< 5",
                       None if u["answer_max"] is None else u["answer_max"] < 5,
                       "" if u["spread_of_presses"] is None
                       else f"presses sent within {u['spread_of_presses'] * 1000:.0f} ms"))
        if u["server_cpu_seconds"] is not None:
            out.append(row("  server CPU for the burst", u["server_cpu_seconds"], "s"))
    c = figures.get("connected")
    if c:
        peak = c["rss_peak"]
        out.append(row(f"{c['sessions']} sessions connected: server peak RSS", in_mb(peak),
                       "MB", "< 600", None if peak is None else peak < 600 * MB,
                       f"{c['loaded']} loaded; idle before: {mb(c['rss_before'])}; "
                       f"VmHWM {mb(c['high_water'])}"
                       + (f"; summed over {c['processes']} processes"
                          if c["processes"] > 1 else "")))
        out.append(row("  page load, p95", c["load_p95"], "s"))
    t = figures.get("closed")
    if t:
        idle = t.get("idle_after")
        note = t.get("skipped") or (
            f"{t['epochs']} epochs; CPU {t.get('cpu_share_while_playing') or 0:.0%} of a core "
            f"while playing; idle = under {t['idle_share']:.0%} for 1 s")
        if t.get("ended_before_close"):
            note += "; the run ended before the tab closed"
        out.append(row("closed tab mid-run: until server CPU is idle", idle, "s", "< 2",
                       None if idle is None else idle < 2, note))
    y = figures.get("cycles")
    if y:
        growth = y["growth"]
        out.append(row(f"{y['cycles']} connect/train/disconnect cycles: completed",
                       y["completed"], "cycles", f"= {y['cycles']}", y["completed"] == y["cycles"],
                       f"{y['parallel']} at a time; {y['seconds']:.0f} s"))
        out.append(row("  server RSS before", in_mb(y["rss_before"]), "MB"))
        out.append(row("  server RSS after", in_mb(y["rss_after"]), "MB",
                       note=f"{y['settle_seconds']:g} s after"))
        out.append(row("  growth", in_mb(growth), "MB", "< 100",
                       None if growth is None else growth < 100 * MB,
                       f"peak {mb(y['rss_peak'])}; includes the closed sessions Streamlit "
                       "keeps for reconnects (up to 128, 2 min)"))
        curve = y["rss_by_cycle"]
        if len(curve) >= 2:
            half = [(n, r) for n, r in curve if n >= curve[-1][0] / 2]
            out.append(row("  growth over the second half of the cycles",
                           (half[-1][1] - half[0][1]) / MB, "MB",
                           note=f"cycles {half[0][0]} to {half[-1][0]}; RSS by cycle: "
                                + ", ".join(f"{n}:{r / MB:.0f}" for n, r in curve)))
    return out


def print_table(rows: list[dict]) -> None:
    print(f"| {'figure':56} | {'value':>9} | {'unit':6} | {'target':6} | {'result':6} | note")
    print(f"|{'-' * 58}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 30}")
    for r in rows:
        value = "-" if r["value"] is None else (
            f"{r['value']:9.3g}" if isinstance(r["value"], float) else f"{r['value']:9}")
        print(f"| {r['name']:56} | {value:>9} | {r['unit']:6} | {r['target']:6} "
              f"| {r['result']:6} | {r['note']}")
    sys.stdout.flush()


# ---------------------------------------------------------------- running it

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description="Load test of the page over Streamlit's websocket protocol, driven by "
                    "Locust: many sessions on 127.0.0.1, bounded in number and time. Prints a "
                    "table, writes test-artifacts/load.json and Locust's reports.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    where = parser.add_argument_group("the server")
    where.add_argument("--url", help="a running server on loopback (e.g. serve_class's "
                       "nginx); default: start a fresh server for each phase")
    where.add_argument("--pid", type=int, action="append", default=[],
                       help="with --url: a server process to measure (repeat for workers)")
    where.add_argument("--state", type=Path,
                       help="with --url: deploy/serve_class.py's state.json, whose workers "
                            "are measured")
    where.add_argument("--server-option", action="append", default=[], metavar="KEY=VALUE",
                       help="for our own servers: a Streamlit option over .streamlit/config.toml"
                            ", e.g. runner.postScriptGC=true (repeatable)")
    where.add_argument("--one-server", action="store_true",
                       help="run all phases on one server of our own instead of one each")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"which to run, comma separated, of {','.join(PHASES)}")
    play = parser.add_argument_group("play: sessions press Play at once")
    play.add_argument("--sessions", type=int, default=30, help="sessions pressing Play")
    play.add_argument("--epochs", type=int, default=None,
                      help="epochs of their runs, through the link (default: the page's 1000)")
    play.add_argument("--speed", type=float, default=None,
                      help="epochs a second the simulated player shows before asking for "
                           "more (default: the page's own, 100); 0 asks as soon as rows arrive")
    play.add_argument("--probe-gap", type=float, default=0.25,
                      help="seconds between Step presses of the extra session")
    play.add_argument("--idle-steps", type=int, default=10,
                      help="Step presses timed on the idle server first, for comparison")
    together = parser.add_argument_group("burst: sessions press Run to end at once")
    together.add_argument("--burst-sessions", type=int, default=30,
                          help="sessions pressing Run to end")
    together.add_argument("--burst-setups", type=int, default=1,
                          help="different setups they are dealt round (1: all the lesson's)")
    connected = parser.add_argument_group("connected: many sessions at once")
    connected.add_argument("--connected", type=int, default=60, help="sessions connected")
    connected.add_argument("--hold", type=float, default=3.0,
                           help="seconds to keep them all connected")
    closed = parser.add_argument_group("closed: a tab closed mid-run")
    closed.add_argument("--long-epochs", type=int, default=20_000,
                        help="epochs of the long run (above 20,000 the page's fast engine "
                             "trains it all at once)")
    closed.add_argument("--busy", type=float, default=1.5,
                        help="seconds of playing flat out before the tab closes")
    closed.add_argument("--watch", type=float, default=8.0,
                        help="seconds of watching the server's CPU after the close")
    cyc = parser.add_argument_group("cycles: connect, run to the end, disconnect")
    cyc.add_argument("--cycles", type=int, default=200, help="how many")
    cyc.add_argument("--cycle-parallel", type=int, default=2, help="how many at a time")
    cyc.add_argument("--settle", type=float, default=3.0,
                     help="seconds to wait before reading the memory after the cycles")
    limits = parser.add_argument_group("limits")
    limits.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per phase (for play: from the first page load)")
    limits.add_argument("--run-timeout", type=float, default=60.0,
                        help="seconds one script run may take before it counts as lost")
    parser.add_argument("--json", type=Path, default=ARTIFACTS / "load.json",
                        help="where to write the figures")
    parser.add_argument("--reports", type=Path, default=ARTIFACTS / "locust",
                        help="where Locust's CSV and HTML reports of each phase go")
    args = parser.parse_args(argv)
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    caps = [("--sessions", args.sessions, 1, 200),
            ("--burst-sessions", args.burst_sessions, 1, 200),
            ("--burst-setups", args.burst_setups, 1, 200),
            ("--connected", args.connected, 1, 300),
            ("--cycles", args.cycles, 1, 5000), ("--cycle-parallel", args.cycle_parallel, 1, 16)]
    for flag, value, low, high in caps:
        if not low <= value <= high:
            parser.error(f"{flag} must be between {low} and {high}")
    if args.url:
        if urlsplit(args.url).hostname not in LOOPBACK:
            parser.error("--url must be on loopback (127.0.0.1, localhost or ::1)")
        if args.state:
            state = json.loads(args.state.read_text("utf-8"))
            args.pid += [w["pid"] for w in state.get("workers", []) if w.get("pid")]
    elif args.pid or args.state:
        parser.error("--pid and --state go with --url")
    if args.url and args.server_option:
        parser.error("--server-option is for our own servers, not --url")
    args.server_flags = []
    for option in args.server_option:
        key, equals, value = option.partition("=")
        if not equals or not key.strip():
            parser.error(f"--server-option wants KEY=VALUE, not {option!r}")
        args.server_flags += [f"--{key.strip()}", value.strip()]
    return args


def warm_up(url: str, run_timeout: float) -> None:
    """One visit first, as the teacher's: the first run imports and fills caches."""
    with Session(url, timeout=run_timeout * 2) as tab:
        tab.load()


def run_phase(name: str, url: str, meter: Meter, args) -> dict:
    t, rt, reports = args.timeout, args.run_timeout, args.reports
    if name == "play":
        query = f"epochs={args.epochs}" if args.epochs is not None else ""
        return play_together(url, args.sessions, query, args.speed, args.probe_gap,
                             args.idle_steps, timeout=t, run_timeout=rt, meter=meter,
                             reports=reports)
    if name == "burst":
        return burst(url, args.burst_sessions, args.burst_setups, timeout=t, run_timeout=rt,
                     meter=meter, reports=reports)
    if name == "connected":
        return many_connected(url, meter, args.connected, args.hold, timeout=t, run_timeout=rt,
                              reports=reports)
    if name == "closed":
        return closed_tab(url, meter, args.long_epochs, args.busy, args.watch,
                          timeout=min(t, args.busy + args.watch + 2 * rt), run_timeout=rt,
                          reports=reports)
    return cycles(url, meter, args.cycles, args.cycle_parallel, args.settle, timeout=t,
                  run_timeout=rt, reports=reports)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM as Ctrl-C: into this greenlet, whose `finally` stops the servers
    on_term = gevent.signal_handler(signal.SIGTERM, gevent.getcurrent().throw, KeyboardInterrupt)
    started = datetime.datetime.now().astimezone()
    print(f"linreg load test, {started:%Y-%m-%d %H:%M:%S}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"{args.url or 'own server on 127.0.0.1'}\n", flush=True)
    figures: dict = {}
    timing: dict = {}
    failures: list[str] = []
    servers: list[Server] = []
    code = 0
    try:
        shared = None
        for name in args.phases:
            if args.url:
                url, meter, server = args.url, Meter(args.pid), None
                if not healthy(url):
                    raise ClientFailure(f"{url} does not answer its health check")
            else:
                if shared is None or not args.one_server:
                    shared = Server(options=args.server_flags,
                                    log_name=f"load-server-{'all' if args.one_server else name}"
                                             ".log")
                    servers.append(shared)
                server = shared
                url, meter = server.url, Meter([server.pid])
            warm_up(url, args.run_timeout)
            begin = datetime.datetime.now().astimezone()
            print(f"  {begin:%H:%M:%S} {name} ...", flush=True)
            tick = time.perf_counter()
            figures[name] = run_phase(name, url, meter, args)
            timing[name] = {"started": begin.isoformat(timespec="seconds"),
                            "seconds": round(time.perf_counter() - tick, 2)}
            failures += [f"{name}: {f}" for f in figures[name].get("failures", [])]
            if not (server.alive() if server else healthy(url)):
                failures.append(f"{name}: the server died")
                break
            if server and not args.one_server:
                server.stop()
    except KeyboardInterrupt:
        failures.append("interrupted")
        code = 130
    except Exception as error:  # the server would not start, a protocol error, ...
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        for server in servers:
            server.stop()
        on_term.cancel()
    finished = datetime.datetime.now().astimezone()
    rows = rows_for(figures, args)
    print()
    print_table(rows)
    print()
    for name, t in timing.items():
        print(f"{name:10} started {t['started'][11:19]}, took {t['seconds']:.1f} s")
    print(f"{'total':10} {started:%H:%M:%S} to {finished:%H:%M:%S}, "
          f"{(finished - started).total_seconds():.1f} s")
    timeouts = [f"{n}: {t}" for n, f in figures.items() for t in f.get("timeouts", [])]
    if timeouts:
        print(f"\nruns timed out (counted as not finished): {'; '.join(timeouts)}")
    if failures:
        print("\nthe load client failed:\n  " + "\n  ".join(failures[:20]))
        code = code or 1
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {"started": started.isoformat(timespec="seconds"),
              "finished": finished.isoformat(timespec="seconds"),
              "machine": {"arch": platform.machine(), "cores": os.cpu_count(),
                          "python": sys.version.split()[0]},
              "server": args.url or "own, 127.0.0.1",
              "options": {k: (str(v) if isinstance(v, Path) else v)
                          for k, v in vars(args).items()},
              "rows": rows, "timing": timing, "phases": figures,
              "failures": failures, "timeouts": timeouts}
    args.json.write_text(json.dumps(report, indent=1), "utf-8")
    print(f"\nfigures written to {args.json}; Locust's reports in {args.reports}")
    return code


if __name__ == "__main__":
    sys.exit(main())

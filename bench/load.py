"""Many sessions on one server: a load test that speaks Streamlit's websocket protocol.

    python -m bench.load                      # starts its own server(s) on 127.0.0.1
    python -m bench.load --cycles 50          # fewer connect/train/disconnect cycles
    python -m bench.load --url http://127.0.0.1:8080 --state RUN_DIR/state.json

Four measurements, each bounded in sessions and in time:

  play       N sessions load the page and press Play at the same moment, then ask for
             more rows the way the player does until their runs end; one more session
             presses Step over and over, timing each press until the page answered.
  connected  M sessions with the page loaded at once: the server's peak memory.
  closed     a session playing a long run flat out closes its tab: how long until the
             server's CPU is idle again.
  cycles     C times: open the page, run to the end, close: the server's memory before
             and after.

By default each measurement gets a fresh server (so one's sessions, kept for reconnection,
do not weigh on the next). Prints one table and writes test-artifacts/load.json. The exit
status is 0 when a target is missed (that is a measurement) and 1 when the client failed:
a protocol error, a traceback on the page, a wrong epoch, a dead server.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from urllib.parse import urlsplit

from .streamlit_client import PageError, ProtocolError, ReplyTimeout, Session

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PHASES = ("play", "connected", "closed", "cycles")
MB = 1024 * 1024
TICK = os.sysconf("SC_CLK_TCK")


class ClientFailure(Exception):
    """The load client could not do its job: the figures would mean nothing."""


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


class Server:
    """`streamlit run app.py` on a free loopback port, stopped by its pid."""

    def __init__(self, name: str = "", start_timeout: float = 90.0, options: list[str] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"load-server-{name or self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             *options],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + start_timeout
            while not healthy(self.url):
                if self.process.poll() is not None:
                    raise ClientFailure(f"the server exited with {self.process.returncode}; "
                                        f"see {self.log_path}")
                if time.monotonic() > deadline:
                    raise ClientFailure(f"no health check answer in {start_timeout:g} s")
                time.sleep(0.3)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()


# ---------------------------------------------------------------- /proc: memory and CPU

def process_tree(pids: list[int]) -> list[int]:
    """The given processes and all their descendants that are alive now."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # gone meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        if pid in found or not os.path.exists(f"/proc/{pid}"):
            continue
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds_of(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, and the same for children already waited for (fields 14-17)
    return sum(int(v) for v in fields[11:15]) / TICK


class Meter:
    """Memory and CPU of the server: its processes and their children."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    @property
    def available(self) -> bool:
        return bool(self.pids)

    def rss(self) -> int:
        return sum(status_kb(p, "VmRSS") for p in process_tree(self.pids)) * 1024

    def high_water(self) -> int:
        """The kernel's peak RSS of each process, summed (an upper bound of the peak)."""
        return sum(status_kb(p, "VmHWM") for p in process_tree(self.pids)) * 1024

    def cpu(self) -> float:
        return sum(cpu_seconds_of(p) for p in process_tree(self.pids))


class PeakSampler:
    """The largest RSS seen, sampled in a thread while a phase runs."""

    def __init__(self, meter: Meter, every: float = 0.2):
        self.meter, self.every = meter, every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.meter.rss())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakSampler:
        if self.meter.available:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)
        if self.meter.available:
            self.peak = max(self.peak, self.meter.rss())


# ---------------------------------------------------------------- helpers

def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Failures:
    """What went wrong, from any thread: client failures and timeouts kept apart."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failures: list[str] = []
        self.timeouts: list[str] = []

    def add(self, where: str, error: BaseException) -> None:
        with self.lock:
            if isinstance(error, ReplyTimeout):
                self.timeouts.append(f"{where}: {error}")
            else:
                self.failures.append(f"{where}: {type(error).__name__}: {error}")


def process_cpu() -> float:
    """CPU seconds of this client process (all its threads), to show it is not the limit."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def open_page(session: Session) -> float:
    """Connect and load the page; the seconds until the first run finished."""
    start = time.perf_counter()
    session.connect()
    session.load()
    if session.player is None:
        raise ProtocolError("the first run drew no player")
    return time.perf_counter() - start


def close_all(sessions: list[Session]) -> None:
    for s in sessions:
        s.close()


@contextlib.contextmanager
def thread_pool(workers: int, sessions: list[Session] = ()):
    """Threads for sessions. On Ctrl-C or an error, the sessions' sockets are shut so their
    threads stop waiting, and work not yet started is dropped (no 200 more cycles)."""
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        yield pool
    except BaseException:
        for s in sessions:
            s.abort()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def bounded(session: Session, deadline: float, run_timeout: float) -> None:
    """Each run waits at most run_timeout, and never past the phase's deadline."""
    left = deadline - time.perf_counter()
    if left <= 0:
        raise ReplyTimeout("the phase's time is up")
    session.timeout = min(run_timeout, left)


def expect_player(reply, name: str) -> dict:
    if reply.player is None:
        raise ProtocolError(f"the run after '{name}' did not redraw the player")
    return reply.player


# ---------------------------------------------------------------- 1. Play at once

def play_through(session: Session, go: threading.Event, speed: float | None,
                 deadline: float, run_timeout: float) -> dict:
    """Press Play when `go` is set, then behave like the player: show the rows at its speed
    and ask for more at the last one, until the run ends; then say it finished. When time
    runs out, says how far it got."""
    go.wait()
    outcome = {"finished": None, "requests": 0, "reached": 0, "final_epoch": None,
               "end": None, "playing_after": None, "timed_out": None}
    try:
        bounded(session, deadline, run_timeout)
        data = expect_player(session.act("play"), "play")
        outcome["requests"] += 1
        outcome["end"] = int(data["end"])
        if not data["playing"]:
            raise ProtocolError(f"Play did not start playback (at {data['at']})")
        shown = int(data["at"])
        while True:
            pace = speed if speed is not None else float(data.get("speed") or 100)
            if pace > 0 and data.get("max_speed"):  # the player slows oscillating runs down
                pace = min(pace, float(data["max_speed"]))
            last = session.last_epoch()
            if pace > 0 and last > shown:
                wait = (last - shown) / pace
                if time.perf_counter() + wait > deadline:
                    outcome["reached"] = shown + (deadline - time.perf_counter()) * pace
                    raise ReplyTimeout("the phase's time ran out during playback")
                time.sleep(wait)
            shown = outcome["reached"] = last
            if not data["more"]:
                break
            bounded(session, deadline, run_timeout)
            data = expect_player(session.act("more", epoch=shown), "more")
            outcome["requests"] += 1
        outcome["finished"] = time.perf_counter()
        bounded(session, deadline, run_timeout)
        data = expect_player(session.act("finished", epoch=shown), "finished")
        outcome["requests"] += 1
        outcome.update(final_epoch=int(data["at"]), playing_after=bool(data["playing"]))
    except ReplyTimeout as error:
        outcome["timed_out"] = str(error)
    return outcome


def press_step(session: Session, stop: threading.Event, gap: float, deadline: float,
               run_timeout: float, limit: int | None = None) -> dict:
    """Press Step again and again (a person clicking), timing each answer. A press still
    unanswered when time runs out is counted apart."""
    latencies, moved, unanswered = [], [], 0
    try:
        while not stop.is_set() and (limit is None or len(latencies) < limit):
            before, end = session.shown_epoch(), int(session.player["end"])
            if before >= end:
                bounded(session, deadline, run_timeout)
                session.act("reset")
                before = session.shown_epoch()
            bounded(session, deadline, run_timeout)
            unanswered = 1
            reply = session.act("step")
            unanswered = 0
            expect_player(reply, "step")
            latencies.append(reply.seconds)
            moved.append(session.shown_epoch() - before)
            stop.wait(gap)
    except ReplyTimeout:
        pass  # what was measured stands
    return {"latencies": latencies, "moved": moved, "unanswered": unanswered}


def play_together(url: str, sessions: int = 30, query: str = "", speed: float | None = None,
                  probe_gap: float = 0.25, idle_steps: int = 10, timeout: float = 180.0,
                  run_timeout: float = 60.0, meter: Meter | None = None) -> dict:
    """Phase 1: `sessions` tabs press Play together while one more presses Step."""
    failures = Failures()
    phase_start = time.perf_counter()
    deadline = phase_start + timeout
    meter = meter or Meter([])
    probe = Session(url, query=query, timeout=run_timeout)
    players = [Session(url, query=query, timeout=run_timeout) for _ in range(sessions)]
    result: dict = {"sessions": sessions, "query": query, "speed": speed,
                    "timeout": timeout, "loaded": 0, "load_seconds": []}
    idle = steps = {"latencies": [], "moved": [], "unanswered": 0}
    outcomes: list[dict] = []
    pressed = time.perf_counter()
    client_cpu = server_cpu = played = None
    try:
        open_page(probe)
        idle = press_step(probe, threading.Event(), 0.05, deadline, run_timeout,
                          limit=idle_steps)
        with thread_pool(sessions + 1, [probe, *players]) as pool:
            loaded = []
            for future, s in [(pool.submit(open_page, s), s) for s in players]:
                try:
                    result["load_seconds"].append(
                        future.result(timeout=max(1, deadline - time.perf_counter())))
                    loaded.append(s)
                except Exception as error:
                    failures.add("loading", error)
            result["loaded"] = len(loaded)

            go, stop = threading.Event(), threading.Event()
            runs = [pool.submit(play_through, s, go, speed, deadline, run_timeout)
                    for s in loaded]
            stepping = pool.submit(press_step, probe, stop, probe_gap, deadline, run_timeout)
            client_cpu = process_cpu()
            server_cpu = meter.cpu() if meter.available else None
            pressed = time.perf_counter()
            go.set()
            for future in runs:
                try:
                    outcomes.append(future.result(
                        timeout=max(1, deadline - time.perf_counter()) + run_timeout))
                except Exception as error:
                    failures.add("playing", error)
            stop.set()
            try:
                steps = stepping.result(timeout=run_timeout + 5)
            except Exception as error:
                failures.add("stepping", error)
            played = time.perf_counter() - pressed
            client_cpu = process_cpu() - client_cpu
            if server_cpu is not None:
                server_cpu = meter.cpu() - server_cpu
    finally:
        close_all([probe, *players])
    done = [o for o in outcomes if o["finished"] is not None]
    for o in done:
        if o["final_epoch"] != o["end"] or o["playing_after"]:
            failures.add("checking", ClientFailure(
                f"a run ended at epoch {o['final_epoch']} of {o['end']}"
                f"{' still playing' if o['playing_after'] else ''}"))
        o["finished"] -= pressed  # perf_counter values mean nothing outside this process
    for o in outcomes:
        if o["timed_out"]:
            failures.add("playing", ReplyTimeout(o["timed_out"]))
    moves = steps["moved"] + idle["moved"]
    if any(m != 1 for m in moves):
        failures.add("checking", ClientFailure(f"a Step moved the epoch by {sorted(set(moves))}"))
    result.update(
        finished=len([o for o in done if o["final_epoch"] == o["end"]]), outcomes=outcomes,
        final_epochs=sorted({o["final_epoch"] for o in done}),
        ends=sorted({o["end"] for o in outcomes if o["end"] is not None}),
        wall_to_last_finish=max((o["finished"] for o in done), default=None),
        finish_seconds=sorted(o["finished"] for o in done),
        reached=sorted(o["reached"] for o in outcomes),
        requests=sum(o["requests"] for o in outcomes),
        step_latencies=steps["latencies"], steps_unanswered=steps["unanswered"],
        idle_step_latencies=idle["latencies"], step_moves=moves,
        client_cpu_seconds=client_cpu, server_cpu_seconds=server_cpu,
        played_seconds=played,
        seconds=time.perf_counter() - phase_start,
        failures=failures.failures, timeouts=failures.timeouts)
    return result


# ---------------------------------------------------------------- 2. Many connected

def many_connected(url: str, meter: Meter, sessions: int = 60, hold: float = 3.0,
                   timeout: float = 180.0, run_timeout: float = 60.0) -> dict:
    """Phase 2: `sessions` tabs with the page loaded at once; the server's memory."""
    failures = Failures()
    start = time.perf_counter()
    deadline = start + timeout
    tabs = [Session(url, timeout=run_timeout) for _ in range(sessions)]
    before = meter.rss() if meter.available else None
    held = None
    load_times = []
    try:
        with PeakSampler(meter) as sampler, thread_pool(sessions, tabs) as pool:
            for future in [pool.submit(open_page, s) for s in tabs]:
                try:
                    load_times.append(future.result(timeout=max(1, deadline - time.perf_counter())))
                except Exception as error:
                    failures.add("loading", error)
            held = meter.rss() if meter.available else None
            time.sleep(max(0.0, min(hold, deadline - time.perf_counter())))
    finally:
        close_all(tabs)
    return {"sessions": sessions, "loaded": len(load_times), "load_seconds": load_times,
            "processes": len(process_tree(meter.pids)) if meter.available else 0,
            "rss_before": before, "rss_all_loaded": held,
            "rss_peak": sampler.peak if meter.available else None,
            "high_water": meter.high_water() if meter.available else None,
            "seconds": time.perf_counter() - start,
            "failures": failures.failures, "timeouts": failures.timeouts}


# ---------------------------------------------------------------- 3. A closed tab

def cpu_samples(meter: Meter, stop: threading.Event, every: float, out: list) -> None:
    while not stop.is_set():
        out.append((time.perf_counter(), meter.cpu()))
        stop.wait(every)


def closed_tab(url: str, meter: Meter, epochs: int = 20_000, busy: float = 1.5,
               watch: float = 10.0, idle_share: float = 0.1, idle_for: float = 1.0,
               every: float = 0.2, timeout: float = 60.0, run_timeout: float = 30.0) -> dict:
    """Phase 3: a tab plays a long run flat out (asking for more as soon as rows arrive),
    then closes while its request is being served; the server's CPU after that."""
    if not meter.available:
        return {"skipped": "no server process to measure (give --pid or --state)"}
    failures = Failures()
    start = time.perf_counter()
    deadline = start + timeout
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=cpu_samples, args=(meter, stop, every, samples),
                               daemon=True)
    tab = Session(url, query=f"epochs={epochs}", timeout=run_timeout)
    closed_at = playing_from = None
    requests = 0
    ended_early = False
    try:
        open_page(tab)
        sampler.start()
        bounded(tab, deadline, run_timeout)
        data = expect_player(tab.act("play"), "play")
        playing_from = time.perf_counter()
        requests = 1
        while time.perf_counter() - playing_from < busy:
            if not data["more"]:
                ended_early = True
                break
            bounded(tab, deadline, run_timeout)
            data = expect_player(tab.act("more", epoch=tab.last_epoch()), "more")
            requests += 1
        if data["more"]:
            tab.act("more", epoch=tab.last_epoch(), wait=False)
            time.sleep(0.1)  # the request trains for 0.3 s: leave in the middle of it
        tab.close()
        closed_at = time.perf_counter()
        time.sleep(watch)
    except Exception as error:
        failures.add("closed tab", error)
    finally:
        tab.close()
        stop.set()
        if sampler.is_alive():
            sampler.join(5)
    result = {"epochs": epochs, "busy_seconds": busy, "requests": requests,
              "ended_before_close": ended_early, "idle_share": idle_share,
              "seconds": time.perf_counter() - start,
              "failures": failures.failures, "timeouts": failures.timeouts}
    if closed_at is None or len(samples) < 2:
        return result
    shares = [(t0, (c1 - c0) / (t1 - t0))
              for (t0, c0), (t1, c1) in zip(samples, samples[1:]) if t1 > t0]
    before = [s for t, s in shares if playing_from <= t < closed_at]
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


# ---------------------------------------------------------------- 4. Cycles

def one_cycle(url: str, run_timeout: float) -> dict:
    tab = Session(url, timeout=run_timeout)
    try:
        load = open_page(tab)
        reply = tab.act("run_end")
        data = expect_player(reply, "run_end")
        return {"load": load, "run_end": reply.seconds, "at": int(data["at"]),
                "end": int(data["end"])}
    finally:
        tab.close()


def cycles(url: str, meter: Meter, count: int = 200, parallel: int = 2, settle: float = 3.0,
           timeout: float = 300.0, run_timeout: float = 60.0) -> dict:
    """Phase 4: open the page, run to the end, close; `count` times, `parallel` at once."""
    failures = Failures()
    start = time.perf_counter()
    deadline = start + timeout
    before = meter.rss() if meter.available else None
    done: list[dict] = []
    curve: list[tuple[int, int]] = []
    with PeakSampler(meter) as sampler, thread_pool(parallel) as pool:
        pending = []
        for _ in range(count):
            pending.append(pool.submit(one_cycle, url, run_timeout))
        every = max(1, count // 8)
        for number, future in enumerate(pending, 1):
            left = deadline - time.perf_counter()
            try:
                done.append(future.result(timeout=max(0.1, left)))
            except FutureTimeout:
                future.cancel()
                failures.add("cycle", ReplyTimeout("the phase's time is up"))
            except Exception as error:
                failures.add("cycle", error)
            if meter.available and number % every == 0:
                curve.append((number, meter.rss()))  # a leak climbs; a bounded cache levels
    wrong = [d for d in done if d["at"] != d["end"]]
    if wrong:
        failures.add("checking", ClientFailure(
            f"{len(wrong)} runs to the end stopped early, e.g. at {wrong[0]['at']}"))
    time.sleep(settle)
    after = meter.rss() if meter.available else None
    return {"cycles": count, "completed": len(done) - len(wrong), "parallel": parallel,
            "load_seconds": [d["load"] for d in done],
            "run_end_seconds": [d["run_end"] for d in done],
            "rss_before": before, "rss_after": after,
            "rss_peak": sampler.peak if meter.available else None,
            "growth": (after - before) if meter.available else None,
            "rss_by_cycle": curve, "settle_seconds": settle, "seconds": time.perf_counter() - start,
            "failures": failures.failures, "timeouts": failures.timeouts}


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


def rows_for(figures: dict, args) -> list[dict]:
    out = []
    p = figures.get("play")
    if p:
        n, done = p["sessions"], p.get("finished", 0)
        pace = "flat out" if args.speed == 0 else f"{args.speed or 100:g} epochs/s playback"
        out.append(row(f"{n} sessions press Play at once: runs finished", done, "runs",
                       f"= {n}", done == n,
                       f"{p.get('requests', 0)} player requests; {pace}; "
                       f"within {p['timeout']:g} s"))
        out.append(row("  wall time from Play to the last finish", p.get("wall_to_last_finish"),
                       "s", note=f"of {done} finished; epochs "
                       f"{'/'.join(map(str, p.get('ends', []))) or '?'}"))
        if p.get("reached") and done < n:
            out.append(row("  epoch shown when time ran out, median",
                           round(quantile(p["reached"], 0.5)), "epoch",
                           note=f"lowest {round(p['reached'][0])}"))
        lat = p.get("step_latencies", [])
        p95 = quantile(lat, 0.95)
        unanswered = p.get("steps_unanswered", 0)
        out.append(row("  Step meanwhile (BackMsg to script_finished), p50",
                       quantile(lat, 0.5), "s",
                       note=f"{len(lat)} presses" + (", the last unanswered" if unanswered
                                                     else "")))
        out.append(row("  Step meanwhile, p95", p95, "s", "< 0.5",
                       None if p95 is None else p95 < 0.5,
                       f"max {max(lat):.2f} s" if lat else ""))
        out.append(row("  Step on the idle server, p50",
                       quantile(p.get("idle_step_latencies", []), 0.5), "s",
                       note=f"{len(p.get('idle_step_latencies', []))} presses before Play"))
        out.append(row(f"  page load with {n} tabs opening at once, p95",
                       quantile(p["load_seconds"], 0.95), "s",
                       note=f"{p['loaded']} of {n} loaded"))
        if p.get("server_cpu_seconds") is not None and p.get("played_seconds"):
            out.append(row("  server CPU while they play", p["server_cpu_seconds"]
                           / p["played_seconds"], "cores",
                           note=f"this client used {p['client_cpu_seconds']:.1f} s CPU in "
                                f"{p['played_seconds']:.0f} s"))
    c = figures.get("connected")
    if c:
        peak = c["rss_peak"]
        out.append(row(f"{c['sessions']} sessions connected: server peak RSS",
                       None if peak is None else peak / MB, "MB", "< 600",
                       None if peak is None else peak < 600 * MB,
                       f"{c['loaded']} loaded; idle before: {mb(c['rss_before'])}; "
                       f"VmHWM {mb(c['high_water'])}"
                       + (f"; summed over {c['processes']} processes"
                          if c.get("processes", 1) > 1 else "")))
        out.append(row("  page load, p95", quantile(c["load_seconds"], 0.95), "s"))
    t = figures.get("closed")
    if t:
        idle = t.get("idle_after")
        note = t.get("skipped") or (
            f"{t['epochs']} epochs; CPU {t['cpu_share_while_playing'] or 0:.0%} of a core "
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
        out.append(row("  server RSS before", None if y["rss_before"] is None
                       else y["rss_before"] / MB, "MB"))
        out.append(row("  server RSS after", None if y["rss_after"] is None
                       else y["rss_after"] / MB, "MB", note=f"{y['settle_seconds']:g} s after"))
        out.append(row("  growth", None if growth is None else growth / MB, "MB", "< 100",
                       None if growth is None else growth < 100 * MB,
                       f"peak {mb(y['rss_peak'])}; includes the closed sessions Streamlit "
                       "keeps for reconnects (up to 128, 2 min)"))
        curve = y.get("rss_by_cycle") or []
        if len(curve) >= 2:
            half = [(n, r) for n, r in curve if n >= curve[-1][0] / 2]
            out.append(row("  growth over the second half of the cycles",
                           (half[-1][1] - half[0][1]) / MB, "MB",
                           note=f"cycles {half[0][0]} to {half[-1][0]}; RSS by cycle: "
                                + ", ".join(f"{n}:{r / MB:.0f}" for n, r in curve)))
    return out


def mb(value) -> str:
    return "n/a" if value is None else f"{value / MB:.0f} MB"


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
        description="Load test of the page over Streamlit's websocket protocol: many "
                    "sessions on 127.0.0.1, bounded in number and time. Prints a table and "
                    "writes test-artifacts/load.json.",
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
    args = parser.parse_args(argv)
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    caps = [("--sessions", args.sessions, 1, 200), ("--connected", args.connected, 1, 300),
            ("--cycles", args.cycles, 1, 5000), ("--cycle-parallel", args.cycle_parallel, 1, 16)]
    for flag, value, low, high in caps:
        if not low <= value <= high:
            parser.error(f"{flag} must be between {low} and {high}")
    if args.url:
        host = urlsplit(args.url).hostname
        if host not in LOOPBACK:
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
    t = args.timeout
    rt = args.run_timeout
    if name == "play":
        query = f"epochs={args.epochs}" if args.epochs is not None else ""
        return play_together(url, args.sessions, query, args.speed, args.probe_gap,
                             args.idle_steps, timeout=t, run_timeout=rt, meter=meter)
    if name == "connected":
        return many_connected(url, meter, args.connected, args.hold, timeout=t, run_timeout=rt)
    if name == "closed":
        return closed_tab(url, meter, args.long_epochs, args.busy, args.watch,
                          timeout=min(t, args.busy + args.watch + 2 * rt), run_timeout=rt)
    return cycles(url, meter, args.cycles, args.cycle_parallel, args.settle, timeout=t,
                  run_timeout=rt)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def stop_on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_term)  # so `finally` stops servers
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
                    server = Server("all" if args.one_server else name,
                                    options=args.server_flags)
                    servers.append(server)
                    shared = server
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
            alive = server.alive() if server else healthy(url)
            if not alive:
                failures.append(f"{name}: the server died")
                break
            if server and not args.one_server:
                server.stop()
    except KeyboardInterrupt:
        failures.append("interrupted")
        code = 130
    except (ClientFailure, ProtocolError, PageError, ReplyTimeout, OSError) as error:
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        for server in servers:
            server.stop()
        signal.signal(signal.SIGTERM, previous)
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
        print(f"\n{len(timeouts)} runs timed out (counted as not finished), e.g. {timeouts[0]}")
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
    print(f"\nfigures written to {args.json}")
    return code


if __name__ == "__main__":
    sys.exit(main())

"""The five phases of `make load` (bench/load.py says what each does), each bounded in
users and in time: Locust runs the page's users (bench/locustfile.py) while the server's
memory and CPU are measured beside them. Each returns its figures as a dict."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import gevent
from gevent.event import Event

from . import locustfile as users
from .meter import Meter, PeakSampler, process_cpu
from .stats import percentile
from .swarm import configure, swarm, wait_until

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
    with swarm(url, [student, stepper], "play", reports) as phase:
        wait_until(lambda: phase.requests("page", "page load") >= sessions + 1, deadline)
        ready.set()
        wait_until(lambda: phase.requests("player", "step (idle server)") >= idle_steps,
                   deadline)
        client_cpu, server_cpu = process_cpu(), meter.cpu()
        pressed = time.perf_counter()
        go.set()
        wait_until(lambda: phase.running("Student") == 0, deadline)
        played = time.perf_counter() - pressed
        client_cpu = process_cpu() - client_cpu
        server_cpu = None if server_cpu is None else meter.cpu() - server_cpu
    done = [o for o in outcomes if o["final_epoch"] is not None]
    return {"sessions": sessions, "query": query, "speed": speed, "timeout": timeout,
            "loaded": phase.succeeded("page", "page load"),
            "pressed_play": len(outcomes), "finished": len(done),
            "final_epochs": sorted({o["final_epoch"] for o in done}),
            "ends": sorted({o["end"] for o in outcomes if o["end"] is not None}),
            "wall_to_last_finish": max((o["finished"] - pressed for o in done), default=None),
            "reached": sorted(o["reached"] for o in outcomes if o["final_epoch"] is None),
            "player_requests": sum(o["requests"] for o in outcomes),
            "step_p50": phase.seconds("player", "step", 50),
            "step_p95": phase.seconds("player", "step", 95),
            "step_max": phase.slowest("player", "step"),
            "steps": phase.requests("player", "step"),
            "idle_step_p50": phase.seconds("player", "step (idle server)", 50),
            "idle_steps": phase.requests("player", "step (idle server)"),
            "load_p95": phase.seconds("page", "page load", 95),
            "client_cpu_seconds": client_cpu, "server_cpu_seconds": server_cpu,
            "played_seconds": played, **phase.outcome()}


# ---------------------------------------------------------------- 2. Run to end at once

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
    with swarm(url, classes, "burst", reports) as phase:
        ready = wait_until(lambda: phase.requests("page", "page load") >= sessions, deadline)
        server_cpu = meter.cpu()
        pressed = time.perf_counter()
        go.set()
        wait_until(lambda: all(phase.running(c.__name__) <= 0 for c in classes), deadline)
        server_cpu = None if server_cpu is None else meter.cpu() - server_cpu
    done = [a for a in answers if a["answered"] is not None]
    waits = [a["answered"] - a["pressed"] for a in done]
    return {"sessions": sessions, "setups": len(classes), "timeout": timeout,
            "all_ready": ready, "loaded": phase.succeeded("page", "page load"),
            "pressed": len(answers), "answered": len(done),
            "lesson_pages": classes[0].fixed_count,
            "lessons_numbers": sum(a["line"] == users.LESSON_LAST_LINE for a in done),
            "last_lines": sorted({json.dumps(a["line"], sort_keys=True) for a in done}),
            "answer_p50": percentile(waits, 50), "answer_p95": percentile(waits, 95),
            "answer_max": max(waits, default=None),
            "spread_of_presses": (max(a["pressed"] for a in answers)
                                  - min(a["pressed"] for a in answers)) if answers else None,
            "wall_to_last_answer": max((a["answered"] - pressed for a in done), default=None),
            "server_cpu_seconds": server_cpu, **phase.outcome()}


# ---------------------------------------------------------------- 3. Many connected

def many_connected(url: str, meter: Meter, sessions: int = 60, hold: float = 3.0,
                   timeout: float = 180.0, run_timeout: float = 60.0,
                   reports: Path | None = None) -> dict:
    """Phase 3: `sessions` Visitors with the page loaded at once; the server's memory."""
    deadline = time.monotonic() + timeout
    visitor = configure(users.Visitor, fixed_count=sessions, run_timeout=run_timeout)
    before = meter.rss()
    with PeakSampler(meter) as sampler, swarm(url, [visitor], "connected", reports) as phase:
        wait_until(lambda: phase.requests("page", "page load") >= sessions, deadline)
        held = meter.rss()
        gevent.sleep(max(0.0, min(hold, deadline - time.monotonic())))
    return {"sessions": sessions, "loaded": phase.succeeded("page", "page load"),
            "load_p95": phase.seconds("page", "page load", 95),
            "processes": len(meter.processes()), "rss_before": before, "rss_all_loaded": held,
            "rss_peak": sampler.peak, "high_water": meter.high_water(), **phase.outcome()}


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
        with swarm(url, [leaver], "closed", reports) as phase:
            if wait_until(lambda: "closed_at" in left or phase.running("Leaver") == 0,
                          deadline):
                gevent.sleep(max(0.0, min(watch, deadline - time.monotonic())))
    finally:
        sampler.kill()
    result = {"epochs": epochs, "busy_seconds": busy, "requests": left.get("requests", 0),
              "ended_before_close": left.get("ended_early", False), "idle_share": idle_share,
              **phase.outcome()}
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
    with PeakSampler(meter) as sampler, swarm(url, [cycler], "cycles", reports) as phase:
        def finished() -> bool:
            if meter.available and tally["completed"] >= (len(curve) + 1) * every:
                curve.append((tally["completed"], meter.rss()))
            return phase.running("Cycler") == 0

        wait_until(finished, deadline)
    seconds_taken = time.perf_counter() - start
    gevent.sleep(settle)
    after = meter.rss()
    return {"cycles": count, "completed": tally["completed"], "parallel": parallel,
            "rss_before": before, "rss_after": after, "rss_peak": sampler.peak,
            "growth": None if before is None else after - before, "rss_by_cycle": curve,
            "settle_seconds": settle, "seconds": seconds_taken, **phase.outcome()}

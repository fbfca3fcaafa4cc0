"""Locust as a library: the page's users (bench/locustfile.py) of one phase, run in this
process, and what they measured.

Each request's time is kept as it is reported (Locust's own statistics round long times
into buckets), so the table's percentiles are bench/stats.py's, of the raw times. Locust's
CSV and HTML reports of each phase keep Locust's own percentiles.
"""

from __future__ import annotations

import contextlib
import csv
import time
from collections import defaultdict
from pathlib import Path

import gevent
from locust.env import Environment
from locust.html import get_html_report
from locust.stats import PERCENTILES_TO_REPORT, StatsCSVFileWriter, stats_history

from .stats import percentile
from .streamlit_client import ReplyTimeout


def configure(user_class: type, **attributes) -> type:
    """A user class for one phase: the page's user with this phase's settings."""
    return type(user_class.__name__, (user_class,), {"abstract": False, **attributes})


def wait_until(condition, deadline: float, every: float = 0.1) -> bool:
    while not condition():
        if time.monotonic() >= deadline:
            return False
        gevent.sleep(every)
    return True


class Swarm:
    """The users of one phase running against a server, and their requests: every time
    reported, by (type, name), failures included as Locust counts them."""

    def __init__(self, env: Environment):
        self.env = env
        self.times: dict[tuple[str, str], list[float]] = defaultdict(list)
        env.events.request.add_listener(self._heard)

    def _heard(self, request_type: str, name: str, response_time: float, **_) -> None:
        self.times[(request_type, name)].append(response_time / 1000)

    def requests(self, kind: str, name: str) -> int:
        return len(self.times.get((kind, name), ()))

    def succeeded(self, kind: str, name: str) -> int:
        e = self.env.stats.entries.get((name, kind))
        return (e.num_requests - e.num_failures) if e else 0

    def seconds(self, kind: str, name: str, percent: float) -> float | None:
        """The `percent` percentile of a request's time, in seconds."""
        return percentile(self.times.get((kind, name), ()), percent)

    def slowest(self, kind: str, name: str) -> float | None:
        return max(self.times.get((kind, name), ()), default=None)

    def running(self, name: str) -> int:
        """Users of the class `name` still running; -1 once the phase has stopped."""
        runner = self.env.runner
        return runner.user_classes_count.get(name, 0) if runner.state == "running" else -1

    def outcome(self) -> dict:
        """The counts of each request, and what went wrong: timeouts (a measurement of a
        server too busy to answer) apart from failures of the client or the page."""
        failures, timeouts = [], []
        for e in self.env.stats.errors.values():
            text = f"{e.method} {e.name}: {e.parse_error(e.error)} ({e.occurrences}×)"
            (timeouts if isinstance(e.error, ReplyTimeout) else failures).append(text)
        exceptions = self.env.runner.exceptions.values()
        failures += [f"exception in a user: {x['msg']}" for x in exceptions]
        counts = {}
        for e in self.env.stats.entries.values():
            times = [t * 1000 for t in self.times.get((e.method, e.name), ())]
            counts[f"{e.method} {e.name}"] = {
                "requests": e.num_requests, "failures": e.num_failures,
                "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                "max_ms": max(times, default=None)}
        return {"requests": counts, "failures": failures, "timeouts": timeouts}


@contextlib.contextmanager
def swarm(url: str, classes: list[type], name: str, reports: Path | None):
    """Locust runs `fixed_count` users of each class against `url`, all spawned at once,
    until the block ends; then its CSV and HTML reports go to `reports`/`name`*."""
    env = Environment(user_classes=list(classes), host=url, locustfile="bench/locustfile.py")
    runner = env.create_local_runner()
    phase = Swarm(env)
    helpers = [gevent.spawn(stats_history, runner)]
    writer = None
    if reports:
        reports.mkdir(parents=True, exist_ok=True)
        writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, str(reports / name), True)
        helpers.append(gevent.spawn(writer.stats_writer))
    count = sum(c.fixed_count for c in classes)
    runner.start(count, spawn_rate=min(count, 100))
    try:
        yield phase
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

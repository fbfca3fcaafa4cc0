"""Many sessions on one server: Locust drives the page's users (bench/locustfile.py), which
speak Streamlit's websocket protocol; this measures the server beside them.

    python -m bench.load                      # starts its own server(s) on 127.0.0.1
    python -m bench.load --cycles 50          # fewer connect/train/disconnect cycles
    python -m bench.load --url http://127.0.0.1:8080 --state RUN_DIR/state.json

Five phases (bench/phases.py), each bounded in users and in time:

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
weigh on the next). Prints one table (bench/table.py), writes test-artifacts/load.json, and
Locust's CSV and HTML reports of each phase to test-artifacts/locust/. The exit status is 0
when a goal is missed (that is a measurement) and 1 when the client failed: a protocol
error, a traceback on the page, a wrong epoch, a dead server.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import gevent

from harness.server import Server, healthy

from . import phases
from .meter import Meter
from .streamlit_client import Session
from .table import print_header, print_row, rows_for

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PHASES = ("play", "burst", "connected", "closed", "cycles")
WIDTH = 56  # of the table's first column

# Each phase's options: flag, type, default, help, and the bounds of a count.
OPTIONS = {
    "play: sessions press Play at once": [
        ("--sessions", int, 30, "sessions pressing Play", (1, 200)),
        ("--epochs", int, None, "epochs of their runs, through the link (default: the page's "
                                "1000)", None),
        ("--speed", float, None, "epochs a second the simulated player shows before asking "
                                 "for more (default: the page's own, 100); 0 asks as soon as "
                                 "rows arrive", None),
        ("--probe-gap", float, 0.25, "seconds between Step presses of the extra session",
         None),
        ("--idle-steps", int, 10, "Step presses timed on the idle server first, for "
                                  "comparison", None)],
    "burst: sessions press Run to end at once": [
        ("--burst-sessions", int, 30, "sessions pressing Run to end", (1, 200)),
        ("--burst-setups", int, 1, "different setups they are dealt round (1: all the "
                                   "lesson's)", (1, 200))],
    "connected: many sessions at once": [
        ("--connected", int, 60, "sessions connected", (1, 300)),
        ("--hold", float, 3.0, "seconds to keep them all connected", None)],
    "closed: a tab closed mid-run": [
        ("--long-epochs", int, 20_000, "epochs of the long run (above 20,000 the page's fast "
                                       "engine trains it all at once)", None),
        ("--busy", float, 1.5, "seconds of playing flat out before the tab closes", None),
        ("--watch", float, 8.0, "seconds of watching the server's CPU after the close", None)],
    "cycles: connect, run to the end, disconnect": [
        ("--cycles", int, 200, "how many", (1, 5000)),
        ("--cycle-parallel", int, 2, "how many at a time", (1, 16)),
        ("--settle", float, 3.0, "seconds to wait before reading the memory after the cycles",
         None)],
    "limits": [
        ("--timeout", float, 120.0, "seconds per phase (for play: from the first page load)",
         None),
        ("--run-timeout", float, 60.0, "seconds one script run may take before it counts as "
                                       "lost", None)],
}


class ClientFailure(Exception):
    """The load client could not do its job: the figures would mean nothing."""


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
    for title, options in OPTIONS.items():
        group = parser.add_argument_group(title)
        for flag, kind, default, text, _ in options:
            group.add_argument(flag, type=kind, default=default, help=text)
    parser.add_argument("--json", type=Path, default=ARTIFACTS / "load.json",
                        help="where to write the figures")
    parser.add_argument("--reports", type=Path, default=ARTIFACTS / "locust",
                        help="where Locust's CSV and HTML reports of each phase go")
    args = parser.parse_args(argv)
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    for flag, _, _, _, bounds in (o for options in OPTIONS.values() for o in options):
        value = getattr(args, flag[2:].replace("-", "_"))
        if bounds and not bounds[0] <= value <= bounds[1]:
            parser.error(f"{flag} must be between {bounds[0]} and {bounds[1]}")
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
    limits = {"timeout": args.timeout, "run_timeout": args.run_timeout, "reports": args.reports}
    if name == "play":
        query = f"epochs={args.epochs}" if args.epochs is not None else ""
        return phases.play_together(url, args.sessions, query, args.speed, args.probe_gap,
                                    args.idle_steps, meter=meter, **limits)
    if name == "burst":
        return phases.burst(url, args.burst_sessions, args.burst_setups, meter=meter, **limits)
    if name == "connected":
        return phases.many_connected(url, meter, args.connected, args.hold, **limits)
    if name == "closed":
        # the phase's own bound: the play, the watch and two runs' worth of answers
        limits["timeout"] = min(args.timeout, args.busy + args.watch + 2 * args.run_timeout)
        return phases.closed_tab(url, meter, args.long_epochs, args.busy, args.watch, **limits)
    return phases.cycles(url, meter, args.cycles, args.cycle_parallel, args.settle, **limits)


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
    print_header(width=WIDTH, results=True)
    for r in rows:
        print_row(r, WIDTH)
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

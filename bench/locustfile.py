"""The page's users for Locust: browser tabs without the browser (bench/streamlit_client.py).

    locust -f bench/locustfile.py --host http://127.0.0.1:8501 --headless -u 31 -r 31 -t 2m \\
        --csv test-artifacts/locust/class --html test-artifacts/locust/class.html
    locust -f bench/locustfile.py --host ... --processes 2    # load from every core
    locust -f bench/locustfile.py --host ... --master          # and --worker on other machines

A plain run like these has Students (Play to the end, Reset, Play again) and one Stepper.
`make load` (bench/load.py) runs these users phase by phase through Locust's library and
measures the server beside them.

Each player button pressed is one request to Locust, of type "player" and named after the
action (play, more, finished, step, run_end, reset), timed from the BackMsg sent to its
run's script_finished; opening the page is "page load" and a run from Play to its last row
shown is "playback". A run that ends on the wrong epoch, or a Step that does not move one
epoch, is a failure of its request; so is a run that gets no answer in `run_timeout`. A tab
whose request failed is closed, and the user opens the page again on its next task.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import gevent
from gevent.event import Event
from locust import User, constant, task
from locust.exception import RescheduleTask

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `locust -f bench/locustfile.py` puts only bench/ on the path
    sys.path.insert(0, str(ROOT))

from bench.streamlit_client import ProtocolError, Session  # noqa: E402


class ClientFailure(Exception):
    """The page answered, but not as it should: a run ending on the wrong epoch, a Step that
    moved by more or less than one."""


class Tab(User):
    """One browser tab of the page at `host`, opened with the link's `query`."""

    abstract = True
    query = ""  # the link's query string, e.g. "epochs=1500"
    run_timeout = 60.0  # seconds one script run may take before it counts as lost

    def __init__(self, environment):
        super().__init__(environment)
        self.tab: Session | None = None

    def on_stop(self) -> None:
        self.close()

    def close(self) -> None:
        if self.tab is not None:
            self.tab.close()
            self.tab = None

    def report(self, name: str, seconds: float, size: int = 0, error: Exception | None = None,
               kind: str = "player") -> None:
        self.environment.events.request.fire(
            request_type=kind, name=name, response_time=seconds * 1000, response_length=size,
            exception=error, context={})

    def fail(self, name: str, seconds: float, error: Exception):
        """Report a failed request, close the tab (a late answer would be read as the next
        run's) and end the task a second later, as a person would try again."""
        self.report(name, seconds, error=error)
        self.close()
        gevent.sleep(1)
        raise RescheduleTask() from error

    def open(self) -> Session:
        """The tab, opening the page first if it is not open."""
        if self.tab is None:
            tab = Session(self.host, query=self.query, timeout=self.run_timeout)
            start = time.perf_counter()
            try:
                tab.connect()
                reply = tab.load()
                if tab.player is None:
                    raise ProtocolError("the first run drew no player")
            except Exception as error:
                tab.close()
                self.fail("page load", time.perf_counter() - start, error)
            self.report("page load", time.perf_counter() - start, reply.received_bytes,
                        kind="page")
            self.tab = tab
        return self.tab

    def press(self, action: str, name: str = "", wait: bool = True, check=None,
              **value) -> dict | None:
        """Press a player button, as the player's JavaScript sends it; the player's new
        data. `check(data)` may raise ClientFailure."""
        tab = self.open()
        start = time.perf_counter()
        try:
            reply = tab.act(action, wait=wait, **value)
            if not wait:
                return None
            if reply.player is None:
                raise ProtocolError(f"the run after '{action}' did not redraw the player")
            if check:
                check(reply.player)
        except Exception as error:
            self.fail(name or action, time.perf_counter() - start, error)
        self.report(name or action, reply.seconds, reply.received_bytes)
        return reply.player


class Student(Tab):
    """Opens the page, presses Play and plays the run as the player does: shows the rows it
    has at the player's speed and asks for more at the last one, until the run ends; then
    Reset and Play again (or leave, after `plays` runs). The browser's player asks 2 s of
    playback before the last row (player/js/clock.js): the same requests, a little earlier."""

    speed: float | None = None  # epochs a second shown; None: the page's own; 0: flat out
    go: Event | None = None  # press Play only once it is set (bench.load: all at once)
    plays = 0  # runs before leaving; 0: until the test stops
    outcomes: list | None = None  # each run's outcome is appended here

    def __init__(self, environment):
        super().__init__(environment)
        self.played = 0

    @task
    def play_to_the_end(self) -> None:
        if self.plays and self.played >= self.plays:
            self.stop()
            return
        self.open()
        if self.go is not None:
            self.go.wait()
        self.played += 1
        outcome = {"pressed": time.perf_counter(), "requests": 0, "end": None, "reached": 0,
                   "finished": None, "final_epoch": None}
        if self.outcomes is not None:
            self.outcomes.append(outcome)

        def playing(data):
            if not data["playing"]:
                raise ClientFailure(f"Play did not start playback (at {data['at']})")

        data = self.press("play", check=playing)
        outcome["requests"] += 1
        outcome["end"] = end = int(data["end"])
        shown = int(data["at"])
        while True:
            pace = self.speed if self.speed is not None else float(data.get("speed") or 100)
            if pace > 0 and data.get("max_speed"):  # the player slows oscillating runs down
                pace = min(pace, float(data["max_speed"]))
            last = self.tab.last_epoch()
            if pace > 0 and last > shown:
                gevent.sleep((last - shown) / pace)
            shown = outcome["reached"] = last
            if not data["more"]:
                break
            data = self.press("more", epoch=shown)
            outcome["requests"] += 1
        outcome["finished"] = time.perf_counter()

        def stopped_at_the_end(data):
            if int(data["at"]) != end or data["playing"]:
                raise ClientFailure(f"a run ended at epoch {data['at']} of {end}"
                                    + (", still playing" if data["playing"] else ""))

        data = self.press("finished", epoch=shown, check=stopped_at_the_end)
        outcome["requests"] += 1
        outcome["final_epoch"] = int(data["at"])
        self.report("playback", outcome["finished"] - outcome["pressed"], kind="run")
        if not self.plays or self.played < self.plays:
            self.press("reset")


class Stepper(Tab):
    """Presses Step again and again, `gap` seconds apart (a person clicking); Reset at the
    end of the run. With `go`, it first presses `idle_steps` times, named "step (idle
    server)", once `ready` is set, and waits for `go` for the rest."""

    fixed_count = 1
    gap = 0.25
    go: Event | None = None
    ready: Event | None = None
    idle_steps = 0

    def __init__(self, environment):
        super().__init__(environment)
        self.idle_pressed = 0

    def wait_time(self) -> float:
        return self.gap if self.go is None or self.go.is_set() else 0.05

    @task
    def step(self) -> None:
        tab = self.open()
        name = "step"
        if self.go is not None and not self.go.is_set():
            if self.ready is not None:
                self.ready.wait()
            if self.idle_pressed < self.idle_steps:
                self.idle_pressed += 1
                name = "step (idle server)"
            else:
                self.go.wait()
        if tab.shown_epoch() >= int(tab.player["end"]):
            self.press("reset")
        before = tab.shown_epoch()

        def moved_one(data):
            if int(data["at"]) != before + 1:
                raise ClientFailure(f"a Step moved the epoch from {before} to {data['at']}")

        self.press("step", name=name, check=moved_one)


LESSON_LAST_LINE = {"epoch": 1000, "W": "1.971", "b": "0.066", "cost": "0.000633"}


def last_line(data: dict) -> dict:
    """The last row the player was sent, as the lesson prints it."""
    rows = data["rows"]
    return {"epoch": int(rows["epoch"][-1]), "W": f"{rows['W'][-1]:.3f}",
            "b": f"{rows['b'][-1]:.3f}", "cost": f"{rows['cost'][-1]:.6f}"}


class Burster(Tab):
    """Opens the page, waits for `go` (set once every Burster has it loaded), presses Run to
    end once and leaves. The answer must show the run's end, with `expect`'s numbers (the
    lesson's last line by default); each answer is appended to `answers`: when it was
    pressed, when it came, the last line it showed."""

    abstract = True
    go: Event | None = None
    expect: dict | None = LESSON_LAST_LINE
    answers: list | None = None

    def __init__(self, environment):
        super().__init__(environment)
        self.pressed = False

    @task
    def run_to_end_together(self) -> None:
        if self.pressed:  # once: a failed press is not tried again
            self.stop()
            return
        self.open()
        if self.go is not None:
            self.go.wait()
        self.pressed = True
        answer = {"pressed": time.perf_counter(), "answered": None, "line": None}
        if self.answers is not None:
            self.answers.append(answer)

        def the_runs_end(data):
            line = last_line(data)
            if int(data["at"]) != int(data["end"]) or line["epoch"] != int(data["end"]):
                raise ClientFailure(f"Run to end showed epoch {data['at']} of {data['end']}")
            if self.expect is not None and line != self.expect:
                raise ClientFailure(f"Run to end showed {line}, not {self.expect}")

        data = self.press("run_end", name="run to end (burst)", check=the_runs_end)
        answer["answered"] = time.perf_counter()
        answer["line"] = last_line(data)
        self.stop()


class Visitor(Tab):
    """Opens the page and leaves it open."""

    abstract = True
    wait_time = constant(1)

    @task
    def stay(self) -> None:
        self.open()


class Leaver(Tab):
    """Plays a long run flat out (asking for more as soon as rows arrive) for `busy`
    seconds, then closes the tab while its last request is being served; notes when in
    `left`."""

    abstract = True
    query = "epochs=20000"
    busy = 1.5
    left: dict | None = None

    @task
    def play_then_close(self) -> None:
        left = self.left if self.left is not None else {}
        data = self.press("play")
        left.update(playing_from=time.perf_counter(), requests=1, ended_early=False)
        while time.perf_counter() - left["playing_from"] < self.busy:
            if not data["more"]:
                left["ended_early"] = True
                break
            data = self.press("more", epoch=self.tab.last_epoch())
            left["requests"] += 1
        if data["more"]:
            self.press("more", epoch=self.tab.last_epoch(), wait=False)
            gevent.sleep(0.1)  # a request trains for about 0.3 s: leave in the middle of it
        self.close()
        left["closed_at"] = time.perf_counter()
        self.stop()


class Cycler(Tab):
    """Opens the page, runs to the end, closes the tab; again, until the Cyclers together
    have started `cycles` (0: until the test stops). `tally` counts them."""

    abstract = True
    cycles = 0
    tally: dict | None = None

    def on_start(self) -> None:
        if self.tally is None:
            self.tally = {}
        for key in ("started", "completed"):
            self.tally.setdefault(key, 0)

    @task
    def cycle(self) -> None:
        if self.cycles and self.tally["started"] >= self.cycles:
            self.stop()
            return
        self.tally["started"] += 1
        try:
            def at_the_end(data):
                if int(data["at"]) != int(data["end"]):
                    raise ClientFailure(f"Run to end stopped at {data['at']} of {data['end']}")

            self.press("run_end", check=at_the_end)
            self.tally["completed"] += 1
        finally:
            self.close()

"""The load client against a real server, at a tiny scale: a few sessions, short runs.

If the client spoke the protocol wrongly (say, a wrong trigger widget id), the server would
quietly ignore its presses; these checks would catch it: runs would not end on their last
epoch and Step would not move the epoch (both are failures of their requests in Locust). A
press reruns only the player's fragment, as in a browser.

Locust patches the standard library for gevent when it is imported, so `make load` and the
`locust` command run in processes of their own here, never inside pytest.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.streamlit_client import FINISHED, Session
from harness.server import ROOT, Server

pytestmark = pytest.mark.timeout(180)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server():
    s = Server(log_name="load-server-test.log")
    try:
        with Session(s.url, timeout=120) as tab:  # the first run imports and fills caches
            tab.load()
        yield s
    finally:
        s.stop()
    assert s.process.returncode is not None  # stopped, not left running


def requests(path: Path) -> dict[str, dict]:
    """Locust's stats CSV: each request's row, by "type name"."""
    with open(path, newline="") as f:
        return {f"{r['Type']} {r['Name']}".strip(): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def load(server, tmp_path_factory):
    """`python -m bench.load` against the server: every phase, a few sessions each."""
    out = tmp_path_factory.mktemp("load")
    command = [sys.executable, "-m", "bench.load", "--url", server.url, "--pid", str(server.pid),
               "--sessions", "2", "--epochs", "1500", "--speed", "0", "--probe-gap", "0.05",
               "--idle-steps", "3", "--burst-sessions", "4", "--burst-setups", "2",
               "--connected", "3", "--hold", "0.2", "--busy", "1.0",
               "--watch", "3", "--cycles", "3", "--cycle-parallel", "1", "--settle", "0",
               "--timeout", "60", "--run-timeout", "30",
               "--json", str(out / "load.json"), "--reports", str(out / "locust")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=150)
    report = json.loads((out / "load.json").read_text())
    return done, report, out / "locust"


def test_step_and_run_to_end_on_one_tab(server):
    with Session(server.url, query="epochs=40") as tab:
        first = tab.load()
        assert first.status == FINISHED.FINISHED_SUCCESSFULLY
        assert first.player["end"] == 40 and tab.shown_epoch() == 0
        assert tab.fragment_id and tab.player_id.endswith("-player")
        reply = tab.act("step")
        assert reply.status == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        assert reply.seconds > 0 and reply.player["at"] == 1
        tab.act("step10")
        assert tab.shown_epoch() == 11
        tab.act("run_end")
        assert tab.shown_epoch() == 40 and tab.last_epoch() == 40
        tab.act("reset")
        assert tab.shown_epoch() == 0


def test_the_command_prints_a_table_and_writes_json(load):
    done, report, _ = load
    assert done.returncode == 0, done.stdout + done.stderr
    assert report["failures"] == [] and report["timeouts"] == []
    names = [r["name"] for r in report["rows"]]
    assert any("press Play at once" in n for n in names)
    assert any("press Run to end at once" in n for n in names)
    assert any("peak RSS" in n for n in names)
    assert any("CPU is idle" in n for n in names)
    assert any("growth" in n for n in names)
    assert "| figure" in done.stdout and "2 sessions press Play at once" in done.stdout
    assert all(r["result"] != "n/a" for r in report["rows"] if r["goal"])


def test_sessions_play_to_the_end_while_another_steps(load):
    _, report, reports = load
    play = report["phases"]["play"]
    # 1500 epochs of the lesson's engine take more than the first request's share
    assert play["loaded"] == 3 and play["pressed_play"] == 2
    assert play["finished"] == 2
    assert play["ends"] == [1500] and play["final_epochs"] == [1500]
    assert play["player_requests"] >= 6  # Play, more, finished
    assert play["steps"] >= 3 and play["idle_steps"] == 3  # each moved one epoch
    assert 0 < play["idle_step_p50"] and 0 < play["step_p50"] <= play["step_p95"]
    assert play["wall_to_last_finish"] > 0
    stats = requests(reports / "play_stats.csv")
    for name in ("page page load", "player play", "player more", "player finished",
                 "player step", "player step (idle server)", "run playback"):
        assert int(stats[name]["Request Count"]) > 0 and stats[name]["Failure Count"] == "0"
    assert stats["run playback"]["Request Count"] == "2"
    assert '"name": "step (idle server)"' in (reports / "play.html").read_text()


def test_sessions_pressing_run_to_end_together_each_get_their_runs_end(load):
    _, report, reports = load
    burst = report["phases"]["burst"]
    assert burst["all_ready"] and burst["loaded"] == 4
    assert burst["pressed"] == burst["answered"] == 4
    # two pages on the lesson's setup, two on lr 0.0101: the lesson's line on the first two
    assert burst["lesson_pages"] == burst["lessons_numbers"] == 2
    lesson = '{"W": "1.971", "b": "0.066", "cost": "0.000633", "epoch": 1000}'
    assert lesson in burst["last_lines"] and len(burst["last_lines"]) == 2
    assert 0 < burst["answer_p50"] <= burst["answer_p95"] <= burst["answer_max"]
    stats = requests(reports / "burst_stats.csv")
    assert stats["player run to end (burst)"]["Request Count"] == "4"
    assert stats["player run to end (burst)"]["Failure Count"] == "0"


def test_cycles_and_connected_sessions_are_measured(load):
    _, report, reports = load
    cycled = report["phases"]["cycles"]
    assert cycled["completed"] == 3
    assert cycled["rss_before"] > 50 * MB and cycled["rss_after"] > 50 * MB
    assert cycled["rss_peak"] >= cycled["rss_before"]
    assert requests(reports / "cycles_stats.csv")["player run_end"]["Request Count"] == "3"
    connected = report["phases"]["connected"]
    assert connected["loaded"] == 3
    assert connected["rss_peak"] >= connected["rss_before"] > 50 * MB


def test_a_closed_tab_lets_the_server_idle(load):
    result = load[1]["phases"]["closed"]
    assert not result["ended_before_close"]
    assert result["cpu_share_while_playing"] > 0.2  # the tab really kept the server busy
    assert result["idle_after"] is not None and result["idle_after"] < 3


def test_the_locust_command_runs_the_page_users(server, tmp_path):
    command = [sys.executable, "-m", "locust", "-f", "bench/locustfile.py", "--host", server.url,
               "--headless", "-u", "2", "-r", "2", "-t", "4s", "--csv", str(tmp_path / "class"),
               "--html", str(tmp_path / "class.html")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    stats = requests(tmp_path / "class_stats.csv")
    assert int(stats["player step"]["Request Count"]) >= 3  # one Stepper, 4 presses a second
    assert int(stats["player play"]["Request Count"]) >= 1  # one Student
    assert stats["Aggregated"]["Failure Count"] == "0"
    assert (tmp_path / "class.html").stat().st_size > 0


def test_a_small_class_joins_follows_and_answers_through_the_load_driver():
    """bench/class_load.py with a few students: every one joins by its link, every one
    sees the teacher's change, and every answer reaches the board's data."""
    from bench.class_load import measure

    rows = {row["name"]: row for row in measure(students=4, idle_seconds=2)}
    assert rows["class on one server: students joined by their links"]["value"] == 4
    change = rows["a teacher's Step on every student's page, p95"]
    assert change["value"] < 10 and "0 missed" in change["note"]
    answers = next(r for n, r in rows.items() if "answers sent at once" in n)
    assert answers["note"].startswith("4 of 4")


def test_an_answer_reruns_the_students_page_without_the_figures_its_player_holds(tmp_path):
    """A class's answer runs the player's fragment, then the whole page (the panel shows the
    answer): that run's message leaves out the figures, which the player holds already
    (ui/player.py, rerun_next). Sent again, they were most of each answer's cost."""
    from linreg.classroom.room import Classroom
    from linreg.classroom.store import open_store

    store = f"sqlite://{tmp_path / 'classes.sqlite3'}"
    server = Server(extra_env={"LINREG_STORE": store}, log_name="load-answer-test.log")
    try:
        room = Classroom(open_store(store))
        code, key = room.start({}, "en", client="test")
        with Session(server.url, query=f"join={code}&name=Ann", timeout=120) as tab:
            first = tab.load()
            assert first.player["figs"] is not None and first.player["watch"]
            tab.act("drawn")  # the rest of the page, as the player asks once it has drawn
            room.ask(code, key, "where_after", {"steps": 10})
            tab.act("class_sync", version=room.version(code))
            assert tab.player["class_place"] == 10
            reply = tab.act("class_answer", answer={"kind": "where_after", "W": 1.0,
                                                    "b": 0.5, "steps": 10})
            assert room.board(code, key)["answered"] == 1
            assert reply.status == FINISHED.FINISHED_SUCCESSFULLY
            assert reply.player is not None and reply.player["figs"] is None
            assert tab.player["figs"] is not None  # as the player holds them
    finally:
        server.stop()

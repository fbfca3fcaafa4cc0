"""The load client against a real server, at a tiny scale: a few sessions, short runs.

If the client spoke the protocol wrongly (say, a wrong trigger widget id), the server would
quietly ignore its presses; these checks would catch it: runs would not end on their last
epoch and Step would not move the epoch. A press reruns only the player's fragment, as in a
browser.
"""

from __future__ import annotations

import json

import pytest

from bench import load
from bench.streamlit_client import FINISHED, Session

pytestmark = pytest.mark.timeout(120)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server():
    s = load.Server("test")
    try:
        load.warm_up(s.url, 60)
        yield s
    finally:
        s.stop()
    assert s.process.returncode is not None  # stopped, not left running


def test_sessions_play_to_the_end_while_another_steps(server):
    # 1500 epochs of the lesson's engine take more than the first request's share
    result = load.play_together(server.url, sessions=2, query="epochs=1500", speed=0,
                                probe_gap=0.05, idle_steps=3, timeout=60, run_timeout=30)
    assert result["failures"] == [] and result["timeouts"] == []
    assert result["loaded"] == 2
    assert result["finished"] == 2
    assert result["ends"] == [1500]
    assert result["final_epochs"] == [1500]
    assert all(o["requests"] >= 3 for o in result["outcomes"])  # Play, more, finished
    assert len(result["step_moves"]) >= 3
    assert set(result["step_moves"]) == {1}
    latencies = result["step_latencies"] + result["idle_step_latencies"]
    assert latencies and all(x > 0 for x in latencies)
    assert result["wall_to_last_finish"] > 0


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


def test_cycles_and_connected_sessions_are_measured(server):
    meter = load.Meter([server.pid])
    cycled = load.cycles(server.url, meter, count=3, parallel=1, settle=0, timeout=60)
    assert cycled["failures"] == [] and cycled["completed"] == 3
    assert cycled["rss_before"] > 50 * MB and cycled["rss_after"] > 50 * MB
    assert cycled["rss_peak"] >= cycled["rss_before"]
    connected = load.many_connected(server.url, meter, sessions=3, hold=0.2, timeout=60)
    assert connected["failures"] == [] and connected["loaded"] == 3
    assert connected["rss_peak"] >= connected["rss_before"] > 50 * MB


def test_a_closed_tab_lets_the_server_idle(server):
    meter = load.Meter([server.pid])
    result = load.closed_tab(server.url, meter, epochs=20_000, busy=1.0, watch=3.0)
    assert result["failures"] == []
    assert not result["ended_before_close"]
    assert result["cpu_share_while_playing"] > 0.2  # the tab really kept the server busy
    assert result["idle_after"] is not None and result["idle_after"] < 3


def test_the_command_prints_a_table_and_writes_json(server, tmp_path, capsys):
    out = tmp_path / "load.json"
    code = load.main(["--url", server.url, "--pid", str(server.pid), "--sessions", "2",
                      "--epochs", "100", "--speed", "0", "--idle-steps", "2", "--connected", "2",
                      "--hold", "0.2", "--busy", "0.5",
                      "--watch", "1.5", "--cycles", "2", "--settle", "0", "--json", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    report = json.loads(out.read_text())
    assert report["failures"] == []
    names = [r["name"] for r in report["rows"]]
    assert any("press Play at once" in n for n in names)
    assert any("peak RSS" in n for n in names)
    assert any("CPU is idle" in n for n in names)
    assert any("growth" in n for n in names)
    assert "| figure" in printed and "2 sessions press Play at once" in printed

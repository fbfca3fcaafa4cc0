"""The offline player's file: self-contained, small enough, and the core's numbers."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linreg import Settings, preset
from linreg.lab import Lab
from linreg.texts import texts
from player.offline import bank_rates, offline_html

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lesson_file() -> str:
    return offline_html(preset("lesson"), Settings(), texts("en"), "en",
                        "http://127.0.0.1:8501/")


def document(text: str) -> dict:
    found = re.search(r'<script type="application/json" id="linreg-run">(.*?)</script>', text,
                      re.S)
    return json.loads(found.group(1))


def test_the_lessons_file_is_at_most_3_mb(lesson_file):
    assert len(lesson_file.encode()) <= 3 * 2**20


def test_nothing_is_fetched_from_elsewhere(lesson_file):
    assert not re.search(r"<script[^>]*\bsrc=", lesson_file)
    assert not re.search(r"<link\b", lesson_file)
    assert "default-src 'none'" in lesson_file  # the browser refuses any fetch
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", lesson_file, flags=re.S)
    hrefs = re.findall(r'href="([^"]*)"', markup)
    assert hrefs == ["http://127.0.0.1:8501/"]  # the way back to the live page (the lesson)


def test_the_bank_holds_the_rates_a_learner_tries_with_the_cores_numbers(lesson_file):
    doc = document(lesson_file)
    rates = [run["lr"] for run in doc["bank"]]
    assert {0.01, 0.1, 0.17, 0.19} <= set(rates)
    by_rate = {run["lr"]: run for run in doc["bank"]}
    assert "rows" not in by_rate[0.01]  # the file's own run: every epoch, in the message
    assert len(doc["message"]["rows"]["epoch"]) == 1001
    assert by_rate[0.19]["diverged"].startswith("Diverged at epoch 91")
    lab = Lab(settings=Settings(lr=0.1))
    lab.run_to_end()
    rows = by_rate[0.1]["rows"]
    assert rows["epoch"][-1] == 1000
    assert rows["W"][-1] == pytest.approx(lab.state.W, rel=1e-8)
    assert f"{rows['cost'][-1]:.6f}" == f"{lab.state.cost:.6f}"


def test_a_rate_grid_for_other_data_stays_within_the_scrubbers_range():
    rates = bank_rates(0.0021, 2.1e-6, 0.0042, 0.001)
    assert 0.001 in rates and min(rates) >= 2.1e-6 and max(rates) <= 0.0042
    assert 0.0021 in rates and 0.0019 in rates  # two digits near the bound


def test_markup_in_any_word_stays_text():
    words = dict(texts("en"), offline_title="</script><script>alert(1)</script>",
                 diverged="<img src=x onerror=alert(1)> {epoch}{cost}{bound}")
    text = offline_html(preset("lesson"), Settings(lr=0.19), words, "en",
                        'http://x/"><script>alert(2)</script>')
    assert "<script>alert" not in text and "<img" not in text
    assert document(text)["message"]["diverged"].startswith("<img")  # kept as text


def player_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "player", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_the_command_line_writes_the_file(tmp_path):
    path = tmp_path / "run.html"
    result = player_command(str(path), "--lang", "ko", "--epochs", "200")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr.startswith("linreg: wrote the offline player")
    text = path.read_text(encoding="utf-8")
    assert '<html lang="ko">' in text and texts("ko")["offline_title"] in text
    assert document(text)["message"]["end"] == 200
    assert document(text)["message"]["log"][-1][1] == (
        "Epoch  200/200 W: 1.800, b: 0.454 Cost: 0.029767")  # the lesson's line for epoch 200


@pytest.mark.parametrize("args, why", [
    (["{dir}/missing/run.html", "--epochs", "5"], "linreg: error: cannot write "),
    (["{dir}/run.html", "--lr", "abc"], "linreg: error: "),
    (["{dir}/run.html", "--x", "1,2", "--y", "1"], "linreg: error: --x has 2 values"),
    (["{dir}/run.html", "--lang", "fr"], "python -m player: error: argument --lang"),
    ([], "python -m player: error: the following arguments are required: file"),
])
def test_bad_input_is_one_line_and_exit_2_and_no_file(tmp_path, args, why):
    result = player_command(*(a.format(dir=tmp_path) for a in args))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(why) and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "run.html").exists()

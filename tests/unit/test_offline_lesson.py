"""The offline lesson's file: every screen's run is the core's, screen 4 prints the lesson's
log, each question holds the core's verdicts, and nothing is fetched from elsewhere."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lesson_log import LESSON_LOG

from linreg import lesson
from linreg.lab import Lab
from linreg.lesson_lab02 import LESSON as LAB02
from linreg.presets import preset
from linreg.questions import Answer, judge
from linreg.share import decode
from linreg.texts import texts
from player.offline import lesson_html

ROOT = Path(__file__).resolve().parents[2]
MB = 1e6


@pytest.fixture(scope="module")
def lesson_file() -> str:
    return lesson_html(lesson.builtin(), texts("ko"), "ko")


def document(text: str) -> dict:
    found = re.search(r'<script type="application/json" id="linreg-run">(.*?)</script>', text,
                      re.S)
    return json.loads(found.group(1))


def core_run(screen: lesson.Screen) -> Lab:
    setup = decode(screen.link_setup())
    lab = Lab(setup.data or preset("lesson"), setup.settings)
    lab.run_to_end()
    return lab


def test_each_screen_holds_its_words_and_the_cores_run(lesson_file):
    doc = document(lesson_file)
    built = lesson.builtin()
    assert len(doc["screens"]) == len(built.screens) and doc["title"] == built.title["ko"]
    for shown, screen in zip(doc["screens"], built.screens, strict=True):
        assert (shown["title"], shown["text"], shown["notice"]) == screen.words("ko")
        lab, rows = core_run(screen), shown["message"]["rows"]
        assert rows["epoch"][-1] == lab.state.epoch
        assert rows["W"][-1] == pytest.approx(lab.state.W, rel=1e-8)
        assert shown["message"]["lr"] == lab.settings.lr
        assert len(shown["bank"]) > 10  # the rates a learner tries, each the core's run


def test_screen_4_prints_the_lessons_log(lesson_file):
    log = document(lesson_file)["screens"][3]["message"]["log"]
    assert [line for _, line in log] == LESSON_LOG


def test_each_question_offers_one_right_answer_with_the_cores_verdicts(lesson_file):
    words = texts("ko")
    for shown, screen in zip(document(lesson_file)["screens"], lesson.builtin().screens,
                             strict=True):
        if screen.question is None:
            assert shown["question"] is None
            continue
        choices = shown["question"]["choices"]
        assert [c["right"] for c in choices].count(True) == 1
        setup = decode(screen.link_setup())
        state = Lab(setup.data or preset("lesson"), setup.settings).state
        for choice in choices:
            numbers = re.findall(r"-?\d+\.\d+", choice["label"])
            if screen.question.kind == "rate_zone":
                zone = next(z for z in ("smooth", "oscillating", "diverging")
                            if words["zone_" + z] == choice["label"])
                answer = Answer("rate_zone", zone=zone)
            elif screen.question.kind == "next_W":
                answer = Answer("next_W", W=float(numbers[0]))
            else:
                answer = Answer("where_after", W=float(numbers[0]), b=float(numbers[1]),
                                steps=screen.question.steps)
            verdict = judge(state, answer)
            assert (choice["right"], choice["says"]) == (
                verdict.right, verdict.says(words, shown["message"]["full_batch"]))


def test_the_file_fetches_nothing_and_each_screen_is_smaller_than_a_runs_file(lesson_file):
    assert not re.search(r"<script[^>]*\bsrc=", lesson_file)
    assert not re.search(r"<link\b", lesson_file) and "default-src 'none'" in lesson_file
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", lesson_file, flags=re.S)
    assert not re.findall(r'href="([^"]*)"', markup)
    sizes = [len(json.dumps(s, ensure_ascii=False).encode()) for s in
             document(lesson_file)["screens"]]
    assert max(sizes) <= 2 * MB  # the offline player's run file today: about 2 MB


def test_the_command_line_writes_a_lesson_from_its_file(tmp_path):
    source = tmp_path / "mine.json"
    source.write_text(json.dumps(dict(LAB02, screens=LAB02["screens"][2:4])), encoding="utf-8")
    path = tmp_path / "lesson.html"
    result = subprocess.run([sys.executable, "-m", "player", str(path), "--lesson", str(source),
                             "--lang", "en"], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    doc = document(path.read_text(encoding="utf-8"))
    assert [s["title"] for s in doc["screens"]] == [
        s["title"]["en"] for s in LAB02["screens"][2:4]]
    assert [line for _, line in doc["screens"][1]["message"]["log"]] == LESSON_LOG


def test_a_bad_lesson_file_is_one_line_and_exit_2_and_no_file(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text("{}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "player", str(tmp_path / "x.html"),
                             "--lesson", str(source)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "linreg: error: This is not a linreg lesson file (JSON).\n"
    assert not (tmp_path / "x.html").exists()

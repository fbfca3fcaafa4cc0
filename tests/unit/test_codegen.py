"""The code behind a run prints the run's log when run with the project's Python."""

import ast
import io
import re
import subprocess
import sys
import tokenize

import pytest

from linreg import Settings, TrainState, points, preset, run
from linreg.codegen import lesson_code
from linreg.lessonlog import log_entries
from linreg.train import look_ahead


def page_log(data, settings, model="tensor"):
    state = run(TrainState(data, settings, model=model))
    h = state.history
    ahead = look_ahead(state, 1)
    after = (ahead["W"][0], ahead["b"][0]) if len(ahead["W"]) else None
    lines = [line for _, line in log_entries(h["W"], h["b"], h["cost"], settings.epochs,
                                             settings.log_every, after)]
    return lines, state


def script_output(code: str, tmp_path) -> list[str]:
    path = tmp_path / "run.py"
    path.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


SETUPS = [
    (preset("lesson"), Settings()),
    (points([0.5, 1.25, 2, 3.75, 5], [1.1, 2.3, 2.9, 5.2, 6.8], [4], [5.5]),
     Settings(lr=0.03, epochs=300, w0=0.5, b0=-1, optimizer="momentum", momentum=0.8,
              batch_size=2, seed=5, log_every=25)),
    (points([1, 2, 3], [4, 5, 6]), Settings(lr=0.05, epochs=200, optimizer="adam",
                                           log_every=20)),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("form", ["tensor", "module"])
@pytest.mark.parametrize("data, settings", SETUPS)
def test_the_script_prints_the_pages_log(tmp_path, data, settings, form, lang):
    expected, _ = page_log(data, settings, form)
    assert script_output(lesson_code(settings, data, form, lang), tmp_path) == expected


@pytest.mark.parametrize("lang, says", [("en", "Diverged at epoch {}"),
                                        ("ko", "{} 에폭에서 발산했습니다")])
def test_a_diverging_run_stops_at_the_same_epoch(tmp_path, lang, says):
    data, settings = preset("lesson"), Settings(lr=0.19)
    expected, state = page_log(data, settings)
    out = script_output(lesson_code(settings, data, lang=lang), tmp_path)
    assert out[:-1] == expected
    assert out[-1] == says.format(state.divergence.epoch)


LOG_FORMAT = "Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}"  # the lesson's, in every language
CODE_WORDS = {"linreg", "Lab", "python", "py"}  # names, not English


def comments_and_messages(code: str) -> tuple[list[str], list[str]]:
    """Every # comment, and every string a print() call prints (f-string fields left out)."""
    comments = [tok.string for tok in tokenize.generate_tokens(io.StringIO(code).readline)
                if tok.type == tokenize.COMMENT]
    messages = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
            for part in ast.walk(node):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    messages.append(part.value)
    return comments, messages


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in CODE_WORDS]


@pytest.mark.parametrize("form", ["tensor", "module"])
@pytest.mark.parametrize("data, settings", SETUPS)
def test_the_korean_script_comments_and_speaks_in_korean(data, settings, form):
    comments, messages = comments_and_messages(lesson_code(settings, data, form, "ko"))
    assert comments and messages
    for text in comments + [m for m in messages if m != LOG_FORMAT]:
        assert re.search("[가-힣]", text) and not english_words(text), text
    assert LOG_FORMAT in messages
    assert lesson_code(settings, data, form) == lesson_code(settings, data, form, "en")

"""The code behind a run prints the run's log when run with the project's Python."""

import subprocess
import sys

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


@pytest.mark.parametrize("form", ["tensor", "module"])
@pytest.mark.parametrize("data, settings", SETUPS)
def test_the_script_prints_the_pages_log(tmp_path, data, settings, form):
    expected, _ = page_log(data, settings, form)
    assert script_output(lesson_code(settings, data, form), tmp_path) == expected


def test_a_diverging_run_stops_at_the_same_epoch(tmp_path):
    data, settings = preset("lesson"), Settings(lr=0.19)
    expected, state = page_log(data, settings)
    out = script_output(lesson_code(settings, data), tmp_path)
    assert out[:-1] == expected
    assert out[-1] == f"Diverged at epoch {state.divergence.epoch}"

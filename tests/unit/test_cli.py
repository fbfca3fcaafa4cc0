import subprocess
import sys

import pytest

from linreg import cli
from linreg.cli import main
from player import __main__ as player_cli


def test_a_diverging_run_says_so_and_when(capsys):
    assert main(["--lr", "0.19"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Epoch    0/1000")
    assert out[-1].startswith("Diverged at epoch ") and "0.1803" in out[-1]


def test_a_first_update_that_diverges_prints_no_log_line_but_says_so(capsys):
    # x in the thousands: 2/lambda_max is tiny, the lesson's 0.01 diverges at once
    assert main(["--x", "3292,2,3", "--y", "2,4,6", "--epochs", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Diverged at epoch 1:") and "Epoch" not in out


def test_a_csv_file(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbfX;Y\r\n1;2\r\n2;4\r\n3;6\r\nbad;1\r\n")
    assert main(["--data", str(path), "--epochs", "10", "--log-every", "10"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "Epoch    0/10 W: 0.187, b: 0.080 Cost: 18.666666"
    assert "1 of 4 rows were skipped" in captured.err


@pytest.mark.parametrize("args", [
    ["--lr", "abc"], ["--lr", "nan"], ["--epochs", "-1"], ["--epochs", "2.5"],
    ["--optimizer", "rmsprop"], ["--x", "1,2", "--y", "1"], ["--x", "1", "--y", "1"],
    ["--x", "1,a", "--y", "1,2"], ["--data", "/nonexistent.csv"], ["--bogus"],
])
def test_bad_input_exits_2_with_one_line_and_no_traceback(args):
    result = subprocess.run([sys.executable, "-m", "linreg", *args], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


RUN_OPTIONS = {"--x", "--y", "--data", "--lr", "--epochs", "--w0", "--b0", "--log-every",
               "--optimizer", "--momentum", "--batch-size", "--seed"}  # as the README lists


@pytest.mark.parametrize("module, parser, own", [
    ("linreg", cli._parser, {"--model", "--engine"}),
    ("player", player_cli._parser, {"file", "--lang", "--lesson"}),  # the offline file
])
def test_help_explains_every_option(module, parser, own):
    """Each option's own explanation is printed next to it (argparse lists the names alone
    for any option, explained or not)."""
    result = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0
    shown = " ".join(result.stdout.split())  # argparse wraps lines
    options = [a for a in parser()._actions if a.dest != "help"]
    names = {(a.option_strings or [a.dest])[0] for a in options}
    assert names == RUN_OPTIONS | own
    for action in options:
        name = (action.option_strings or [action.dest])[0]
        assert action.help and len(action.help.split()) >= 3, name
        assert f"{name} " in shown
        assert " ".join(action.help.split()) in shown, name


def test_a_csv_with_a_200000_digit_number_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("1" * 200_000 + ",2\n1,2\n2,4\n3,6\n")
    result = subprocess.run([sys.executable, "-m", "linreg", "--data", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("linreg: error: Line 1: ")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path, capsys, monkeypatch):
    from linreg import parsing

    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 2**20)
    path = tmp_path / "big.csv"
    path.write_bytes(b"1,2\n" * (3 * 2**18))  # 3 MB
    assert main(["--data", str(path)]) == 2
    assert capsys.readouterr().err == "linreg: error: The file is 3.0 MB; the limit is 1 MB.\n"


def test_a_default_run_does_not_import_what_it_does_not_use():
    """pandas reads files (--data); a default run trains the lesson's data without it."""
    code = ("import sys, runpy; sys.argv = ['linreg', '--epochs', '0']\n"
            "try:\n    runpy.run_module('linreg', run_name='__main__')\n"
            "except SystemExit as end:\n    assert end.code == 0, end.code\n"
            "print(sorted(m for m in ('pandas', 'plotly', 'streamlit') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Epoch    0/0 W: 0.187, b: 0.080 Cost: 18.666666", "[]"]

"""The lesson's numbers, exact: the contract of the whole project."""

import pytest
import torch
from lesson_log import LESSON_LOG

from linreg import Settings, TrainState, preset, run, step
from linreg.cli import lesson_log, main


def the_lessons_loop(x, y, lr, epochs, every):
    """The lesson's code, as printed there, returning its log lines."""
    import torch.optim as optim

    torch.manual_seed(1)
    x_train = torch.FloatTensor(x)
    y_train = torch.FloatTensor(y)
    W = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = optim.SGD([W, b], lr=lr)
    lines = []
    for epoch in range(epochs + 1):
        hypothesis = x_train * W + b
        cost = torch.mean((hypothesis - y_train) ** 2)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if epoch % every == 0:
            lines.append('Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'.format(
                epoch, epochs, W.item(), b.item(), cost.item()))
    return lines


def test_the_default_run_prints_the_lessons_log(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.splitlines() == LESSON_LOG


def test_the_module_form_prints_the_lessons_log(capsys):
    assert main(["--model", "module"]) == 0
    assert capsys.readouterr().out.splitlines() == LESSON_LOG


def test_the_lessons_own_loop_gives_the_lessons_log():
    assert the_lessons_loop([[1], [2], [3]], [[2], [4], [6]], 0.01, 1000, 100) == LESSON_LOG


@pytest.mark.parametrize(
    "xs, ys, lr, epochs, every",
    [
        ([1, 2, 3], [4, 5, 6], 0.01, 1000, 100),  # the lesson's first data
        ([0.5, 1.5, 2.5, 7], [1, -2, 3.25, 4], 0.03, 300, 7),
        ([10, 20, 30], [1, 2, 3.5], 0.001, 50, 5),
        ([-3, 0, 3, 4], [9, 1, 0, 2], 0.05, 200, 1),
    ],
)
def test_any_data_prints_what_the_lessons_loop_prints(capsys, xs, ys, lr, epochs, every):
    expected = the_lessons_loop([[v] for v in xs], [[v] for v in ys], lr, epochs, every)
    code = main([f"--x={','.join(map(str, xs))}", f"--y={','.join(map(str, ys))}",
                 "--lr", str(lr), "--epochs", str(epochs), "--log-every", str(every)])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == expected


def test_page_epochs_count_updates_and_end_on_the_lessons_last_line():
    state = TrainState(preset("lesson"), Settings())
    assert step(state)
    assert (state.epoch, f"{state.W:.3f}", f"{state.b:.3f}") == (1, "0.187", "0.080")
    run(state)
    assert state.epoch == 1000
    assert (f"{state.W:.3f}", f"{state.b:.3f}", f"{state.cost:.6f}") == ("1.971", "0.066",
                                                                          "0.000633")


def test_the_log_reads_the_history_as_the_lesson_prints():
    state = TrainState(preset("lesson"), Settings(epochs=1000))
    run(state, 1001)
    assert lesson_log(state) == LESSON_LOG

"""The player's numbers in Chromium: formatted as Python formats them, fitting their boxes,
and the step in numbers taken from the core's rows (the browser does no training itself)."""

from __future__ import annotations

import random
import re
import struct

import pytest
from playerview import PLAYER, metric, module, press, wait_for

from harness.browsing import wait_idle
from linreg.presets import preset
from linreg.settings import Settings
from linreg.train import TrainState, run


def f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def lesson_values(rng: random.Random, n: int) -> list[float]:
    """Values like the lesson's: W, b, gradients and costs, in float32 as the core keeps them,
    spread over magnitudes, with exact halfway cases and signed zeros."""
    out = [0.0, -0.0, 0.0005, -0.0005, 0.0625, -0.0625, 0.0078125, 1 / 3, 18.666666]
    while len(out) < n:
        kind = rng.randrange(5)
        if kind == 0:
            out.append(f32(rng.uniform(-5, 5)))
        elif kind == 1:
            out.append(f32(rng.uniform(-50, 50)))
        elif kind == 2:
            out.append(f32(10 ** rng.uniform(-7, 2)))
        elif kind == 3:  # halfway between two printed values, exactly (a dyadic fraction)
            out.append(rng.randint(-20000, 20000) / rng.choice([16, 128, 2048]))
        else:
            out.append(rng.uniform(-20, 20))
    return out


def test_the_readout_numbers_are_pythons_format(browser):
    page = module(browser, "format.js")
    values = lesson_values(random.Random(7), 4000)
    shown = page.evaluate("""(xs) => xs.map((x) =>
        [m.fixed(x, 3), m.fixed(x, 6), m.readout(x, 3), m.readout(x, 6, true)])""", values)
    width = page.evaluate("m.READOUT_WIDTH")
    for x, (f3, f6, r3, r6) in zip(values, shown, strict=True):
        assert (f3, f6) == (format(x, ".3f"), format(x, ".6f")), x
        # in the lesson's range a readout is the lesson's format (a cost under 1e-6 aside)
        assert len(r3) <= width and len(r6) <= width, x
        if len(f3) <= width:
            assert r3 == f3, x
        if len(f6) <= width and (x == 0 or abs(x) >= 5e-7):
            assert r6 == f6, x
    page.close()


def short_e(text: str) -> str:
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{exponent[0]}{int(exponent[1:])}"


def test_large_and_tiny_readouts_take_a_short_scientific_form(browser):
    page = module(browser, "format.js")
    rng = random.Random(11)
    values = [rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 40) for _ in range(2000)]
    values += [1829444224.0, -16622.083984375, 3.2e-9, 9999.9995, 1e100, -1e100, 5e-324]
    shown = page.evaluate("""(xs) => xs.map((x) => [m.scientific(x, 3), m.scientific(x, 0),
        m.readout(x, 3), m.readout(x, 6, true)])""", values)
    for x, (e3, e0, r3, r6) in zip(values, shown, strict=True):
        assert (e3, e0) == (short_e(format(x, ".3e")), short_e(format(x, ".0e"))), x
        for text, digits in ((r3, 3), (r6, 6)):
            assert len(text) <= 9, (x, text)
            fits = len(format(x, f".{digits}f")) <= 9 and not (digits == 6 and 0 < abs(x) < 5e-7)
            if not fits:  # the same number, to the digits that fit
                mantissa = text.split("e")[0]
                places = len(mantissa.split(".")[1]) if "." in mantissa else 0
                assert text == short_e(format(x, f".{places}e")), (x, text)
    readouts = page.evaluate("""() => [m.readout(-16622.083984375, 3), m.readout(1829444224, 6,
        true), m.readout(3.2e-9, 6, true), m.readout(0, 6, true), m.readout(-1e100, 3)]""")
    assert readouts == ["-1.662e+4", "1.829e+9", "3.200e-9", "0.000000", "-1.0e+100"]
    page.close()


def test_every_value_of_the_lesson_reads_as_the_lesson_prints_it(browser):
    state = TrainState(preset("lesson"), Settings())
    run(state)
    h = state.history
    columns = {name: [float(v) for v in h[name]] for name in ("W", "b", "dW", "db", "cost",
                                                                "test_cost")}
    page = module(browser, "format.js")
    shown = page.evaluate("""(c) => Object.fromEntries(Object.entries(c).map(([name, xs]) =>
        [name, xs.map((x) => name.endsWith("cost") ? m.readout(x, 6, true) : m.readout(x, 3))]))""",
                          columns)
    for name, xs in columns.items():
        spec = ".6f" if name.endswith("cost") else ".3f"
        assert shown[name] == [format(x, spec) for x in xs], name
    page.close()


def assert_readouts_fit(page) -> None:
    boxes = page.evaluate(f"""() => [...document.querySelectorAll(
        '{PLAYER} [data-testid^="linreg-metric-"]')].filter((v) => v.checkVisibility())
        .map((v) => [v.dataset.testid, v.textContent, v.scrollWidth, v.clientWidth])""")
    assert len(boxes) == 7  # the lesson's data has a test point: all seven readouts show
    for name, text, scroll, client in boxes:
        assert scroll <= client, (name, text, scroll, client)


@pytest.mark.parametrize("query, width", [("lr=0.19", 1400), ("lr=0.19", 390),
                                          ("lr=0.19&present=1", 1400)])
def test_a_diverged_runs_readouts_fit_their_boxes(open_page, artifacts, query, width):
    page = open_page(query, viewport=(width, 1200))
    wait_for(page, "d.figuresDrawn")
    assert metric(page, "cost") == "18.666666"  # the widest of the lesson's: it fits too
    assert_readouts_fit(page)
    press(page, "run_end")
    wait_for(page, "d.serverEpoch === '90' && d.serverPlaying === 'false'")
    wait_idle(page)
    assert (metric(page, "W"), metric(page, "cost")) == ("-1.662e+4", "1.829e+9")
    assert_readouts_fit(page)
    page.screenshot(path=str(artifacts / f"diverged-{width}{'-present' * ('present' in query)}"
                                         ".png"))


STEP = re.compile(r"^(W|b) ← \1 − lr · d\1 = (-?\d+\.\d{6}) − (\S+) × \(?(-?\d+\.\d{6})\)?"
                  r"(?: = (-?\d+\.\d{6}))?$")


def step_lines(page) -> dict:
    text = page.locator('[data-testid="linreg-step"]').inner_text()
    out = {}
    for line in text.splitlines():
        match = STEP.match(line)
        assert match, line
        name, before, _, _, after = match.groups()
        out[name] = (before, after)
    return out


def test_the_step_shows_the_cores_next_row(page):
    """Stepping through the lesson, each step's result is where the next step starts. At
    epoch 9, float64 arithmetic in the browser printed W after the update as 1.166347; the
    core (float32, as the lesson) has 1.166348. Paused on the last row computed, the result
    comes from the payload's `next` (the core's state one update on), or is left out."""
    wait_for(page, "d.figuresDrawn")
    previous = step_lines(page)
    for epoch in range(1, 11):
        press(page, "step")
        wait_for(page, f"d.serverEpoch === '{epoch}' && metric('epoch') === '{epoch}'")
        now = step_lines(page)
        for name in ("W", "b"):
            assert previous[name][1] in (None, now[name][0]), (epoch, name, previous, now)
        previous = now
    assert step_lines(page)["W"][0] == "1.166348" and metric(page, "epoch") == "10"


def test_while_playing_the_step_shows_the_next_row(page):
    """Playing, the rows run ahead of the picture: every step shows its result, the core's."""
    wait_for(page, "d.figuresDrawn")
    page.evaluate("""() => {  // the test keeps what the step box said at each epoch
        const box = document.querySelector('[data-testid="linreg-step"]');
        const epoch = document.querySelector('[data-testid="linreg-metric-epoch"]');
        window.stepsSeen = {};
        new MutationObserver(() => { window.stepsSeen[epoch.textContent] = box.textContent; })
            .observe(box, {childList: true, characterData: true, subtree: true});
    }""")
    page.select_option('[data-testid="linreg-speed"]', "3")
    press(page, "play")
    wait_for(page, "d.playing === 'true' && +d.epoch >= 12", timeout=60_000)
    press(page, "play")
    seen = page.evaluate("window.stepsSeen")
    lines = {}
    for epoch in range(1, 12):
        assert str(epoch) in seen, (epoch, sorted(seen, key=int))
        lines[epoch] = {}
        for line in seen[str(epoch)].splitlines():
            match = STEP.match(line)
            assert match, line
            lines[epoch][match.group(1)] = (match.group(2), match.group(5))
    for epoch in range(1, 11):
        for name in ("W", "b"):
            result, start = lines[epoch][name][1], lines[epoch + 1][name][0]
            assert result is not None and result == start, (epoch, name, lines[epoch])
    assert lines[9]["W"][1] == "1.166348"


def test_the_step_is_written_from_the_rows_and_next(browser):
    page = module(browser, "readouts.js")
    data = {"lr": 0.1, "optimizer": "sgd", "full_batch": True, "more": False, "next": None,
            "update_rule": "SGD"}
    rows = {"epoch": [0, 1, 5], "W": [1.0, 0.25, 2.0], "b": [0.5, 0.75, 1.0],
            "dW": [-1.0, 2.0, 0.5], "db": [0.5, -0.5, 0.25]}

    def step(i, **changes):
        return page.evaluate("([d, r, i]) => m.stepText(d, r, i)", [{**data, **changes}, rows, i])

    # the next row's values, not 1.0 - 0.1 * -1.0 = 1.1
    assert step(0) == ("W ← W − lr · dW = 1.000000 − 0.1 × (-1.000000) = 0.250000\n"
                       "b ← b − lr · db = 0.500000 − 0.1 × 0.500000 = 0.750000")
    # rows 1 and 2 are epochs 1 and 5 (a long run, thinned): no row holds epoch 2
    assert step(1) == ("W ← W − lr · dW = 0.250000 − 0.1 × 2.000000\n"
                       "b ← b − lr · db = 0.750000 − 0.1 × (-0.500000)")
    # past the last row: the core's `next`, or no result
    assert step(2, next={"W": 1.5, "b": 0.875}).endswith("= 1.500000\n"
                                                         "b ← b − lr · db = 1.000000 − 0.1 × "
                                                         "0.250000 = 0.875000")
    assert step(2) == step(2, next=None) == ("W ← W − lr · dW = 2.000000 − 0.1 × 0.500000\n"
                                             "b ← b − lr · db = 1.000000 − 0.1 × 0.250000")
    assert step(2, next={"W": 1.5, "b": 0.875}, more=True) == step(2)  # rows are on the way
    assert step(0, optimizer="adam", update_rule="Adam") == \
        "dW = -1.000000, db = 0.500000  (Adam)"
    page.close()

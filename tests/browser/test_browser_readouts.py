"""The player's numbers in Chromium: the step in numbers taken from the core's rows (the
browser does no training arithmetic of its own)."""

from __future__ import annotations

import re

from playerview import metric, press, wait_for

from ui.assets.bundle import join
from ui.player import PLAYER_MODULES


def module(browser, entry: str):
    """A bare page with one player module (and what it imports) loaded as `window.m`."""
    page = browser.new_page()
    page.evaluate("""async (source) => {
        const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
        window.m = await import(url);
    }""", join(PLAYER_MODULES, entry))
    return page


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

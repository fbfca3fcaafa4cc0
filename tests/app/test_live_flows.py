"""The player's quick paths: a rate set on its scrubber, a Step drawn from the rows ahead."""

from __future__ import annotations

import pytest


def test_a_rate_from_the_scrubber_is_the_runs_and_the_sidebars(page):
    page.act("step10")
    page.act("set_lr", lr=0.19)
    assert page.player["lr"] == 0.19
    assert page.at.session_state["set_lr"] == 0.19  # the sidebar's field follows
    assert page.player["at"] == 10  # continues from here, like the sidebar
    assert page.at.query_params["lr"] == "0.19"


@pytest.mark.parametrize("bad", ["x", None, -1, float("nan"), 1e9, True])
def test_a_bad_rate_from_the_scrubber_is_refused_and_changes_nothing(page, bad):
    page.act("step")
    page.act("set_lr", lr=bad)
    assert page.player["lr"] == 0.01 and page.player["at"] == 1
    assert page.errors()


def test_a_locked_rate_cannot_be_scrubbed(open_link):
    page = open_link({"lock": "lr"})
    page.act("set_lr", lr=0.1)
    assert page.player["lr"] == 0.01 and page.errors()


def test_a_step_names_the_epoch_the_player_shows_from_the_rows_ahead(page):
    ahead = page.player["ahead"]
    assert ahead["epoch"][:3] == [1, 2, 3]
    page.act("step", to=3)  # three quick Steps, the last message carries them all
    assert page.player["at"] == 3
    assert page.shown["W"] == ahead["W"][2]
    page.act("step", to=3)  # a late copy changes nothing
    assert page.player["at"] == 3


@pytest.mark.parametrize("epoch", [float("inf"), float("-inf"), float("nan"), 10**400])
def test_an_epoch_beyond_any_number_from_the_player_is_ignored(page, epoch):
    page.act("step", epoch=epoch)
    assert not page.at.exception and page.player["at"] == 1


def test_fewer_epochs_than_shown_ends_the_run_there(page):
    page.act("step10")
    page.at.number_input(key="set_epochs").set_value(3).run()
    assert page.player["at"] == 3 and page.player["end"] == 3

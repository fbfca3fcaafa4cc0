"""Each mission's check, on runs that solve it and runs that do not."""

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linreg import InputError, Settings, preset
from linreg.dataset import points
from linreg.lab import Lab
from linreg.missions import (
    MISSIONS,
    OPEN,
    SOLVED,
    TRIED,
    Progress,
    check,
    lesson_line,
    report,
    report_from_dict,
)
from linreg.share import MISSION_IDS, decode, encode


def mission_lab(mission_id: str, **changes) -> Lab:
    """A lab set up as the mission's link sets it, then changed as a learner would."""
    mission = next(m for m in MISSIONS if m.id == mission_id)
    setup = decode(mission.setup)
    assert not setup.notices, setup.notices
    return Lab(setup.data or preset("lesson"), setup.settings.but(**changes)
               if changes else setup.settings)


def test_there_are_at_least_eight_missions_with_unique_ids_and_clean_setups():
    assert len(MISSIONS) >= 8
    assert len({m.id for m in MISSIONS}) == len(MISSIONS)
    for m in MISSIONS:
        assert not decode(m.setup).notices


def test_links_know_every_mission_by_name():
    assert MISSION_IDS == tuple(m.id for m in MISSIONS)
    view = decode({"mission": "edge", "solved": "zigzag,fast_fit", "predict": "0"}).view
    assert (view.mission, view.solved, view.predict) == ("edge", {"zigzag", "fast_fit"}, False)
    assert decode(encode(Settings(), preset("lesson"), view)).view == view
    broken = decode({"mission": "<script>", "solved": "edge,nope"})
    assert broken.view.mission is None and broken.view.solved == {"edge"}
    assert [n.params["name"] for n in broken.notices] == ["mission", "solved"]


def test_a_fresh_mission_is_open():
    for m in MISSIONS:
        assert check(m.id, mission_lab(m.id)).status == OPEN, m.id


def test_fast_fit_needs_a_larger_rate():
    lab = mission_lab("fast_fit")
    lab.run_to_end()
    assert check("fast_fit", lab).status == TRIED  # 0.01 is far too slow for 100 epochs
    lab = mission_lab("fast_fit", lr=0.15)
    lab.run_to_end()
    assert check("fast_fit", lab).status == SOLVED


@pytest.mark.parametrize("lr, status, why", [(0.1, TRIED, "small"), (0.175, SOLVED, ""),
                                              (0.19, TRIED, "diverged")])
def test_edge_of_stability_within_five_percent_of_the_bound(lr, status, why):
    lab = mission_lab("edge", lr=lr)
    lab.run_to_end()
    assert check("edge", lab) == check("edge", lab)
    assert (check("edge", lab).status, check("edge", lab).why) == (status, why)


@pytest.mark.parametrize("lr, status", [(0.05, TRIED), (0.12, SOLVED), (0.2, TRIED)])
def test_zigzag_means_oscillating_yet_converging(lr, status):
    lab = mission_lab("zigzag", lr=lr)
    lab.run_to_end()
    assert check("zigzag", lab).status == status


def test_diverge_and_name_the_epoch():
    lab = mission_lab("diverge", lr=0.19)
    lab.run_to_end()
    assert check("diverge", lab, None).status == OPEN  # diverged, no epoch said yet
    assert check("diverge", lab, "90").status == TRIED
    assert check("diverge", lab, " 91 ").status == SOLVED
    assert check("diverge", lab, "9" * 500).status == OPEN  # not a number of epochs
    calm = mission_lab("diverge", lr=0.05)
    calm.run_to_end()
    assert check("diverge", calm, "91") == check("diverge", calm, None)
    assert check("diverge", calm).status == TRIED


def test_momentum_beats_plain_sgd_at_the_same_rate():
    lab = mission_lab("momentum", optimizer="momentum", momentum=0.9)
    lab.run_to_end()
    assert check("momentum", lab).status == SOLVED
    plain = mission_lab("momentum")
    plain.run_to_end()
    assert check("momentum", plain).why == "optimizer"
    weak = mission_lab("momentum", optimizer="momentum", momentum=0.0)
    weak.run_to_end()
    assert check("momentum", weak).status == TRIED  # momentum 0 is plain SGD: no faster


def test_one_point_moved_doubles_the_slope():
    lab = mission_lab("slope_double")
    lab.edit_points({"op": "move", "index": 2, "x": 3.0, "y": 10.0})
    assert check("slope_double", lab).status == SOLVED
    lab = mission_lab("slope_double")
    lab.edit_points({"op": "move", "index": 2, "x": 3.0, "y": 7.0})
    assert check("slope_double", lab) .why == "slope"
    two = mission_lab("slope_double")
    two.change_data(points([1, 2, 3], [-2, 4, 10]), restart=True)  # steep, but two moved
    assert check("slope_double", two).why == "one_point"


def test_a_start_in_the_flat_valley_leaves_most_of_the_cost():
    lab = mission_lab("flat_valley")
    lab.run_to_end()
    assert check("flat_valley", lab).status == TRIED  # the lesson's start falls fast
    lab = mission_lab("flat_valley", w0=0.0, b0=4.5)  # along the flat direction
    lab.step(100)
    assert check("flat_valley", lab).status == SOLVED


def test_the_lessons_line_for_epoch_500():
    assert lesson_line(500) == "Epoch  500/1000 W: 1.903, b: 0.221 Cost: 0.007024"
    lab = mission_lab("lesson_500")
    assert check("lesson_500", lab, "Epoch  500/1000 W: 1.903, b: 0.221 Cost: 0.007024") \
        .status == SOLVED
    assert check("lesson_500", lab, "Epoch 500/1000  W: 1.903, b: 0.221 Cost: 0.007024\n") \
        .status == SOLVED  # spacing is not the point
    assert check("lesson_500", lab, "Epoch  500/1000 W: 1.904, b: 0.221 Cost: 0.007024") \
        .status == TRIED
    assert check("lesson_500", lab, "x" * 100_000).status == TRIED


def test_an_unknown_mission_is_open_and_checks_never_train():
    lab = Lab()
    assert check("nope", lab).status == OPEN
    for m in MISSIONS:
        check(m.id, lab, "1")
    assert lab.state.epoch == 0 and lab.settings == Settings()


def test_a_report_to_a_class_says_the_mission_status_and_rate_and_reads_back():
    lab = mission_lab("fast_fit", lr=0.1)
    lab.run_to_end()
    progress = check("fast_fit", lab)
    assert progress.status == SOLVED
    sent = report("fast_fit", progress, lab)
    assert sent == {"kind": "mission", "mission": "fast_fit", "status": "solved", "lr": 0.1,
                    "epoch": 100}
    assert report_from_dict(sent, "fast_fit") == sent
    with pytest.raises(InputError):
        report_from_dict(sent, "edge")  # a report on another mission than the one asked
    with pytest.raises(InputError):
        report_from_dict(report("fast_fit", Progress(OPEN), lab), "fast_fit")


values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                   st.lists(st.integers(), max_size=3), st.sampled_from(
                       ["mission", "fast_fit", "solved", "tried", "open"]))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")), deadline=None)
@given(message=st.one_of(values, st.dictionaries(
    st.sampled_from(["kind", "mission", "status", "lr", "epoch", "extra"]), values, max_size=6)))
def test_any_report_is_read_clean_or_refused(message):
    try:
        clean = report_from_dict(message, "fast_fit")
    except InputError as error:
        assert error.code == "answer_bad"
        return
    assert set(clean) == {"kind", "mission", "status", "lr", "epoch"}
    assert clean["mission"] == "fast_fit" and clean["status"] in (SOLVED, TRIED)
    assert math.isfinite(clean["lr"]) and 0 <= clean["lr"] and type(clean["epoch"]) is int

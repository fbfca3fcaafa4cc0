"""Links and setup files: a setup goes out and comes back the same; bad parts are dropped."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linreg import Generator, Settings, points, preset
from linreg.share import MAX_LINK_POINTS, View, decode, encode, from_json, to_json


def test_the_lessons_setup_is_a_bare_link():
    assert encode(Settings(), preset("lesson"), View()) == {}
    setup = decode({})
    assert setup.settings == Settings() and setup.data is None and setup.notices == ()


def test_every_setting_round_trips():
    s = Settings(lr=0.0375, epochs=2500, w0=-1.25, b0=3.5, optimizer="adam", batch_size=2,
                 momentum=0.8, seed=42, log_every=50)
    data = points([0.1, 1.7, 3.3, 10], [2.2, 5.5, -1, 7.25], [12], [30.5])
    view = View(lang="ko", show_3d=True, present=True, reduced_motion=True,
                locks=frozenset({"lr", "data"}))
    params = encode(s, data, view)
    back = decode(params)
    assert back.settings == s and back.data == data and back.view == view
    assert back.notices == ()


def test_presets_are_named_not_spelled_out():
    assert encode(Settings(), preset("noisy"), View()) == {"data": "noisy"}
    assert decode({"data": "noisy"}).data == preset("noisy")


def test_float32_points_survive_the_link_exactly():
    data = Generator(n=60, noise=2.5, seed=3).make()
    assert decode(encode(Settings(), data, View())).data == data


def test_too_many_points_leave_the_link_without_points():
    data = Generator(n=MAX_LINK_POINTS + 1, seed=1).make()
    assert "x" not in encode(Settings(), data, View())


@pytest.mark.parametrize("params, bad", [
    ({"lr": "fast"}, "lr"), ({"lr": "nan"}, "lr"), ({"lr": "-1"}, "lr"), ({"epochs": "1e9"},
                                                                         "epochs"),
    ({"optimizer": "<script>"}, "optimizer"), ({"x": "1,2,3", "y": "1,2"}, "x, y"),
    ({"x": "1,a", "y": "1,2"}, "x, y"), ({"x": "1,2", "y": "3,4", "test": "7"}, "x, y"),
    ({"data": "../../etc/passwd"}, "data"), ({"lang": "fr"}, "lang"), ({"3d": "maybe"}, "3d"),
    ({"lock": "lr,root"}, "lock"), ({"lr": "1" * 9000}, "lr"),
])
def test_a_bad_parameter_is_dropped_with_a_notice_and_the_rest_loads(params, bad):
    setup = decode({**params, "epochs": params.get("epochs", "77"), "w0": "1.5"})
    assert setup.notices and bad in " ".join(str(n) for n in setup.notices)
    assert setup.settings.w0 == 1.5
    if bad != "epochs":
        assert setup.settings.epochs == 77


def test_unknown_parameters_are_named():
    setup = decode({"foo": "1", "lr": "0.1"})
    assert setup.settings.lr == 0.1 and "foo" in str(setup.notices[0])


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.one_of(st.text(max_size=40),
                                                       st.lists(st.text(max_size=10)))))
def test_any_parameters_give_a_setup_and_never_an_exception(params):
    setup = decode(params)
    assert isinstance(setup.settings, Settings)


def test_the_setup_file_round_trips_and_refuses_other_json():
    s = Settings(lr=0.02, optimizer="momentum")
    data = Generator(n=700, seed=5).make()  # more than a link carries
    back = from_json(to_json(s, data, View(lang="ko")))
    assert back.settings == s and back.data == data and back.view.lang == "ko"
    from linreg import InputError

    for text in ["{}", "[1, 2]", "not json", json.dumps({"linreg_setup": 1, "points": {
            "x": [1, 2], "y": [1, "a"]}}), json.dumps({"linreg_setup": 1, "points": {
            "x": [1, 2], "y": [1, 2], "test": [5]}}), "[" * 10000]:
        with pytest.raises(InputError):
            from_json(text)

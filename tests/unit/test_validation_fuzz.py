"""Hostile values for every way in besides CSV: links, settings, the generator, setup files.

Only the project's InputError may come out (links never raise at all), and whatever is
accepted is finite and within its bounds. FUZZ_EXAMPLES sets the count (CI runs 2000).
"""

from __future__ import annotations

import json
import math
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linreg.dataset import MAX_ABS_VALUE, MAX_POINTS
from linreg.errors import InputError
from linreg.presets import Generator
from linreg.settings import FIELDS, Settings
from linreg.share import LOCKABLE, decode, from_json

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1500"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

NAMES = [f.name for f in FIELDS] + ["x", "y", "test", "lang", "3d", "present", "calm", "lock"]
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["nan", "-nan", "inf", "-1", "0", "1e308", "-1e-400", "1" * 400, "0x1p3",
                     "1,2,3", ",,,", "1,nan,3", "<script>alert(1)</script>", "../../etc/passwd",
                     "%00", "\u202e", "true", "[]", "{}", "sgd", "adam", "ko", "en", "data,lr"]),
    st.floats().map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.lists(st.floats(allow_nan=False, width=32).map(repr), max_size=50).map(",".join),
)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                      st.text(max_size=10))
json_tree = st.recursive(json_leaf, lambda c: st.lists(c, max_size=4) | st.dictionaries(
    st.text(max_size=8), c, max_size=4), max_leaves=20)


def assert_clean(setup) -> None:
    s = setup.settings
    assert isinstance(s, Settings)
    for f in FIELDS:
        value = getattr(s, f.name)
        if isinstance(value, float):
            assert math.isfinite(value)
    if setup.data is not None:
        d = setup.data
        assert d.n_train >= 2
        assert np.isfinite(d.x).all() and np.isfinite(d.y).all()
        assert max(np.abs(d.x).max(), np.abs(d.y).max()) <= MAX_ABS_VALUE
    assert setup.view.lang in ("en", "ko")
    assert set(setup.view.locks) <= set(LOCKABLE)


@FUZZ
@given(st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=10),
                       hostile_text | st.lists(hostile_text, max_size=3), max_size=10))
def test_links_always_load(params):
    setup = decode(params)  # never raises: bad parts are dropped with a notice
    assert_clean(setup)
    for notice in setup.notices:
        assert str(notice)


def settings_refused_or_finite(values: dict) -> None:
    """Settings from any values: refused with a message, or every number finite."""
    try:
        s = Settings(**values)
    except InputError as error:
        assert str(error)
        return
    for f in FIELDS:
        value = getattr(s, f.name)
        if isinstance(value, float):
            assert math.isfinite(value)


@FUZZ
@given(st.dictionaries(st.sampled_from([f.name for f in FIELDS]), json_leaf, max_size=9))
def test_settings_accept_only_values_in_range(values):
    settings_refused_or_finite(values)


@FUZZ
@given(st.fixed_dictionaries({}, optional={
    # big n is refused before any work; sizes that are made stay small to keep this fast
    "n": st.integers(-10, 2000) | st.sampled_from([MAX_POINTS + 1, 10**12]) | st.floats(),
    "slope": st.floats(), "intercept": st.floats(),
    "noise": st.floats(), "seed": st.integers(-10**20, 10**20),
    "test_fraction": st.floats()}))
def test_the_generator_refuses_what_it_cannot_make(values):
    try:
        data = Generator(**values).make()
    except InputError as error:
        assert str(error)
        return
    assert data.size <= MAX_POINTS and np.isfinite(data.x).all() and np.isfinite(data.y).all()


@FUZZ
@given(json_tree, st.dictionaries(st.sampled_from(["settings", "points", "view"]), json_tree))
def test_setup_files(anything, parts):
    for doc in (anything, {"linreg_setup": 1, **parts}):
        try:
            setup = from_json(json.dumps(doc))
        except InputError as error:
            assert str(error)
            continue
        assert_clean(setup)


# ---------------------------------------------------------------- the extremes
# Drawn as short recipes and built in the test, so a failing example prints short.

extreme_texts = st.one_of(
    st.tuples(st.just("repeat"), st.sampled_from("19,.-e \x00\"가%"),
              st.integers(4_000, 200_000)),
    st.tuples(st.just("list"), st.sampled_from(["1", "nan", "", "1e400", "-0", "9" * 400]),
              st.integers(400, 20_000)),
    st.tuples(st.just("nul"), st.text(max_size=5), st.text(max_size=5)),
)
huge_numbers = st.one_of(
    st.integers(10**300, 10**4200), st.integers(-(10**4200), -(10**300)),
    st.sampled_from([1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]),
)


def build(recipe) -> str:
    kind, a, b = recipe
    if kind == "repeat":
        return a * b
    if kind == "list":
        return ",".join([a] * b)
    return a + "\x00" + b


@FUZZ
@given(st.dictionaries(st.sampled_from(NAMES), extreme_texts | hostile_text, max_size=6))
def test_links_with_extreme_values(recipes):
    params = {k: build(v) if isinstance(v, tuple) else v for k, v in recipes.items()}
    setup = decode(params)
    assert_clean(setup)
    for notice in setup.notices:
        assert str(notice)


@FUZZ
@given(st.dictionaries(st.sampled_from([f.name for f in FIELDS]),
                       extreme_texts | huge_numbers, max_size=9))
def test_settings_with_extreme_values(recipes):
    settings_refused_or_finite({k: build(v) if isinstance(v, tuple) else v
                                for k, v in recipes.items()})


@FUZZ
@given(st.fixed_dictionaries({}, optional={
    name: huge_numbers for name in ("n", "slope", "intercept", "noise", "seed",
                                    "test_fraction", "x_low", "x_high")}))
def test_the_generator_with_extreme_numbers(values):
    try:
        data = Generator(**values).make()
    except InputError as error:
        assert str(error)
        return
    assert np.isfinite(data.x).all() and np.isfinite(data.y).all()


@FUZZ
@given(st.lists(st.one_of(huge_numbers, st.floats(-10, 10)), min_size=2, max_size=6),
       st.dictionaries(st.sampled_from([f.name for f in FIELDS]), huge_numbers, max_size=3),
       st.one_of(st.none(), extreme_texts))
def test_setup_files_with_extreme_numbers(xs, settings_, lang):
    doc = {"linreg_setup": 1, "settings": settings_,
           "points": {"x": xs, "y": list(reversed(xs))},
           "view": {"lang": build(lang) if lang else "en"}}
    try:
        setup = from_json(json.dumps(doc))
    except InputError as error:
        assert str(error)
        return
    assert_clean(setup)


@FUZZ
@given(st.integers(4_000, 200_000), st.sampled_from(["x", "lr", "lang"]))
def test_setup_files_with_a_number_of_thousands_of_digits(digits, where):
    number = "1" * digits  # beyond Python's 4300-digit limit for int(), as json reads it
    doc = {"linreg_setup": 1, "points": {"x": [1, 2, 3], "y": [2, 4, 6]}, "settings": {},
           "view": {}}
    text = json.dumps(doc)
    if where == "x":
        text = text.replace("[1, 2, 3]", f"[{number}, 2, 3]")
    elif where == "lr":
        text = text.replace('"settings": {}', f'"settings": {{"lr": {number}}}')
    else:
        text = text.replace('"view": {}', f'"view": {{"lang": "{number}"}}')
    try:
        setup = from_json(text)
    except InputError as error:
        assert str(error)
        return
    assert_clean(setup)

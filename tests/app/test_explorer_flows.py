"""The learning-rate explorer, as a student uses it."""

import json

import pytest


@pytest.fixture
def page(page):
    return page.open_tab("Learning rate")


def rates_tab(page):
    return page.at.tabs[1]


def chart(page, key: str) -> dict:
    for element in page.at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if element.proto.id.endswith(key) or key in element.proto.id:
            return spec
    raise AssertionError(f"no chart {key}")


def test_the_bound_for_the_lessons_data_is_shown(page):
    metrics = {m.label: m.value for m in page.at.metric}
    assert metrics["Stability bound 2/λmax"] == "0.1803"
    assert metrics["Condition number λmax/λmin"] == "46.14"
    assert metrics["lr = 0.01 is"] == "smooth"


def test_the_bound_follows_the_data(page):
    page.at.selectbox(key="preset__en").set_value("unscaled").run()
    metrics = {m.label: m.value for m in page.at.metric}
    assert float(metrics["Stability bound 2/λmax"]) < 1e-5
    assert metrics["lr = 0.01 is"] == "diverging"


def test_comparing_0_01_0_1_and_0_19(page):
    page.at.text_input(key="cmp_rates").set_value("0.01, 0.1, 0.19").run()
    table = page.at.dataframe[-1].value
    status = dict(zip(table["Run"], table["What happened"]))
    assert status["lr = 0.01"].startswith("converging")
    assert status["lr = 0.1"].startswith("within the tolerance at epoch")
    assert status["lr = 0.19"] == "diverged at epoch 91"
    costs = chart(page, "cmp_costs")
    names = [t["name"] for t in costs["data"] if t.get("showlegend", True) is not False]
    assert "lr = 0.19: diverged at epoch 91" in names


def test_the_sweep_draws_the_cliff_within_one_grid_step_of_the_bound(page):
    spec = chart(page, "sweep")
    converging = next(t for t in spec["data"] if t["name"] == "converges")
    diverging = next(t for t in spec["data"] if t["name"] == "diverges")
    assert len(converging["x"]) + len(diverging["x"]) >= 50
    last_calm, first_wild = max(converging["x"]), min(diverging["x"])
    bound = 0.18030
    step = first_wild / last_calm
    assert last_calm < bound <= first_wild
    assert first_wild / bound <= step and bound / last_calm <= step


@pytest.mark.parametrize("mode", ["optimizers", "batches"])
def test_optimizers_and_batch_sizes_are_compared(page, mode):
    page.at.radio(key="cmp_mode").set_value(mode).run()
    assert not page.at.exception
    runs = page.at.dataframe[-1].value["Run"].tolist()
    assert runs == (["sgd", "momentum", "adam"] if mode == "optimizers"
                    else ["full batch", "batch 8", "batch 1"])


def test_bad_rates_get_a_message(page):
    page.at.text_input(key="cmp_rates").set_value("0.01, fast").run()
    assert any("Could not read the rates" in e.value for e in page.at.error)
    assert not page.at.exception

"""Points and the start moved by hand on the plots, as the player sends them."""

from __future__ import annotations


def query(page, name):
    value = page.at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def table_rows(page) -> int:
    return len(page.state.table.base)


def test_add_a_point_then_undo(page):
    page.act("edit", op="add", x=2.5, y=1.0, set="train")
    assert page.player["points"]["x"] == [1, 2, 3, 4, 2.5]
    assert table_rows(page) == 5
    assert query(page, "x") == "1,2,3,4,2.5" and query(page, "y") == "2,4,6,8,1"
    assert page.player["edit"]["undo"] == 1
    page.act("undo")
    assert page.player["points"]["x"] == [1, 2, 3, 4]
    assert table_rows(page) == 4 and query(page, "x") is None  # the lesson's bare link
    assert page.player["edit"]["undo"] == 0


def test_a_moved_point_keeps_training_from_the_same_epoch(page):
    page.act("step10")
    W_before = page.shown["W"]
    page.act("edit", op="move", index=0, x=1.0, y=3.0)
    assert page.player["at"] == 10 and page.shown["W"] == W_before
    assert page.lab.data.y.tolist() == [3, 4, 6, 8]
    page.act("step")
    assert page.player["at"] == 11


def test_a_moved_point_while_playing_keeps_playing(page):
    page.act("play")
    token = page.player["token"]
    page.act("edit", op="move", index=1, x=2.0, y=5.0)
    assert page.player["playing"] and page.player["token"] != token
    assert page.lab.data.y.tolist()[1] == 5.0


def test_delete_and_the_test_set(page):
    page.act("edit", op="add", x=5, y=10, set="test")
    assert page.lab.data.n_test == 2
    page.act("edit", op="delete", index=0)
    assert page.player["points"]["x"] == [2, 3, 4, 5]


def test_the_start_set_on_the_contour(page):
    page.act("step10")
    page.act("edit", op="start", W=1.0, b=0.5)
    assert page.player["at"] == 0
    assert (page.shown["W"], page.shown["b"]) == (1.0, 0.5)
    assert query(page, "w0") == "1" and query(page, "b0") == "0.5"
    assert page.at.number_input(key="set_w0").value == 1.0
    page.act("undo")
    assert (page.shown["W"], page.shown["b"]) == (0.0, 0.0)


def test_malformed_edits_are_refused_and_change_nothing(page):
    page.act("step10")
    before = page.lab.data
    bad = [dict(op="move", index="0", x=1, y=2), dict(op="add", x="1e999", y=1),
           dict(op="add", x=1, y=2, set="<b>hi</b>"), dict(op="delete", index=10**20),
           dict(op="explode"), dict(op="start", W=[1], b=0), dict(op="start", W=1e9, b=0),
           dict(op="add", x={"a": {"b": {"c": 1}}}, y=1), dict(op="delete", index=-1)]
    for edit in bad:
        page.act("edit", **edit)
        assert page.errors(), edit
        assert page.lab.data == before
        assert page.player["at"] == 10
        assert not page.at.exception
    assert page.player["edit"]["undo"] == 0


def test_a_delete_below_two_points_is_explained(page):
    page.act("edit", op="delete", index=0)
    page.act("edit", op="delete", index=0)
    assert page.errors() and "two" in page.errors()[0]
    assert page.lab.data.n_train == 2


def test_locked_data_and_start_refuse_edits(open_link):
    page = open_link({"lock": "data,w0"})
    assert page.player["edit"]["points"] is False and page.player["edit"]["start"] is False
    page.act("edit", op="add", x=2.5, y=1.0, set="train")
    page.act("edit", op="start", W=1.0, b=0.0)
    assert page.errors()
    lab = page.lab
    assert lab.data.size == 4 and lab.settings.w0 == 0.0


def test_undo_with_nothing_to_undo(page):
    page.act("undo")
    assert not page.at.exception
    assert any("nothing to undo" in i.value.lower() for i in page.at.info)

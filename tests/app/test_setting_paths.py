"""Every path by which a setting, the points or the start reach the Lab goes through
ui/changes.apply: the sidebar, the player's scrubber and plots, the table, a preset, a file,
Undo, the link, a mission and the class. Each test watches apply, and checks that the Lab
changed there and nowhere else, that the sidebar then shows the Lab's values, and that a
lock holds on the path."""

from __future__ import annotations

import json

import pytest
from conftest import Page

from linreg.frame import setup_line
from linreg.texts import texts
from ui import changes
from ui.changes import Source

EN = texts("en")


@pytest.fixture(autouse=True)
def calls(monkeypatch, tmp_path):
    """apply, watched: each call's source, and the Lab as apply left it."""
    monkeypatch.setenv("LINREG_STORE", f"sqlite://{tmp_path / 'classes.sqlite3'}")
    from ui import class_room

    class_room._room.clear()  # a class store for this test alone
    # an old value sent back stays one for the whole test: no test here races the window
    monkeypatch.setattr(changes, "ECHO_SECONDS", 3600.0)
    seen = []
    real = changes.apply

    def watched(change, source):
        taken = real(change, source)
        seen.append((source, taken, fingerprint(changes.ss.lab)))
        return taken

    monkeypatch.setattr(changes, "apply", watched)
    yield seen
    class_room._room.clear()


def fingerprint(lab) -> tuple:
    """What apply alone may change: which Lab, its settings (the start is one), its points."""
    return id(lab), lab.settings, id(lab.data)


def changed_through_apply(page: Page, calls: list, source: Source, before: tuple) -> None:
    """The Lab differs from `before`, and is as the last call of apply, from `source`, left
    it: nothing changed it after, or beside, apply."""
    now = fingerprint(page.lab)
    assert now != before, "the path changed nothing"
    assert calls, "apply was never called"
    assert (calls[-1][0], calls[-1][1]) == (source, True), calls[-1][:2]
    assert calls[-1][2] == now, "the Lab changed outside apply"


def sidebar_shows_the_lab(page: Page) -> None:
    at, s = page.at, page.lab.settings
    lang = at.session_state["lang"]
    assert at.number_input(key="set_lr").value == s.lr
    assert at.select_slider(key="set_lr_slider").value == s.lr
    for name in ("epochs", "w0", "b0", "batch_size", "seed", "log_every"):
        assert at.number_input(key=f"set_{name}").value == getattr(s, name), name
    assert at.selectbox(key=f"set_optimizer__{lang}").value == s.optimizer
    if s.optimizer == "momentum":
        assert at.number_input(key="set_momentum").value == s.momentum
    assert at.selectbox(key=f"preset__{lang}").value == page.state.preset
    assert shown_x(page) == [f"{x:.6g}" for x in page.lab.data.x.tolist()][:len(shown_x(page))]


def follower_names_the_lab(page: Page) -> None:
    """A following page: its player names the class's setup, and its sidebar shows no
    setting's field (a new setup reaches the player alone, which the fields would miss)."""
    words = texts(page.at.session_state["lang"])
    assert page.player["class_setup"] == setup_line(page.lab, words)
    assert f"{page.lab.settings.epochs} epochs" in page.player["class_setup"]
    assert not any(w.key and str(w.key).startswith(("set_", "preset__"))
                   for w in page.at.sidebar.get("number_input") + page.at.sidebar.get("selectbox")
                   + page.at.sidebar.get("select_slider"))
    assert any(c.value == words["class_settings_led"] for c in page.at.sidebar.caption)


def shown_x(page: Page) -> list[str]:
    """The x the Data tab shows: its editable table's, or its first rows as text."""
    if page.at.dataframe:
        return [f"{x:.6g}" for x in page.at.dataframe[0].value["x"].tolist()]
    text = next(m.value for m in page.at.markdown if m.value.startswith("| | x | y |"))
    return [line.split("|")[2].strip() for line in text.splitlines()[2:] if line.startswith("|")]


def refused_by_its_lock(page: Page, before: tuple, calls: list, source: Source) -> None:
    assert fingerprint(page.lab) == before
    assert calls and (calls[-1][0], calls[-1][1]) == (source, False)
    assert any("locks" in e for e in page.errors()), page.errors()
    sidebar_shows_the_lab(page)


def old_value_sent_back_is_not_taken(page: Page, key: str, old, name: str) -> None:
    """The browser may send a field's old value once more: the Lab keeps its own."""
    now = getattr(page.lab.settings, name)
    page.at.number_input(key=key).set_value(old).run()
    assert getattr(page.lab.settings, name) == now
    assert page.at.number_input(key=key).value == now


def upload(page: Page, name: str, raw: bytes) -> Page:
    page.at.file_uploader(key="upload").set_value((name, raw, "application/octet-stream"))
    return page.run()


def setup_file(**settings) -> bytes:
    return json.dumps({"linreg_setup": 1, "settings": settings,
                       "points": {"x": [1, 2, 3], "y": [2, 4, 7], "test": []},
                       "view": {"lang": "en"}}).encode()


# ---------------------------------------------------------------- paths by hand

def by_sidebar_field(page):
    page.at.number_input(key="set_epochs").set_value(300).run()


def by_sidebar_slider(page):
    page.at.select_slider(key="set_lr_slider").set_value(0.05).run()


def by_optimizer(page):
    page.at.selectbox(key="set_optimizer__en").set_value("momentum").run()


def by_scrubber(page):
    page.act("set_lr", lr=0.05)


def by_start_on_the_plot(page):
    page.act("edit", op="start", W=1.0, b=0.5)


def by_point_on_the_plot(page):
    page.act("edit", op="add", x=2.5, y=1.0, set="train")


def by_table(page):
    page.at.session_state[f"editor_{page.state.table.version}"] = {
        "edited_rows": {"2": {"y": 9.0}}, "added_rows": [], "deleted_rows": []}
    page.run()


def by_preset(page):
    page.at.selectbox(key="preset__en").set_value("lesson_first").run()


def by_generator(page):
    next(b for b in page.at.button if b.label == EN["generate"]).click().run()


def by_csv(page):
    upload(page, "points.csv", b"x,y\n1.5,3\n2.5,5\n3.5,7\n")


def by_setup_file(page):
    upload(page, "setup.json", setup_file(lr=0.05, epochs=300))


def by_undo(page):
    page.act("undo")


def start_moved(page):
    page.act("edit", op="start", W=1.0, b=0.5)


BY_HAND = [  # what comes first, the path, its source, and a lock that must stop it
    (None, by_sidebar_field, Source.SIDEBAR, "epochs"),
    (None, by_sidebar_slider, Source.SIDEBAR, "lr"),
    (None, by_optimizer, Source.SIDEBAR, "optimizer"),
    (None, by_scrubber, Source.SCRUBBER, "lr"),
    (None, by_start_on_the_plot, Source.PLOT, "w0"),
    (None, by_point_on_the_plot, Source.PLOT, "data"),
    (None, by_table, Source.TABLE, "data"),
    (None, by_preset, Source.PRESET, "data"),
    (None, by_generator, Source.PRESET, "data"),
    (None, by_csv, Source.FILE, "data"),
    (None, by_setup_file, Source.FILE, "lr"),
    (start_moved, by_undo, Source.UNDO, "b0"),
]


def named(value) -> str:
    return getattr(value, "__name__", str(value))


@pytest.mark.parametrize(("first", "path", "source", "lock"), BY_HAND, ids=named)
def test_a_change_by_hand_reaches_the_lab_through_apply(calls, first, path, source, lock):
    page = Page()
    if first:
        first(page)
    before = fingerprint(page.lab)
    path(page)
    assert not page.at.exception, page.at.exception
    changed_through_apply(page, calls, source, before)
    sidebar_shows_the_lab(page)


@pytest.mark.parametrize(("first", "path", "source", "lock"), BY_HAND, ids=named)
def test_a_change_by_hand_is_refused_by_a_lock(calls, first, path, source, lock):
    page = Page()
    if first:
        first(page)
    # a lock that came after the page was drawn (a class's teacher took the lead): the
    # browser still offers the control, the page refuses what it sends
    page.state.locks = frozenset({lock})
    before = fingerprint(page.lab)
    path(page)
    assert not page.at.exception, page.at.exception
    refused_by_its_lock(page, before, calls, source)


@pytest.mark.parametrize(("first", "path", "key", "old", "name"), [
    (None, by_scrubber, "set_lr", 0.01, "lr"),
    (None, by_sidebar_slider, "set_lr", 0.01, "lr"),
    (None, by_start_on_the_plot, "set_w0", 0.0, "w0"),
    (None, by_setup_file, "set_epochs", 1000, "epochs"),
    (start_moved, by_undo, "set_w0", 1.0, "w0"),
], ids=named)
def test_after_a_change_a_widgets_old_value_sent_back_is_not_taken(calls, first, path, key,
                                                                    old, name):
    page = Page()
    if first:
        first(page)
    path(page)
    old_value_sent_back_is_not_taken(page, key, old, name)
    sidebar_shows_the_lab(page)


def test_a_links_lock_disables_its_controls():
    page = Page({"lock": "lr,data,epochs"})
    for key in ("set_lr", "set_epochs", "gen_n"):
        assert page.at.number_input(key=key).disabled, key
    assert page.at.select_slider(key="set_lr_slider").disabled
    assert page.at.selectbox(key="preset__en").disabled
    assert not page.at.number_input(key="set_w0").disabled
    assert page.player["edit"]["rate"] is False and page.player["edit"]["points"] is False


# ---------------------------------------------------------------- paths that set the locks

def test_a_link_builds_the_lab_through_apply_with_its_locks(calls):
    page = Page({"lr": "0.05", "epochs": "300", "optimizer": "momentum", "data": "noisy",
                 "lock": "lr"})
    assert [c[0] for c in calls] == [Source.LINK]
    assert calls[0][2] == fingerprint(page.lab)
    assert page.lab.settings.lr == 0.05 and page.state.preset == "noisy"
    sidebar_shows_the_lab(page)
    assert page.at.number_input(key="set_lr").disabled
    assert not page.at.number_input(key="set_epochs").disabled


def test_a_mission_sets_its_lab_and_locks_through_apply(calls):
    page = Page({"lr": "0.05"})
    page.at.number_input(key="set_epochs").set_value(300).run()
    before = fingerprint(page.lab)
    page.at.button(key="mission_start").click().run()  # the first: fast_fit
    changed_through_apply(page, calls, Source.MISSION, before)
    assert page.lab.settings.epochs == 100 and page.lab.settings.lr == 0.01
    sidebar_shows_the_lab(page)
    assert page.at.number_input(key="set_epochs").disabled  # its lock
    old_value_sent_back_is_not_taken(page, "set_lr", 0.05, "lr")
    page.at.button(key="mission_leave").click().run()
    assert (calls[-1][0], calls[-1][1]) == (Source.MISSION, True)
    assert not page.at.number_input(key="set_epochs").disabled


def widget_keys(node) -> set[str]:
    keys = {node.key} if getattr(node, "key", None) else set()
    for child in getattr(node, "children", {}).values():
        keys |= widget_keys(child)
    return keys


def test_session_state_holds_widgets_the_lab_and_the_pages_state():
    page = Page()
    page.act("edit", op="start", W=1.0, b=0.5)
    page.act("undo")
    page.at.selectbox(key="preset__en").set_value("noisy").run()
    page.at.radio(key="lang").set_value("ko").run()
    page.at.button(key="mission_start").click().run()
    others = {k for k in page.at.session_state if not k.startswith("class_")}
    # the momentum's field shows for momentum only, the answer's for a mission that asks
    hidden_widgets = {"set_momentum", "mission_answer"}
    assert others - widget_keys(page.at._tree) - hidden_widgets == {"lab", "page"}


def test_a_class_sets_its_followers_lab_and_locks_through_apply(calls):
    teacher = Page({"lr": "0.05", "epochs": "300"})
    teacher.at.button(key="class_start").click().run()
    student = Page({"join": teacher.at.session_state["class_page"].code, "lr": "0.19"})
    student.at.text_input(key="class_nickname").input("Mina").run()
    before = fingerprint(student.lab)
    student.at.button(key="class_join").click().run()
    changed_through_apply(student, calls, Source.CLASS, before)
    assert student.lab.settings.lr == 0.05 and student.lab.settings.epochs == 300
    follower_names_the_lab(student)
    teacher.at.number_input(key="set_epochs").set_value(250).run()
    before = fingerprint(student.lab)
    student.run()  # the class moved: the student's page reads it
    changed_through_apply(student, calls, Source.CLASS, before)
    assert student.lab.settings.epochs == 250
    follower_names_the_lab(student)
    teacher.at.radio(key="class_mode").set_value("explore").run()
    student.run()
    assert (calls[-1][0], calls[-1][1]) == (Source.CLASS, True)
    assert not student.at.number_input(key="set_lr").disabled  # the class frees the page
    old_value_sent_back_is_not_taken(student, "set_lr", 0.19, "lr")  # shown before it joined
    student.at.number_input(key="set_lr").set_value(0.02).run()
    assert student.lab.settings.lr == 0.02


def test_a_value_typed_before_the_sidebar_has_drawn_the_labs_is_taken(calls):
    """A run cut short may leave the sidebar not yet drawn with the Lab's values: the old
    values it showed are refused meanwhile, and a value the person types is taken."""
    from ui.state import Echo

    page = Page()
    page.state.echoes["lr"] = Echo((0.05, 0.02))  # the page replaced these; not drawn since
    page.at.number_input(key="set_lr").set_value(0.05).run()
    assert page.lab.settings.lr == 0.01  # an old value, sent back: refused
    page.state.echoes["lr"] = Echo((0.05, 0.02))
    page.at.number_input(key="set_lr").set_value(0.1).run()
    assert page.lab.settings.lr == 0.1 and calls[-1][:2] == (Source.SIDEBAR, True)
    sidebar_shows_the_lab(page)


def test_the_sliders_old_rate_sent_back_after_a_typed_rate_is_refused_not_read_as_zero(calls):
    """The slider's stops hold the rate in use; neither rate here is a stop. The rate the
    slider showed before, sent back before the browser has the new one, is still a stop:
    read as itself and refused, not read as the first stop, 0."""
    page = Page({"lr": "0.07"})
    page.at.number_input(key="set_lr").set_value(0.13).run()
    assert page.lab.settings.lr == 0.13
    page.at.select_slider(key="set_lr_slider").set_value(0.07).run()
    assert page.lab.settings.lr == 0.13
    sidebar_shows_the_lab(page)

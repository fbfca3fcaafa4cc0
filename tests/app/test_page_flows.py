from lesson_log import LESSON_LOG, lessons_loop

LESSON = lessons_loop()  # torch's (W, b, cost) of the lesson at each epoch


def test_the_default_page_shows_the_lessons_data_and_settings(page):
    # as text first (no data grid to load), then in the editable table when asked for
    assert not page.at.dataframe
    text = next(m.value for m in page.at.markdown if m.value.startswith("| | x | y |"))
    assert "| 2 | 3 | 6 | train |" in text and "| 3 | 4 | 8 | test |" in text
    page.at.toggle(key="table_edit").set_value(True).run()
    table = page.at.dataframe[0].value
    assert table["x"].tolist() == [1, 2, 3, 4] and table["y"].tolist() == [2, 4, 6, 8]
    assert table["set"].tolist() == ["train", "train", "train", "test"]
    assert page.at.number_input(key="set_lr").value == 0.01
    assert page.at.number_input(key="set_epochs").value == 1000
    assert page.at.selectbox(key="set_optimizer__en").value == "sgd"
    assert page.shown["epoch"] == 0 and page.readouts() == LESSON[0]


def test_step_advances_one_epoch_to_the_lessons_first_W(page):
    page.act("step")
    assert page.shown["epoch"] == 1
    assert page.readouts() == LESSON[1]
    page.act("step10")
    assert page.shown["epoch"] == 11


def test_run_to_end_gives_the_lessons_last_line_and_log(page):
    page.act("run_end")
    assert page.shown["epoch"] == 1000
    assert page.readouts() == LESSON[1000]
    assert page.log() == LESSON_LOG
    assert not page.at.exception


def test_reset_goes_back_to_the_start(page):
    page.act("run_end").act("reset")
    assert page.shown["epoch"] == 0 and page.readouts() == LESSON[0]


def test_pause_keeps_the_epoch_the_player_showed(page):
    page.act("play")
    data = page.player
    assert data["playing"]
    assert data["more"] == (data["rows"]["epoch"][-1] < 1000)  # more to come until the end
    assert data["rows"]["epoch"][-1] > 37  # training ran ahead of the player
    page.act("pause", epoch=37)
    assert not page.player["playing"]
    assert page.shown["epoch"] == 37 and page.player["rows"]["epoch"][-1] == 37
    page.act("step")
    assert page.shown["epoch"] == 38


def test_a_setting_changed_while_paused_continues_from_the_current_W_and_b(page):
    page.act("step10")
    before = page.shown
    page.at.number_input(key="set_lr").set_value(0.05).run()
    assert page.shown["epoch"] == 10 and page.shown["W"] == before["W"]
    page.act("step")
    assert abs(page.shown["W"] - (before["W"] - 0.05 * before["dW"])) < 1e-5


def test_an_emptied_cell_shows_an_error_and_training_keeps_the_last_good_data(page):
    page.at.session_state[f"editor_{page.state.table.version}"] = {
        "edited_rows": {"1": {"y": None}}, "added_rows": [], "deleted_rows": []}
    page.run()
    assert any("Row 2" in e and "empty" in e for e in page.errors()), page.errors()
    page.act("step")
    assert page.readouts() == LESSON[1]  # still the lesson's data
    assert not page.at.exception


def test_a_good_edit_trains_on_the_new_points(page):
    page.at.session_state[f"editor_{page.state.table.version}"] = {
        "edited_rows": {"2": {"y": 9.0}}, "added_rows": [{"x": 5.0, "y": 10.0, "set": "train"}],
        "deleted_rows": []}
    page.run()
    assert not page.errors()
    assert page.player["points"]["y"] == [2, 4, 9, 8, 10]


def test_a_preset_replaces_the_data_and_restarts(page):
    page.act("step10")
    page.at.toggle(key="table_edit").set_value(True).run()
    page.at.selectbox(key="preset__en").set_value("lesson_first").run()
    assert page.shown["epoch"] == 0
    assert page.at.dataframe[0].value["y"].tolist()[:3] == [4, 5, 6]


def test_a_diverging_rate_says_so_and_keeps_the_last_finite_state(page):
    page.at.number_input(key="set_lr").set_value(0.5).run()
    page.act("run_end")
    data = page.player
    assert data["diverged"] and "0.1803" in data["diverged"]
    assert all(abs(w) < 1e6 for w in data["rows"]["W"])
    assert not page.at.exception


def test_korean_labels(page):
    page.at.radio(key="lang").set_value("ko").run()
    assert page.player["labels"]["play"] == "재생"
    assert page.at.title[0].value.startswith("경사 하강법")


def lesson_script(page) -> str:
    return next(c.value for c in page.at.code if "import torch" in c.value)


def test_the_code_tab_speaks_the_pages_language(page):
    page.open_tab("Code")
    assert "# training data (the page's train set)" in lesson_script(page)
    page.at.radio(key="lang").set_value("ko").run()
    page.open_tab("코드")
    code = lesson_script(page)
    assert "# 학습 데이터 (페이지의 학습 세트)" in code and "training data" not in code
    assert "print('Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'.format(" in code


def rate_shown(page) -> tuple[str, str]:
    """The rate as the slider and as the exact field show it."""
    slider = page.at.select_slider(key="set_lr_slider")
    field = page.at.number_input(key="set_lr")
    assert slider.format_func(slider.value) in slider.options
    return str(slider.format_func(slider.value)), field.format % field.value


def test_the_rate_slider_and_the_exact_field_show_the_same_rate(page):
    assert rate_shown(page) == ("0.01", "0.01")
    page.at.number_input(key="set_lr").set_value(0.19).run()
    assert page.at.select_slider(key="set_lr_slider").value == 0.19
    assert rate_shown(page) == ("0.19", "0.19")
    assert page.lab.settings.lr == 0.19
    page.at.select_slider(key="set_lr_slider").set_value(0.5).run()
    assert page.at.number_input(key="set_lr").value == 0.5
    assert rate_shown(page) == ("0.5", "0.5")
    assert page.lab.settings.lr == 0.5
    page.at.number_input(key="set_lr").set_value(0.0123456789).run()
    assert rate_shown(page) == ("0.0123457", "0.0123457")  # the field's 6 digits
    assert page.at.select_slider(key="set_lr_slider").value == 0.0123456789
    assert not page.at.exception


def test_a_rate_from_a_link_shows_on_both_controls(open_link):
    page = open_link({"lr": "0.0375"})
    assert rate_shown(page) == ("0.0375", "0.0375")


def test_a_fields_old_value_sent_back_after_the_page_changed_it_is_not_taken(page):
    # a start set on the contour (or a mission, the class, a rate on the scrubber) puts new
    # values in the fields; the browser's next rerun may still carry a field's old value,
    # which must not undo the change
    page.act("edit", op="start", W=1.0, b=0.5)
    page.at.number_input(key="set_w0").set_value(0.0).run()  # the value the field showed
    assert page.lab.settings.w0 == 1.0
    assert page.at.number_input(key="set_w0").value == 1.0 and page.shown["W"] == 1.0
    page.at.number_input(key="set_b0").set_value(0.25).run()  # a value it never showed
    assert page.lab.settings.b0 == 0.25
    assert page.lab.settings.w0 == 1.0

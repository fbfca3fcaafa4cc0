"""Links, locks, languages and the code panel, through AppTest."""

from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

EVERY_SETTING = {
    "lr": "0.0375", "epochs": "250", "w0": "-1.25", "b0": "3.5", "optimizer": "momentum",
    "batch_size": "2", "momentum": "0.8", "seed": "42", "log_every": "25",
    "x": "0.5,1.5,2.5,4", "y": "1,2.25,2.5,4.75", "test": "3", "lang": "ko", "3d": "1",
    "calm": "1", "lock": "data,lr",
}


def test_a_link_with_every_setting_rebuilds_that_setup(open_link):
    page = open_link(EVERY_SETTING)
    at = page.at
    lab = at.session_state["lab"]
    s = lab.settings
    assert (s.lr, s.epochs, s.w0, s.b0, s.optimizer, s.batch_size, s.momentum, s.seed,
            s.log_every) == (0.0375, 250, -1.25, 3.5, "momentum", 2, 0.8, 42, 25)
    assert lab.data.x.tolist() == [0.5, 1.5, 2.5, 4] and lab.data.is_test.tolist() == [
        False, False, False, True]
    assert at.session_state["lang"] == "ko" and at.session_state["show_3d"]
    assert at.session_state["reduced_motion"]
    assert at.number_input(key="set_lr").value == 0.0375
    assert at.number_input(key="set_lr").disabled and not at.number_input(
        key="set_epochs").disabled
    assert page.player["figs"]["surface"] is not None
    assert page.player["reduced_motion"] is True
    # the page writes the same setup back to its URL, and not the training progress
    assert dict(at.query_params) == {k: [v] if isinstance(at.query_params[k], list) else v
                                     for k, v in EVERY_SETTING.items()}
    page.act("step10")
    assert "epoch" not in at.query_params


def test_a_broken_link_loads_the_rest_with_a_notice(open_link):
    page = open_link({"lr": "banana", "epochs": "-5", "x": "1,2,oops", "y": "1,2,3",
                      "w0": "0.5", "lang": "ko", "zzz": "1"})
    warnings = " ".join(w.value for w in page.at.warning)
    assert "lr" in warnings and "epochs" in warnings and "zzz" in warnings
    s = page.lab.settings
    assert s.lr == 0.01 and s.epochs == 1000 and s.w0 == 0.5
    assert page.at.session_state["lang"] == "ko"
    assert page.player["points"]["x"] == [1, 2, 3, 4]  # the lesson's points, kept
    assert not page.at.exception


def test_a_change_of_setting_goes_into_the_link(page):
    page.at.number_input(key="set_lr").set_value(0.05).run()
    assert page.at.query_params["lr"] in ("0.05", ["0.05"])


def test_korean_leaves_no_english_label(open_link):
    page = open_link({"lang": "ko"})
    at = page.at
    data_words = {"train", "test"}  # the set column's values, the same in both languages
    english = {v for k, v in EN.items() if KO[k] != v and len(v) > 3 and v not in data_words}
    shown = []
    for tab in ("데이터", "학습률", "코드", "내보내기", "원리"):
        page.open_tab(tab)
        shown.extend(texts_on(at))
    joined = "\n".join(shown)
    assert not [e for e in english if e in joined]
    assert page.player["labels"]["play"] == "재생"


def texts_on(at) -> list[str]:
    shown = []
    for kind in ("title", "caption", "markdown", "header", "subheader", "button", "toggle",
                 "number_input", "selectbox", "radio", "text_input", "tabs", "metric",
                 "info", "warning", "error", "multiselect", "select_slider", "expander"):
        for element in at.get(kind):
            for attr in ("value", "label", "body"):
                text = getattr(element, attr, None)
                if isinstance(text, str):
                    shown.append(text)
    return shown


def test_the_code_panel_holds_the_runs_code(open_link):
    page = open_link({"lr": "0.05", "optimizer": "adam"})
    page.open_tab("Code")
    code = next(c.value for c in page.at.code if "torch" in c.value)
    assert "optim.Adam([W, b], lr=0.05" in code and "x_train = torch.FloatTensor([[1.0]" \
        in code.replace("[[1]", "[[1.0]")


def test_the_export_tab_offers_the_offline_player(page):
    page.open_tab("Export")
    labels = [b.label for b in page.at.get("download_button")]
    assert "Offline player (HTML)" in labels


def test_embed_mode_comes_from_the_address_and_is_never_written_by_the_page(page):
    assert not page.state.embed
    assert "embed" not in page.at.query_params

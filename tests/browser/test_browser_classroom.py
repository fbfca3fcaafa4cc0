"""The classroom features in Chromium: links, Korean, presentation keys, code and exports."""

import subprocess
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit

from playerview import (
    close,
    metric,
    pixel,
    press,
    settled,
    state,
    wait_for,
    wait_plotted,
)

from harness.browsing import PLAYER, data_uploader, wait_idle
from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

SETUP = {"lr": "0.03", "epochs": "300", "w0": "0.5", "b0": "-1", "optimizer": "momentum",
         "momentum": "0.8", "batch_size": "2", "seed": "5", "log_every": "25",
         "x": "0.5,1.25,2,3.75,5", "y": "1.1,2.3,2.9,5.2,6.8", "test": "4"}


def visible_text(page) -> str:
    """What a reader sees: the page's text without icon ligatures, code and the log."""
    return page.evaluate("""() => {
        const skip = '[data-testid="stIconMaterial"], pre, code, .modebar, [data-testid="stCode"]';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const out = [];
        while (walker.nextNode()) {
            const node = walker.currentNode, parent = node.parentElement;
            if (!parent || parent.closest(skip)) continue;
            if (!parent.checkVisibility({checkVisibilityCSS: true})) continue;
            out.push(node.textContent);
        }
        return out.join('\\n');
    }""")


def assert_link_points(page) -> None:
    """The data plot shows SETUP's points: the fifth (index 4) in the test set. Waited for:
    while the sidebar arrives the plot is resized, and the axes the overlay states follow
    Plotly's a moment later."""
    two_pixels = [2 * v for v in pixel(page, "fit")]
    xs, ys = [float(v) for v in SETUP["x"].split(",")], [float(v) for v in SETUP["y"].split(",")]
    points = list(zip(xs, ys, strict=True))
    wait_plotted(page, lambda drawn: close(drawn.get("train", []), points[:4], two_pixels)
                 and close(drawn.get("test", []), points[4:], two_pixels))


def test_a_link_rebuilds_its_setup_and_keeps_it_in_the_url(open_page, artifacts):
    page = open_page(urlencode(SETUP))
    wait_for(page, "d.figuresDrawn === d.figures")
    assert_link_points(page)
    assert state(page)["lr"] == "0.03"
    # the sidebar arrives after the player (it is sent first): wait for its field, not a race
    page.wait_for_function("""() => [...document.querySelectorAll(
        '[data-testid="stSidebar"] input[aria-label="Epochs"]')].some((i) => i.value === '300')""",
                           timeout=30_000)
    assert page.get_by_label("Epochs", exact=True).input_value() == "300"
    assert dict(parse_qsl(urlsplit(page.url).query)) == SETUP
    press(page, "step10")
    wait_for(page, "d.serverEpoch === '10'")
    assert dict(parse_qsl(urlsplit(page.url).query)) == SETUP  # no progress in the link
    page.screenshot(path=str(artifacts / "link.png"))


def test_a_broken_link_loads_with_a_notice(open_page):
    page = open_page("lr=1e999&epochs=-3&x=1,2&y=5&w0=2&lang=xx&%3Cscript%3E=1")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "The link's lr was ignored" in text and "The link's x, y was ignored" in text
    assert metric(page, "W") == "2.000"


def test_the_downloaded_code_prints_the_pages_log(open_page, tmp_path):
    page = open_page(urlencode(SETUP))
    press(page, "run_end")
    # the log is written with the frame drawn after the answer (CI read it a moment before)
    wait_for(page, "d.serverEpoch === '300' && d.epoch === '300' && document.querySelector("
                   "'[data-testid=\"linreg-log\"]').innerText.trim().split('\\n').length >= 13")
    page_log = page.locator('[data-testid="linreg-log"]').inner_text().splitlines()
    assert len(page_log) == 13
    page.get_by_role("tab", name="Code").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the code (.py)").click()
    path = tmp_path / "lesson.py"
    download.value.save_as(path)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == page_log


def test_the_setup_file_loads_back(open_page, tmp_path):
    page = open_page(urlencode(SETUP))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the setup (JSON)").click()
    path = tmp_path / "setup.json"
    download.value.save_as(path)
    fresh = open_page()
    data_uploader(fresh).set_input_files(str(path))
    fresh.get_by_text("The setup was loaded.").wait_for(timeout=30_000)
    wait_idle(fresh)
    wait_for(fresh, "d.points === '5' && d.figuresDrawn === d.figures")
    assert_link_points(fresh)
    assert dict(parse_qsl(urlsplit(fresh.url).query)) == SETUP


def test_the_plots_save_as_one_png(page, tmp_path):
    wait_for(page, "d.figuresDrawn")
    with page.expect_download() as download:
        press(page, "png")
    path = tmp_path / "plots.png"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_korean_leaves_no_english_label(open_page, artifacts):
    page = open_page("lang=ko")
    wait_for(page, "d.figuresDrawn")
    for tab in ("학습률", "코드", "내보내기", "원리", "데이터"):
        page.get_by_role("tab", name=tab).click()
        wait_idle(page)
        text = visible_text(page)
        english = [v for k, v in EN.items() if KO[k] != v and len(v) > 3
                   and v not in ("train", "test") and v in text]
        streamlit_words = [w for w in ("Upload", "Drag and drop", "per file", "Browse files")
                           if w in text]
        assert not english and not streamlit_words, (tab, english, streamlit_words)
    page.screenshot(path=str(artifacts / "korean.png"))


def test_presentation_mode_and_its_keys(open_page, artifacts):
    page = open_page("present=1")
    wait_for(page, "d.figuresDrawn")
    # hidden by the page's CSS (on a busy machine it may apply just after the plots)
    page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=10_000)
    assert page.locator(f"{PLAYER}.lr-present").count() == 1  # the large type and lines
    page.mouse.click(700, 8)  # focus the page, outside any field
    page.keyboard.press("ArrowRight")
    wait_for(page, "d.serverEpoch === '1'")
    page.keyboard.press(" ")
    wait_for(page, "d.playing === 'true' && +d.epoch > 5")
    page.screenshot(path=str(artifacts / "presentation.png"))
    page.keyboard.press(" ")
    settled(page)
    assert int(state(page)["serverEpoch"]) > 5
    page.keyboard.press("r")
    wait_for(page, "d.serverEpoch === '0' && d.computed === '0'")
    assert metric(page, "epoch") == "0"

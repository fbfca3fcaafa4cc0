"""Predict, then see, in Chromium: each question asked, the run played, the verdict shown."""

from playerview import at, metric, press, ready, settled, state, wait_for

from linreg.texts.en import WORDS as EN
from linreg.texts.ko import WORDS as KO

PANEL = '[data-testid="linreg-predict"]'


def open_questions(page):
    page.click(f"{PANEL} .lr-predict-toggle")
    page.wait_for_selector(f"{PANEL} .lr-predict-panel:not([hidden])")


def verdict_text(page) -> str:
    return page.locator('[data-testid="linreg-verdict"]').inner_text()


def test_a_rate_predicted_plays_the_run_then_says_why_in_korean(open_page, artifacts):
    page = open_page("lang=ko&lr=0.19")
    ready(page)
    open_questions(page)
    page.click(f'{PANEL} button[data-zone="smooth"]')
    wait_for(page, "d.verdict === 'waiting' || d.verdict === 'wrong'")
    press(page, "run_end")
    wait_for(page, "d.verdict === 'wrong'")
    text = verdict_text(page)
    assert text.startswith(KO["verdict_wrong"]) and KO["zone_diverging"] in text and "91" in text
    page.screenshot(path=str(artifacts / "predict-rate-ko.png"))


def test_where_after_n_steps_draws_both_points(open_page, artifacts):
    page = open_page()
    ready(page)
    open_questions(page)
    page.fill('[data-testid="linreg-predict-steps"]', "100")
    page.click(f"{PANEL} .lr-place")
    page.mouse.click(*at(page, "contour", 1.0, 0.2))
    wait_for(page, "d.verdict === 'wrong' && d.epoch === '100'", timeout=60_000)
    assert metric(page, "W") == "1.745"
    assert "100" in verdict_text(page) and EN["verdict_wrong"] in verdict_text(page)
    shown = page.evaluate("""() => ['guess', 'truth', 'gap'].map((k) => { const s =
        document.querySelector('[data-testid="linreg-player"] svg[data-chart="contour"] .lr-'
        + k); return !!s && s.style.display !== 'none'; })""")
    assert shown == [True, True, True]
    assert state(page)["playing"] == "false"
    page.screenshot(path=str(artifacts / "predict-place.png"))


def test_the_next_W_typed_then_stepped(open_page):
    page = open_page()
    ready(page)
    open_questions(page)
    page.fill('[data-testid="linreg-predict-W"]', "0.187")
    page.click(f"{PANEL} .lr-next")
    wait_for(page, "d.verdict === 'right' && d.epoch === '1'")
    assert "0.000 − 0.01 × (-18.667) = 0.187" in verdict_text(page)
    settled(page)
    assert metric(page, "W") == "0.187"


def test_predictions_off_hide_the_panel(open_page):
    page = open_page("predict=0")
    ready(page)
    assert not page.locator(PANEL).is_visible()


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_a_mission_solved_in_the_browser_after_a_wrong_answer(open_page, artifacts):
    page = open_page()
    ready(page)
    page.get_by_role("button", name=EN["mission_start"]).click()  # the first: fast fit
    wait_sidebar_text(page, EN["mission_fast_fit_goal"])
    wait_for(page, "d.computed === '0' && d.figuresDrawn === d.figures")  # 100 epochs now
    settled(page)
    press(page, "run_end")
    wait_mission_verdict(page, EN, "fast_fit", solved=False)
    assert "0.1803" in sidebar_text(page)  # the hint names this data's bound
    field = page.locator('[data-testid="stSidebar"] input[type="number"]'
                         f'[aria-label="{EN["lr"]}"]')
    field.fill("0.15")
    field.press("Enter")
    wait_for(page, "d.lr === '0.15'")
    press(page, "reset")
    settled(page)
    press(page, "run_end")
    wait_mission_verdict(page, EN, "fast_fit", solved=True)
    wait_link(page, "solved", "fast_fit")  # the link keeps the course's progress
    page.screenshot(path=str(artifacts / "mission-solved.png"))


def test_a_mission_at_phone_width_in_korean(open_page, artifacts):
    page = open_page("lang=ko&mission=diverge&lr=0.19&lock=batch_size,data,optimizer",
                     viewport=(390, 1600))
    ready(page)
    press(page, "run_end")
    settled(page)
    page.get_by_role("button", name="Open sidebar").or_(
        page.locator('[data-testid="stExpandSidebarButton"]')).first.click()
    box = page.get_by_label(KO["mission_answer_epoch"])
    box.fill("91")
    box.press("Enter")
    wait_mission_verdict(page, KO, "diverge", solved=True)
    wait_link(page, "solved", "diverge")
    page.screenshot(path=str(artifacts / "mission-phone-ko.png"))


def wait_sidebar_text(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes(text)",
        arg=text, timeout=timeout)


def wait_link(page, name: str, value: str) -> None:
    page.wait_for_function("([name, value]) => new URLSearchParams(location.search).get(name)"
                           " === value", arg=[name, value])


def wait_mission_verdict(page, words: dict, mission: str, solved: bool,
                         timeout: float = 30_000) -> None:
    """The verdict on this mission: a green "✓ Solved!" box with its idea, or a yellow "Not
    yet." box with its hint. The sidebar writes them only for the mission under way; its
    progress line ("0 of 6 solved") is there all the time."""
    if solved:
        box, text = "stAlertContentSuccess", words["mission_solved"].format(
            idea=words[f"mission_{mission}_idea"].split("{")[0])
    else:
        box, text = "stAlertContentWarning", words["mission_hint"].format(
            hint=words[f"mission_{mission}_hint"].split("{")[0])
    page.wait_for_function(
        """([box, text]) => [...document.querySelectorAll(
               `[data-testid="stSidebar"] [data-testid="${box}"]`)]
             .some((alert) => alert.innerText.replace(/\\s+/g, " ").trim().startsWith(text))""",
        arg=[box, " ".join(text.split())], timeout=timeout)

"""The learning-rate explorer in Chromium."""

from harness.browsing import no_traceback, wait_idle


def test_the_explorer_shows_the_bound_and_a_comparison(page, artifacts):
    page.get_by_role("tab", name="Learning rate").click()
    tab = page.locator('[data-testid="stTabs"]')
    bound = tab.locator('[data-testid="stMetric"]').filter(has_text="Stability bound")
    assert bound.locator('[data-testid="stMetricValue"]').inner_text() == "0.1803"
    box = page.get_by_label("Learning rates (up to 6, comma separated)")
    box.fill("0.01, 0.1, 0.19")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("diverged at epoch 91").first.wait_for(timeout=30_000)
    wait_idle(page)
    text = tab.inner_text()
    assert "within the tolerance at epoch" in text and "converging, not yet" in text
    tab.screenshot(path=str(artifacts / "explorer.png"))
    no_traceback(page)

"""Faults: the server restarts mid-run, and the open page comes back with its setup."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playerview import close, pixel, plotted_points, state, wait_for

from harness.browsing import Server, wait_idle, wait_page

LINK = "lr=0.05&epochs=5000&w0=-1&x=1,2,3,4.5&y=2,4,6,9.5"


def test_a_server_restart_mid_run_reconnects_with_the_setup_from_the_link(browser, artifacts):
    server = Server()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        page.goto(f"{server.url}/?{LINK}")
        wait_idle(page)
        wait_for(page, "d.figuresDrawn", timeout=60_000)
        page.click('button[data-action="play"]')
        wait_for(page, "d.playing === 'true' && +d.epoch > 50", timeout=60_000)
        port = server.port
        server.stop()  # the server goes away mid-run, and the page sees it go
        page.wait_for_selector(
            '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])')
        server = Server(port=port)  # and comes back on the same address
        # the page reconnects by itself; the new session rebuilds the setup from the URL
        page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                               timeout=60_000)
        # the new session starts the run from the link: epoch 0 at W = -1, 5000 epochs
        setup = "d.lr === '0.05' && d.points === '4' && d.serverEpoch === '0' " \
                "&& metric('W') === '-1.000' && d.figuresDrawn === d.figures"
        try:
            wait_for(page, setup, timeout=30_000)
        except Exception:
            seen = page.evaluate("""() => JSON.stringify([document.querySelector(
                '[data-testid="linreg-player"]').dataset, location.href])""")
            raise AssertionError(f"the page came back with another setup: {seen}") from None
        assert page.locator('[data-metric="epoch"] .lr-metric-label').inner_text().endswith(
            "(/ 5000)")
        drawn, two_pixels = plotted_points(page), [2 * v for v in pixel(page, "fit")]
        assert close(drawn["train"], [(1, 2), (2, 4), (3, 6), (4.5, 9.5)], two_pixels), drawn
        assert parse_qs(urlparse(page.url).query)["lr"] == ["0.05"]
        wait_page(page)  # the sidebar's run follows the first plots
        page.click('button[data-action="step"]')
        wait_for(page, "+d.serverEpoch >= 1")
        assert state(page)["lr"] == "0.05"
        # the sidebar shows the link's values, not its widgets' defaults: the browser forgot
        # the old page's values after the new session's first run (ui/changes.py)
        epochs = page.locator('[data-testid="stSidebar"] input[aria-label="Epochs"]')
        assert epochs.input_value() == "5000"
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(artifacts / "after-restart.png"))
        context.close()
    finally:
        server.stop()

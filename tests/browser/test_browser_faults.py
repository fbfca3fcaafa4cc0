"""Faults: the server restarts mid-run, and the open page comes back with its setup."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from harness.browsing import Server, wait_idle

PLAYER = "window.__linregPlayer"
LINK = "lr=0.05&epochs=5000&w0=-1&x=1,2,3,4.5&y=2,4,6,9.5"


def wait_for(page, condition: str, timeout: float = 60_000) -> None:
    page.wait_for_function(f"() => {{ const p = {PLAYER}; return p && p.data && ({condition}); }}",
                           timeout=timeout)


def test_a_server_restart_mid_run_reconnects_with_the_setup_from_the_link(browser, artifacts):
    server = Server()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        page.goto(f"{server.url}/?{LINK}")
        wait_idle(page)
        wait_for(page, "p.figsKey !== null")
        page.click('button[data-action="play"]')
        wait_for(page, "p.playing && p.rows.epoch[p.idx] > 50")
        port = server.port
        server.stop()  # the server goes away mid-run
        page.wait_for_timeout(1500)
        server = Server(port=port)  # and comes back on the same address
        # the page reconnects by itself; the new session rebuilds the setup from the URL
        page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                               timeout=60_000)
        setup = "p.data.lr === 0.05 && p.data.end === 5000 && p.data.points.x.length === 4 " \
                "&& p.data.rows.W[0] === -1"
        try:
            wait_for(page, setup, timeout=30_000)
        except Exception:
            state = page.evaluate(f"JSON.stringify([{PLAYER}.data.lr, {PLAYER}.data.end, "
                                  f"{PLAYER}.data.points, {PLAYER}.data.rows.W.slice(0, 3), "
                                  f"{PLAYER}.data.at, {PLAYER}.data.playing, location.href])")
            raise AssertionError(f"the page came back with another setup: {state}") from None
        assert parse_qs(urlparse(page.url).query)["lr"] == ["0.05"]
        wait_idle(page)
        page.click('button[data-action="step"]')
        wait_for(page, "p.data.at >= 1")
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(artifacts / "after-restart.png"))
        context.close()
    finally:
        server.stop()

"""Fixtures: one server per session, one browser, a fresh page per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from harness.browsing import ARTIFACTS, CHROMIUM, FLAGS, Server, no_traceback, wait_page


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
def server(artifacts):
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


# Chromium's own chatter, not errors of the page
# (and a busy class route's answers, which the page backs off from: test_browser_class)
IGNORED = ("GL Driver Message", "Canvas2D", "WebGL", "GPU stall",
           "status of 503 (Service Unavailable)", "status of 429 (Too Many Requests)")
# Streamlit asks for a download button's file as it draws the button; when the next run has
# already replaced that file (a tab left at once: only the open tab runs), the old button's
# file answers 404 and the button is gone with that run. Only that 404 is let pass.
STALE_DOWNLOAD = "Download Button source error - 404"


def page_error(message) -> str | None:
    """A console message that is an error of the page, or None."""
    if message.type != "error" or any(i in message.text for i in IGNORED):
        return None
    if message.text.startswith("Client Error: ") and message.text.endswith(STALE_DOWNLOAD):
        return None
    if "status of 404" in message.text and "/media/" in (message.location or {}).get("url", ""):
        return None
    return message.text


@pytest.fixture
def open_page(browser, server, request):
    """Open the page at a query string; fails the test on a traceback or a script error."""
    contexts, errors = [], []

    def opener(query: str = "", viewport=(1400, 1800), base: str | None = None, **options):
        """`base`: the server's address as the page reaches it (a slow link's)."""
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                      accept_downloads=True, **options)
        contexts.append(context)
        pg = context.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if page_error(m) else None)
        pg.goto((base or server.url) + ("/?" + query if query else ""))
        wait_page(pg)
        return pg

    yield opener
    if getattr(request.node, "failed_call", False):  # what each page showed when it failed
        for n, context in enumerate(contexts):
            for pg in context.pages:
                name = f"failed-{request.node.name}-{n}"
                pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))
                (ARTIFACTS / f"{name}.txt").write_text(pg.inner_text("body"))
    for context in contexts:
        for pg in context.pages:
            no_traceback(pg)
        context.close()
    assert not errors, errors


@pytest.fixture
def page(open_page):
    return open_page()

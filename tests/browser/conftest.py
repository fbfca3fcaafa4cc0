"""Fixtures: one server per session, one browser, a fresh page per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browsing import ARTIFACTS, CHROMIUM, FLAGS, Server, no_traceback, wait_idle


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    pg = context.new_page()
    pg.goto(server.url)
    wait_idle(pg)
    yield pg
    no_traceback(pg)
    context.close()

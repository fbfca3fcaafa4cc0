"""What a first visit downloads: compressed, at most 2 MB, and no data grid until asked for
(delivery.py, ui/panels.py). Counted in Chromium with a cold cache, as a phone would load it."""

from __future__ import annotations

import gzip
import os
import time
import urllib.request
from pathlib import Path

from harness.browsing import ROOT, wait_player
from linreg.classroom.room import Classroom
from linreg.classroom.store import DEFAULT_PATH, open_store

FIRST_VISIT_BYTES = 2_000_000
GRID = "/static/js/DataFrame."  # Streamlit's editable table


def first_visit(browser, url: str) -> dict:
    """Every response's bytes on the wire (headers and compressed body) until the plots are
    drawn and the page has settled, by address."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, sizes, encodings, pending = {}, {}, {}, set()

    def answered(e):
        urls[e["requestId"]] = e["response"]["url"]
        headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        encodings[e["response"]["url"]] = headers.get("content-encoding", "")

    def finished(e):
        sizes[e["requestId"]] = e["encodedDataLength"]
        pending.discard(e["requestId"])

    def sent(e):
        if "/class/" not in e["request"]["url"]:  # a class's page keeps one request waiting
            pending.add(e["requestId"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", lambda e: pending.discard(e["requestId"]))
    page.goto(url)
    wait_player(page, "d.figuresDrawn && d.figuresDrawn === d.figures", timeout=90_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    quiet = 0  # settled: nothing loading for ten checks in a row
    while quiet < 10:
        page.wait_for_timeout(100)
        quiet = 0 if pending else quiet + 1
    visit = {"bytes": {urls.get(k, k): v for k, v in sizes.items()}, "encodings": encodings,
             "page": page, "context": context}
    return visit


def check_light(visit: dict) -> None:
    total = sum(visit["bytes"].values())
    biggest = sorted(visit["bytes"].items(), key=lambda kv: -kv[1])[:8]
    assert total <= FIRST_VISIT_BYTES, (total, biggest)
    # a script of a few hundred bytes gains nothing from compression
    scripts = [u for u, n in visit["bytes"].items() if "/static/js/" in u and n > 4096]
    assert scripts and all(visit["encodings"][u] == "gzip" for u in scripts), [
        u for u in scripts if visit["encodings"][u] != "gzip"]
    assert not any(GRID in u for u in visit["bytes"]), "the data grid loaded on a first visit"


def test_a_first_visit_is_compressed_light_and_loads_the_grid_only_when_asked(browser, server):
    visit = first_visit(browser, server.url)
    try:
        check_light(visit)
        page = visit["page"]
        page.get_by_text("Edit in the table").click()
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
        assert any(GRID in u for u in visit["encodings"])
    finally:
        visit["context"].close()


def test_a_students_first_visit_is_light(browser, server):
    store = Path(ROOT, DEFAULT_PATH)  # the server's own store (it runs in the repository)
    code, _ = Classroom(open_store(f"sqlite://{store}")).start(
        {}, "en", client=f"delivery-test-{os.getpid()}-{time.time()}")  # not the page's limit
    visit = first_visit(browser, f"{server.url}/?join={code}&name=Ann")
    try:
        check_light(visit)
        visit["page"].get_by_text("Ann").first.wait_for(timeout=30_000)
    finally:
        visit["context"].close()


def fetch(url: str, gzip_ok: bool) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_assets_are_the_same_bytes_compressed_and_the_page_names_plotly_early(server):
    headers, page = fetch(server.url + "/", gzip_ok=True)
    html = gzip.decompress(page) if headers.get("content-encoding") == "gzip" else page
    assert b'rel="preload" as="script" href="/app/static/plotly' in html
    script = html.split(b'src="./static/js/')[1].split(b'"')[0].decode()
    zipped_headers, zipped = fetch(f"{server.url}/static/js/{script}", gzip_ok=True)
    plain_headers, plain = fetch(f"{server.url}/static/js/{script}", gzip_ok=False)
    assert zipped_headers["content-encoding"] == "gzip" and "content-encoding" not in plain_headers
    assert gzip.decompress(zipped) == plain and len(zipped) < len(plain) / 2
    assert int(zipped_headers["content-length"]) == len(zipped)

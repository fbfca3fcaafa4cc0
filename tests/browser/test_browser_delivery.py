"""What a first visit downloads: compressed (the websocket's messages too), at most 2 MB on
the wire, no data grid until asked for, no icon font, and plotly.js run once, from the first
document (delivery.py, ui/panels.py, ui/style.py, player/js/charts.js). Counted with a cold
cache, as a phone would load it: every byte the server sends, through harness.wire's relay."""

from __future__ import annotations

import gzip
import os
import time
import urllib.request

from delivery import FIRST_CHUNKS
from harness.browsing import wait_player
from harness.wire import WireCount
from linreg.classroom.room import Classroom
from linreg.classroom.store import open_store

FIRST_VISIT_BYTES = 2_000_000
GRID = "/static/js/DataFrame."  # Streamlit's editable table
ICON_FONT = "/static/media/MaterialSymbols"
TEXT_FONT = "/static/media/SourceSans"
EARLY_PLOTLY = 'script[data-plotly-early][src^="/app/static/plotly"]'


def first_visit(browser, server, query: str = "") -> dict:
    """Every response's bytes on the wire (headers and compressed body) until the plots are
    drawn and the page has settled, by address; all the server sent, the websocket's
    frames as sent included; the extensions the websocket agreed on."""
    wire = WireCount(("127.0.0.1", server.port))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, sizes, encodings, pending, extensions = {}, {}, {}, set(), []

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
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: extensions.append(
        {k.lower(): v for k, v in e["response"]["headers"].items()}.get(
            "sec-websocket-extensions", "")))
    page.goto(f"{wire.url}/{query}")
    wait_player(page, "d.figuresDrawn && d.figuresDrawn === d.figures", timeout=90_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    quiet = 0  # settled: nothing loading for ten checks in a row
    while quiet < 10:
        page.wait_for_timeout(100)
        quiet = 0 if pending else quiet + 1
    visit = {"bytes": {urls.get(k, k): v for k, v in sizes.items()}, "encodings": encodings,
             "wire": wire.sent, "extensions": extensions, "page": page, "context": context,
             "relay": wire}
    return visit


def close(visit: dict) -> None:
    visit["context"].close()
    visit["relay"].close()


def check_light(visit: dict) -> None:
    biggest = sorted(visit["bytes"].items(), key=lambda kv: -kv[1])[:8]
    assert visit["wire"] <= FIRST_VISIT_BYTES, (visit["wire"], biggest)
    assert visit["extensions"] and visit["extensions"][0].startswith("permessage-deflate"), (
        "the websocket's messages are not compressed", visit["extensions"])
    # a script of a few hundred bytes gains nothing from compression
    scripts = [u for u, n in visit["bytes"].items() if "/static/js/" in u and n > 4096]
    assert scripts and all(visit["encodings"][u] == "gzip" for u in scripts), [
        u for u in scripts if visit["encodings"][u] != "gzip"]
    assert not any(GRID in u for u in visit["bytes"]), "the data grid loaded on a first visit"
    assert not any(ICON_FONT in u for u in visit["bytes"]), "the icon font loaded"
    assert not any(TEXT_FONT in u for u in visit["bytes"]), "Streamlit's text font loaded"
    page = visit["page"]
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.startswith("-apple-system"), font  # the theme's fonts, the device's own
    # the chunks of the first screen are asked for by the first document, each of them
    # (read as served: Streamlit adds such links itself when it imports a chunk)
    first = page.request.get(page.url.split("?")[0]).text()
    missing = [c for c in FIRST_CHUNKS if f'rel="modulepreload" crossorigin href="./static/js/{c}'
               not in first]
    assert not missing, missing
    # the player took the plotly.js the first document ran, rather than run another
    assert visit["page"].locator('script[src*="plotly"]').count() == 1
    assert visit["page"].locator(EARLY_PLOTLY).count() == 1


ICON = """(box) => { const icon = document.querySelector(
    `[data-testid="${box}"] [data-testid="stIconMaterial"]`);
  return [getComputedStyle(icon, "::before").content, getComputedStyle(icon).fontFamily]; }"""


def check_icons(page) -> None:
    """The sidebar opens and closes, and an expander opens, with arrows that need no font."""
    content, font = page.evaluate(ICON, "stExpandSidebarButton")
    assert content == '"\u00bb"' and "Material" not in font, (content, font)
    page.get_by_test_id("stExpandSidebarButton").click()
    expander = page.get_by_test_id("stSidebar").get_by_test_id("stExpander").first
    expander.locator("summary").click()
    expander.locator("details[open]").wait_for()
    content, font = page.evaluate(ICON, "stSidebarCollapseButton")
    assert content == '"\u00ab"' and "Material" not in font, (content, font)
    page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    page.get_by_test_id("stExpandSidebarButton").wait_for()


def test_a_first_visit_is_compressed_light_and_loads_the_grid_only_when_asked(browser, server):
    visit = first_visit(browser, server)
    try:
        check_light(visit)
        page = visit["page"]
        check_icons(page)
        assert not any(ICON_FONT in u for u in visit["bytes"]), "the icon font loaded"
        page.get_by_text("Edit in the table").click()
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
        assert any(GRID in u for u in visit["encodings"])
        # the 3-D surface takes the full plotly.js over from the one the page ran first
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_text("3-D surface").click()
        wait_player(page, "root.querySelector('.lr-has-3d') && d.figuresDrawn === d.figures",
                    timeout=90_000)
        assert page.locator('script[src="/app/static/plotly.min.js"]').count() == 1
        assert page.evaluate("'surface' in Plotly.PlotSchema.get().traces")
    finally:
        close(visit)


def test_a_students_first_visit_is_light(browser, server):
    code, _ = Classroom(open_store(server.store)).start(  # the server's own store
        {}, "en", client=f"delivery-test-{os.getpid()}-{time.time()}")  # not the page's limit
    visit = first_visit(browser, server, f"?join={code}&name=Ann")
    try:
        check_light(visit)
        visit["page"].get_by_text("Ann").first.wait_for(timeout=30_000)
    finally:
        close(visit)


def fetch(url: str, gzip_ok: bool) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_assets_are_the_same_bytes_compressed_and_the_page_names_plotly_early(server):
    headers, page = fetch(server.url + "/", gzip_ok=True)
    html = gzip.decompress(page) if headers.get("content-encoding") == "gzip" else page
    assert b'<script async src="/app/static/plotly' in html and b"data-plotly-early" in html
    # the icon font is declared for all but the space Streamlit asks it to load at start
    sheet = html.split(b'rel="stylesheet" crossorigin href="./static/css/')[1].split(b'"')[0]
    _, css = fetch(f"{server.url}/static/css/{sheet.decode()}", gzip_ok=False)
    assert b"Material Symbols Rounded;unicode-range:U+21-10FFFF;" in css
    script = html.split(b'src="./static/js/')[1].split(b'"')[0].decode()
    zipped_headers, zipped = fetch(f"{server.url}/static/js/{script}", gzip_ok=True)
    plain_headers, plain = fetch(f"{server.url}/static/js/{script}", gzip_ok=False)
    assert zipped_headers["content-encoding"] == "gzip" and "content-encoding" not in plain_headers
    assert gzip.decompress(zipped) == plain and len(zipped) < len(plain) / 2
    assert int(zipped_headers["content-length"]) == len(zipped)

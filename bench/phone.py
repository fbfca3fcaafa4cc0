"""A first visit as a student's phone makes it, and the desktop first paint beside the
smallest Streamlit page: bytes on the wire, time to the plots, playback.

Bytes are counted as they leave the server (harness.wire's relay): HTTP headers and bodies as
sent, and the websocket's frames as sent, deflated; Chromium's own count would report the
websocket's messages decompressed.

The phone profile: 390 x 844, touch, the CPU slowed 4 x, 150 ms round trip, 1.6 Mbit/s down,
a cold cache (what each of thirty students gets on one school Wi-Fi).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from harness.browsing import (
    CHROMIUM,
    FLAGS,
    Server,
    free_port,
    player_state,
    wait_page,
    wait_player,
)
from harness.server import ROOT, ServedClass, healthy
from harness.wire import WireCount

from .stats import percentile

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3}
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
                "uploadThroughput": 0.75e6 / 8}
CPU_SLOWDOWN = 4
PLOTS_DRAWN = ("d.figuresDrawn && d.figuresDrawn === d.figures && "
               "root.querySelector('svg[data-chart=\"fit\"]').dataset.plotArea")
PAINTS = 7  # warm first paints of each page, taken in turn


def a_class(store_url: str) -> str:
    """A class started in the store the server reads; its join code."""
    from linreg.classroom.room import Classroom
    from linreg.classroom.store import open_store

    code, _ = Classroom(open_store(store_url)).start({}, "en", client=f"bench-{time.time()}")
    return code


def first_visit(browser, url: str, slow: bool) -> dict:
    """Bytes on the wire until the plots are drawn and nothing more loads (every byte the
    server sent, through harness.wire's relay); with `slow`, on the phone profile, and the
    seconds from the link opened to the plots drawn."""
    address = urlsplit(url)
    wire = WireCount((address.hostname, address.port))
    url = wire.url + url[len(f"{address.scheme}://{address.netloc}"):]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes, pending = {}, set()

    def sent(e):
        if "/class/" not in e["request"]["url"]:  # a class's page keeps one request waiting
            pending.add(e["requestId"])

    def done(e):
        sizes[e["requestId"]] = e.get("encodedDataLength", 0)
        pending.discard(e["requestId"])

    def frame(e):  # the page's websocket: the script's messages (frames, figures)
        data = e["response"]["payloadData"]
        sizes[f"ws{len(sizes)}"] = len(data) * 3 // 4 if e["response"]["opcode"] == 2 else len(
            data.encode())

    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", done)
    cdp.on("Network.loadingFailed", done)
    start = time.perf_counter()
    page.goto(url)
    wait_player(page, PLOTS_DRAWN, timeout=180_000)
    shown = time.perf_counter() - start
    quiet = 0  # settled: nothing loading for ten checks in a row
    while quiet < 10:
        page.wait_for_timeout(100)
        quiet = 0 if pending else quiet + 1
    socket = sum(n for k, n in sizes.items() if str(k).startswith("ws"))
    out = {"bytes": wire.sent, "socket": socket, "shown": shown, "page": page,
           "context": context, "wire": wire}
    return out


def close(visit: dict) -> None:
    visit["context"].close()
    visit["wire"].close()


COUNTED = "every byte the server sent (HTTP, websocket frames as sent)"


def playback(page, seconds: float = 5.0) -> float:
    """Epochs shown a second while playing (frames that drew a new epoch)."""
    page.click('button[data-action="play"]')
    wait_player(page, "d.playing === 'true'")
    before = int(player_state(page).get("updates", 0))
    start = time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    shown = int(player_state(page)["updates"]) - before
    elapsed = time.perf_counter() - start
    page.click('button[data-action="play"]')
    return shown / elapsed


def smallest_page() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "bench" / "smallest_page.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the smallest page did not start")
        time.sleep(0.3)
    return process, url


def first_paints(browser, page_url: str, smallest_url: str) -> tuple[list, list]:
    """Warm first paints of the page (its four plots) and of the smallest page (its plot),
    in turn, each in a new tab of one browser."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    ours, theirs = [], []
    for k in range(PAINTS + 1):  # the first round warms both servers and the cache
        for url, times in ((page_url, ours), (smallest_url, theirs)):
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            if url == page_url:
                wait_player(page, PLOTS_DRAWN, timeout=60_000)
            else:
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            if k:
                times.append(time.perf_counter() - start)
            page.close()
    context.close()
    return ours, theirs


def rows() -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    folder = tempfile.mkdtemp(prefix="linreg-phone-")
    store = f"sqlite://{Path(folder) / 'classes.sqlite3'}"
    env = {"LINREG_STORE": store}
    server = Server(extra_env=env)
    smallest, smallest_url = smallest_page()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            student = f"{server.url}/?join={a_class(store)}&name=Ann"
            for name, url in (("the page", server.url), ("a student's link", student)):
                visit = first_visit(browser, url, slow=False)
                close(visit)
                out.append(dict(name=f"first visit, {name} (make run): bytes", unit="MB",
                                value=visit["bytes"] / 1e6, goal="<= 2",
                                note=f"cold cache, all loaded: {COUNTED}; the websocket's "
                                     f"messages {visit['socket'] / 1e3:.0f} KB before deflate"))
            visit = first_visit(browser, student, slow=True)
            out.append(dict(name="phone profile, a student's link: to the plots shown",
                            value=visit["shown"], unit="s", goal="<= 12",
                            note=f"{visit['bytes'] / 1e6:.2f} MB; 4 x slower CPU, 150 ms, "
                                 f"1.6 Mbit/s, cold cache"))
            close(visit)
            visit = first_visit(browser, server.url, slow=True)
            out.append(dict(name="phone profile, the page: to the plots shown",
                            value=visit["shown"], unit="s", goal="<= 12",
                            note=f"{visit['bytes'] / 1e6:.2f} MB"))
            # played once the page has settled: the sidebar and the tabs, drawn after the
            # plots, take the phone's CPU for seconds more (measured apart, above)
            wait_page(visit["page"], timeout=120_000)
            out.append(dict(name="phone profile: playback, epochs shown a second",
                            value=playback(visit["page"]), unit="/s", goal=">= 30",
                            note="frames that drew a new epoch, over 5 s, once the page "
                                 "has settled (its sidebar drawn, its script idle)"))
            close(visit)
            ours, theirs = first_paints(browser, server.url, smallest_url)
            median = percentile(ours, 50), percentile(theirs, 50)
            ratio = median[0] / median[1]
            out.append(dict(name=f"desktop first paint / the smallest plotly page, medians "
                                 f"of {PAINTS}", value=ratio, unit="x", goal="<= 1.0",
                            note=f"{median[0]:.2f} s vs {median[1]:.2f} s, warm, taken "
                                 f"in turn"))
            browser.close()
    finally:
        server.stop()
        smallest.terminate()
        smallest.wait(10)
    if not os.path.exists("/usr/sbin/nginx"):
        out.append(dict(name="first visit through make serve-class", value=float("nan"),
                        unit="MB", goal="<= 2", note="left out: nginx is not installed"))
        return out
    served = ServedClass(workers=2, extra_env=env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            visit = first_visit(browser, f"{served.url}/?join={a_class(store)}&name=Bo",
                                slow=False)
            close(visit)
            browser.close()
        out.append(dict(name="first visit, a student's link (make serve-class): bytes",
                        value=visit["bytes"] / 1e6, unit="MB", goal="<= 2",
                        note=f"two workers behind nginx, cold cache: {COUNTED}"))
    finally:
        served.stop()
    return out


if __name__ == "__main__":
    from .table import print_header, print_row

    print_header("benchmark", 62)
    for row in rows():
        print_row(row, 62)

"""The page in headless Chromium: first paint, a setting's answer, Step, previews during three
drags, playback, a big upload."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .stats import percentile

ROOT = Path(__file__).resolve().parents[1]


def _wait(page, condition: str, timeout: float = 60_000) -> None:
    """A condition on what the player states on its root (`d`, see harness.browsing)."""
    from harness.browsing import wait_player

    wait_player(page, condition, timeout=timeout)


FIRST_PAINTS = 7  # page loads, each in a new tab of the same browser
OFFLINE_OPENS = 7

# Step in the page: from the click to the next frame painted, with the readouts and the plots
# on the new epoch (the server's answer follows; the next click waits for it).
STEP_TIMES = """async (count) => {
  const root = document.querySelector('[data-testid="linreg-player"]');
  const button = root.querySelector('button[data-action="step"]');
  const epochShown = () => root.querySelector('[data-testid="linreg-metric-epoch"]').textContent;
  const times = [];
  for (let k = 0; k < count; k++) {
    const before = Number(root.dataset.epoch);
    const start = performance.now();
    button.click();
    await new Promise((done) => requestAnimationFrame(() => done()));
    if (epochShown() !== String(before + 1) || root.dataset.epoch !== String(before + 1)) {
      throw new Error("the step was not shown in the next frame");
    }
    times.push(performance.now() - start);
    while (root.dataset.serverEpoch !== String(before + 1)) {
      await new Promise((done) => setTimeout(done, 5));
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return times;
}"""


# A rate typed in the sidebar's field: from Enter to the next frame painted with its preview.
TYPED_TIMES = """async (count) => {
  const root = document.querySelector('[data-testid="linreg-player"]');
  const field = document.querySelector(
    '[data-testid="stSidebar"] input[type="number"][aria-label="Learning rate"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  const times = [];
  for (let k = 0; k < count; k++) {
    const lr = String(0.02 + 0.001 * k);
    setValue.call(field, lr);
    const start = performance.now();
    field.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await new Promise((done) => requestAnimationFrame(() => done()));
    if (root.dataset.previewLr !== lr) throw new Error("no preview for " + lr);
    times.push(performance.now() - start);
  }
  return times;
}"""


# A drag driven at the display's pace: each animation frame moves the pointer (or the
# scrubber) a little further, for two seconds; counted are the frames that showed a new
# preview. (Playwright's own mouse moves are paced by the machine's load, not the page.)
DRAG = """async ({ target, from, to }) => {
  const root = document.querySelector('[data-testid="linreg-player"]');
  const previews = () => Number(root.dataset.previews || 0);
  const scrub = target === "scrubber";
  const node = scrub ? root.querySelector('[data-testid="linreg-scrubber-input"]')
    : root.querySelector(`.lr-chart-${target}`);
  const pointer = (type, [x, y]) => node.dispatchEvent(new PointerEvent(type, {
    clientX: x, clientY: y, pointerId: 1, isPrimary: true, button: 0, bubbles: true }));
  const move = (f) => {
    if (scrub) {
      node.value = String(Math.round(from + (to - from) * f));
      node.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      pointer("pointermove", [from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f]);
    }
  };
  if (!scrub) pointer("pointerdown", from);
  const start = performance.now();
  let frames = 0, shown = 0, seen = previews();
  await new Promise((done) => {
    const tick = (now) => {
      const count = previews();
      if (count > seen) { shown++; seen = count; }
      frames++;
      const f = (now - start) / 2000;
      if (f >= 1) { done(); return; }
      move(0.5 - 0.5 * Math.cos(2 * Math.PI * f));  // there and back
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const seconds = (performance.now() - start) / 1000;
  if (scrub) node.dispatchEvent(new Event("change", { bubbles: true }));
  else pointer("pointerup", from);
  return { seconds, frames, shown };
}"""


def live_rows(page) -> list[dict]:
    """Answers within a frame of the hand: Step, and the three drags that preview."""
    from harness.browsing import at, wait_idle

    out = []
    times = page.evaluate(STEP_TIMES, 20)
    out.append(dict(name="Step: click to readouts and plots, p95 of 20",
                    value=percentile(times, 95) / 1e3, unit="s", goal="< 0.05",
                    note=f"median {percentile(times, 50):.1f} ms, from the rows ahead"))
    wait_idle(page)
    page.click('button[data-action="reset"]')
    _wait(page, "d.serverEpoch === '0' && d.epoch === '0'")
    wait_idle(page)
    times = page.evaluate(TYPED_TIMES, 20)
    out.append(dict(name="a rate typed in the sidebar: Enter to its preview, p95 of 20",
                    value=percentile(times, 95) / 1e3, unit="s", goal="< 0.15",
                    note=f"median {percentile(times, 50):.1f} ms; the server's run follows"))
    page.reload()
    wait_idle(page)
    _wait(page, "d.figuresDrawn === d.figures")

    drags = {
        "the learning-rate scrubber": ("scrubber", 1200, 3900),
        "the start on the cost plot": ("contour", at(page, "contour", 0.2, 0.2),
                                       at(page, "contour", 1.5, -0.3)),
        "a point on the data plot": ("fit", at(page, "fit", 1, 2), at(page, "fit", 1, 6)),
    }
    for name, (target, start, end) in drags.items():
        got = page.evaluate(DRAG, {"target": target, "from": start, "to": end})
        out.append(dict(name=f"dragging {name}: updates a second", value=got["shown"] /
                        got["seconds"], unit="/s", goal=">= 30",
                        note=f"{got['frames']} frames in {got['seconds']:.1f} s, "
                             f"{got['shown']} with a new preview"))
        _wait(page, "!('previewEnd' in d)")
        wait_idle(page)
        page.click('button[data-action="reset"]')
        _wait(page, "d.serverEpoch === '0'")
        wait_idle(page)
    return out


def offline_rows(browser) -> list[dict]:
    """The lesson's offline player: how long it takes to make, its size, and how long it
    takes to open from a file and draw, with every network request refused."""
    from linreg import Settings, preset
    from linreg.texts import texts
    from player.offline import offline_html

    start = time.perf_counter()
    text = offline_html(preset("lesson"), Settings(), texts("en"), "en")
    made = time.perf_counter() - start
    out = [dict(name="offline player of the lesson: made", value=made, unit="s", goal="-",
                note=f"{len(text.encode()) / 2**20:.2f} MB (goal <= 3 MB)")]
    times = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lesson.html"
        path.write_text(text, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                      else r.abort())
        for _ in range(OFFLINE_OPENS):
            page = context.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri())
            _wait(page, "d.figuresDrawn && d.figuresDrawn === d.figures")
            times.append(time.perf_counter() - start)
            page.close()
        context.close()
    out.append(dict(name=f"offline player: opened from a file and drawn, median of "
                         f"{OFFLINE_OPENS}", value=percentile(times, 50), unit="s",
                    goal="< 1", note=f"slowest {max(times):.2f} s, no network"))
    return out


def rows() -> list[dict]:
    from playwright.sync_api import sync_playwright

    from harness.browsing import (
        CHROMIUM,
        FLAGS,
        Server,
        data_uploader,
        player_state,
        wait_idle,
        wait_page,
    )

    from .big import million_point_csv

    out = []
    server = Server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1400})
            warm = context.new_page()  # the first visit warms the server's caches
            warm.goto(server.url)
            _wait(warm, "d.figuresDrawn")
            warm.close()

            firsts = []
            for _ in range(FIRST_PAINTS):
                page = context.new_page()
                start = time.perf_counter()
                page.goto(server.url)
                _wait(page, "d.figuresDrawn && root.querySelector('svg[data-chart=\"fit\"]')"
                            ".dataset.plotArea")
                firsts.append(time.perf_counter() - start)
                if len(firsts) < FIRST_PAINTS:
                    page.close()
            out.append(dict(name=f"first paint of the page (warm server), median of "
                                 f"{FIRST_PAINTS}", value=percentile(firsts, 50), unit="s",
                            goal="< 2", note=f"until the four plots are drawn; slowest "
                                             f"{max(firsts):.2f} s"))
            wait_page(page)  # the sidebar's field is typed into below
            out += live_rows(page)

            times = []
            field = page.locator('[data-testid="stSidebar"] input[type="number"]'
                                 '[aria-label="Learning rate"]')
            for k in range(20):
                lr = round(0.011 + 0.001 * k, 3)
                field.fill(str(lr))
                start = time.perf_counter()
                field.press("Enter")
                _wait(page, f"+d.lr === {lr} && d.figuresDrawn === d.figures")
                times.append(time.perf_counter() - start)
                wait_idle(page)
            out.append(dict(name="a changed setting: the server's plots, p95 of 20",
                            value=percentile(times, 95),
                            unit="s", goal="-",
                            note=f"median {percentile(times, 50) * 1e3:.0f} ms"))

            page.click('button[data-action="play"]')
            _wait(page, "d.playing === 'true'")
            before = int(player_state(page).get("updates", 0))
            page.wait_for_timeout(3000)
            updates = int(player_state(page)["updates"]) - before
            pause = page.evaluate("""() => { const t0 = performance.now();
                document.querySelector('button[data-action="play"]').click();
                return performance.now() - t0; }""")
            out.append(dict(name="playback, updated frames a second", value=updates / 3,
                            unit="fps", goal=">= 30", note="4 plots and 7 readouts together"))
            out.append(dict(name="Pause: the click until the picture stands still", value=pause,
                            unit="ms", goal="-", note="the click's handler, in the browser"))
            wait_idle(page)

            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "million.csv"
                path.write_bytes(million_point_csv())
                start = time.perf_counter()
                data_uploader(page).set_input_files(str(path))
                _wait(page, "+d.points >= 2000 && d.figuresDrawn === d.figures",
                      timeout=120_000)
                upload = time.perf_counter() - start
            out.append(dict(name="CSV of 1,000,000 points: upload to first plots", value=upload,
                            unit="s", goal="< 3", note="in Chromium, through the uploader"))
            out += offline_rows(browser)
            browser.close()
    finally:
        server.stop()
    return out

// Playback in the browser: the epoch on screen follows the clock at the chosen speed, one
// draw per display frame; more rows are asked for before they run out. Pause is immediate.
import { drawFrame } from "./draw.js";
import { send } from "./messages.js";
import { reducedMotion, speedValue } from "./pace.js";
import { publishPlay } from "./publish.js";
import { indexOf } from "./rows.js";

// More rows are asked for this long (of playback) before the last: the answer is a rerun of
// the page's player, which takes a second or more on a server busy with a class.
const MORE_LEAD_SECONDS = 2;

// The clock starts again from the epoch on screen (after a speed change or new rows).
export function reanchor(p) {
  p.t0 = performance.now();
  p.epoch0 = p.rows ? p.rows.epoch[p.idx] : 0;
}

// Python's answer: a new play token starts playback at its epoch; more rows for the same
// playback keep it going from where it is; otherwise the picture goes where Python says.
export function follow(p, data) {
  if (data.playing && data.token !== p.token) {
    p.token = data.token;
    p.idx = indexOf(p, data.at);
    p.playing = true;
    reanchor(p);
  } else if (data.playing && p.playing) {
    p.waitingMore = false;
    p.idx = Math.min(p.idx, p.n - 1);
    reanchor(p);
  } else {
    p.playing = data.playing && p.playing;
    // a Step shown ahead of its answer stays on screen until the server has caught up
    const ahead = !p.playing && p.stepTo !== null && p.stepTo > data.at;
    if (!ahead) p.stepTo = null;
    if (!p.playing) p.idx = indexOf(p, ahead ? p.stepTo : data.at);
  }
  if (p.playing) p.stepTo = null;
}

function countFrame(p, updated) {
  p.frames++;
  if (updated) p.updates++;
  p.root.dataset.frames = String(p.frames);  // for the benchmark: frames while playing,
  p.root.dataset.updates = String(p.updates);  // and those that showed a new epoch
}

export function loop(p) {
  if (p.rafPending) return;
  p.rafPending = true;
  requestAnimationFrame((now) => {
    p.rafPending = false;
    if (!p.playing || p.waitingMore) return;
    if (reducedMotion(p) && p.lastTick && now - p.lastTick < 500) { loop(p); return; }
    p.lastTick = now;
    const target = p.epoch0 + (now - p.t0) / 1000 * speedValue(p);
    const last = p.n - 1;
    let idx = p.idx;
    const e = p.rows.epoch;
    while (idx < last && e[idx + 1] <= target) idx++;
    // Slow playback glides between epochs instead of jumping (the numbers stay exact).
    const glide = speedValue(p) <= 30 && idx < last && !reducedMotion(p)
      ? Math.min(1, Math.max(0, (target - e[idx]) / (e[idx + 1] - e[idx]))) : 0;
    const updated = idx !== p.idx;
    if (updated || glide !== p.glide) {
      p.idx = idx;
      p.glide = glide;
      drawFrame(p);
    }
    countFrame(p, updated);
    if (p.data.more && p.requestedMoreAt !== p.n &&
        e[last] - e[p.idx] <= speedValue(p) * MORE_LEAD_SECONDS) {
      p.requestedMoreAt = p.n;
      p.root.dataset.moreAhead = String(e[last] - e[p.idx]);  // for the tests: asked how early
      send(p, "more");
    }
    if (p.idx >= last) {
      if (p.data.more) {  // asked for above: the picture waits for them
        p.waitingMore = true;
        return;
      }
      p.playing = false;
      // a page following its teacher holds the whole run: it has no playback of its own
      // to end on the server
      if (!(p.data.watch && p.data.watch.follows)) send(p, "finished");
      drawFrame(p);
      publishPlay(p);
      return;
    }
    loop(p);
  });
}

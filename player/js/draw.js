// One frame: the row on screen (gliding towards the next one in slow playback) in numbers
// and on the plots, and the root's data-epoch / data-playing for whoever watches the page.
import { drawOverlay } from "./overlay.js";
import { showPredict } from "./predict.js";
import { showReadouts } from "./readouts.js";

export function drawFrame(p) {
  if (!p.data || !p.rows) return;
  const r = p.rows, i = p.idx;
  const g = p.playing && p.glide && i + 1 < p.n ? p.glide : 0;
  const W = r.W[i], b = r.b[i];
  // interpolation is drawing, not training: the numbers shown stay those of row i
  const Wg = g ? W + g * (r.W[i + 1] - W) : W, bg = g ? b + g * (r.b[i + 1] - b) : b;
  showReadouts(p, i);
  drawOverlay(p, i, Wg, bg);
  showPredict(p);
  p.root.dataset.epoch = String(r.epoch[i]);
  p.root.dataset.playing = String(p.playing);
}

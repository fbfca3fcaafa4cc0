// Previews while a hand moves: one function draws the path a run would take for a rate, a
// start or changed points (DESIGN: one function from the controls to the picture). It draws
// only the moving layer; the server's run replaces the preview when the hand lets go.
import { px } from "./charts.js";
import { drawFrame } from "./draw.js";
import { fixed } from "./format.js";
import { drawOverlay, shape } from "./overlay.js";
import { bestLine, costAndGradient, previewPath } from "./preview.js";

const LEVELS = 5;  // cost ellipses drawn around a moving optimum
const ELLIPSE_POINTS = 48;

// The run so far up to row `from`, then the previewed path from there.
function joinedRows(p, path, from) {
  const r = p.rows, test = p.data.preview.test_stats;
  const rows = { epoch: r.epoch.slice(0, from), W: r.W.slice(0, from), b: r.b.slice(0, from),
    cost: r.cost.slice(0, from), test_cost: r.test_cost.slice(0, from), dW: r.dW.slice(0, from),
    db: r.db.slice(0, from) };
  const first = from < r.epoch.length ? r.epoch[from] : 0;
  for (let k = 0; k < path.length; k++) {
    rows.epoch.push(first + k);
    rows.W.push(path.W[k]); rows.b.push(path.b[k]); rows.cost.push(path.cost[k]);
    rows.dW.push(path.dW[k]); rows.db.push(path.db[k]);
    rows.test_cost.push(test ? costAndGradient(test, path.W[k], path.b[k])[0] : null);
  }
  return rows;
}

// Draw the path from (W, b) at rate `lr` on the training set's statistics `stats` and its
// points `points`, continuing the run from its row `from` (0: a run started afresh).
// Returns the path, or null where a path is not a function of the training set
// (mini-batches shuffle the points).
export function showPreview(p, { lr, W, b, stats, points = p.data.preview.points, from, memory,
  end = p.data.end }) {
  const basis = p.data.preview;
  if (!basis.full_batch || p.playing) return null;
  const start = from < p.rows.epoch.length ? p.rows.epoch[from] : 0;
  const path = previewPath(stats, { optimizer: p.data.optimizer, lr, momentum: basis.momentum,
    W, b, epochs: Math.max(0, end - start), divergenceCost: basis.divergence_cost, memory,
    float32: end <= basis.float32_epochs, points });
  const view = Object.create(p);  // the player, seen through the previewed rows
  view.rows = joinedRows(p, path, from);
  view.n = view.rows.epoch.length;
  const last = view.n - 1;
  p.previewing = true;
  drawOverlay(view, last, view.rows.W[last], view.rows.b[last]);
  // what the preview ends on, stated for tests and the benchmark
  p.previews = (p.previews || 0) + 1;
  Object.assign(p.root.dataset, { previews: String(p.previews), previewLr: String(lr),
    previewEnd: `${fixed(view.rows.W[last], 3)} ${fixed(view.rows.b[last], 3)}`,
    previewDiverged: String(path.divergedAt) });
  return path;
}

// The valley, the optimum and a few cost ellipses of changed points, over the cost plot.
export function showSurface(p, stats, W, b) {
  const c = p.charts.contour;
  if (!c.geo || c.is3d) return;
  c.box.classList.add("lr-stale");
  const best = bestLine(stats);
  const g = c.geo;
  // the valley: for each W, the b that costs least, b = mean_y - W mean_x
  const [xa, ya] = px(c, g.x0, stats.mean_y - g.x0 * stats.mean_x);
  const [xb, yb] = px(c, g.x1, stats.mean_y - g.x1 * stats.mean_x);
  const valley = shape(c, "valley", "line", { class: "lr-preview-valley" });
  valley.setAttribute("x1", xa); valley.setAttribute("y1", ya);
  valley.setAttribute("x2", xb); valley.setAttribute("y2", yb);
  valley.style.display = "";
  const optimum = shape(c, "optimum", "circle", { class: "lr-preview-optimum", r: 7 });
  const levels = shape(c, "levels", "path", { class: "lr-preview-level" });
  if (!best) { optimum.style.display = "none"; levels.setAttribute("d", ""); return; }
  const [ox, oy] = px(c, best.W, best.b);
  optimum.setAttribute("cx", ox); optimum.setAttribute("cy", oy);
  optimum.style.display = "";
  // cost = cost* + d^T A d with A = [[E[x^2], E[x]], [E[x], 1]]: ellipses around the optimum
  const exx = stats.var_x + stats.mean_x ** 2, ex = stats.mean_x;
  const half = (exx + 1) / 2, root = Math.sqrt(Math.max(half * half - stats.var_x, 0));
  const mu = [half + root, half - root];
  const angle = Math.atan2(mu[0] - exx, ex);  // eigenvector of mu[0]: (ex, mu0 - exx)
  const [cmin] = costAndGradient(stats, best.W, best.b);
  const top = Math.max(costAndGradient(stats, W, b)[0] - cmin, 1e-12);
  let d = "";
  for (let level = 0; level < LEVELS; level++) {
    const size = top / 4 ** level;
    for (let k = 0; k <= ELLIPSE_POINTS; k++) {
      const angleAt = 2 * Math.PI * k / ELLIPSE_POINTS;
      const u = Math.sqrt(size / mu[0]) * Math.cos(angleAt),
        v = Math.sqrt(size / Math.max(mu[1], 1e-300)) * Math.sin(angleAt);
      const dW = u * Math.cos(angle) - v * Math.sin(angle), db = u * Math.sin(angle) + v * Math.cos(angle);
      const [X, Y] = px(c, best.W + dW, best.b + db);
      d += (k ? "L" : "M") + X.toFixed(1) + "," + Y.toFixed(1);
    }
  }
  levels.setAttribute("d", d);
  levels.style.display = "";
}

// The best line of changed points, over the data plot.
export function showBestLine(p, stats) {
  const c = p.charts.fit;
  const best = bestLine(stats);
  const line = shape(c, "best", "line", { class: "lr-preview-best" });
  if (!c.geo || !best) { line.style.display = "none"; return; }
  const g = c.geo;
  const [xa, ya] = px(c, g.x0, best.W * g.x0 + best.b);
  const [xb, yb] = px(c, g.x1, best.W * g.x1 + best.b);
  line.setAttribute("x1", xa); line.setAttribute("y1", ya);
  line.setAttribute("x2", xb); line.setAttribute("y2", yb);
  line.style.display = "";
}

// Back to the run as the server sent it.
export function endPreview(p) {
  if (!p.previewing) return;
  p.previewing = false;
  delete p.root.dataset.previewEnd;
  delete p.root.dataset.previewLr;
  delete p.root.dataset.previewDiverged;
  p.charts.contour.box.classList.remove("lr-stale");
  for (const [name, key] of [["fit", "best"], ["contour", "valley"], ["contour", "optimum"],
    ["contour", "levels"]]) {
    const s = p.charts[name].shapes[key];
    if (s) s.style.display = "none";
  }
  drawFrame(p);
}

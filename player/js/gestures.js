// Edits by hand. The data plot: click adds a point, drag moves one, Shift+click or a long
// press deletes. The cost plot: click or drag sets the start (W, b). Python checks each edit
// and redraws; until then a ghost marks the spot and the residual follows the finger.
// The same edits by keyboard: plotkeys.js.
import { px } from "./charts.js";
import { drawFrame } from "./draw.js";
import { send } from "./messages.js";
import { endPreview, showBestLine, showPreview, showSurface } from "./live.js";
import { shape } from "./overlay.js";
import { placeAt, placeWanted } from "./predict.js";
import { statsOf } from "./preview.js";

const LONG_PRESS_MS = 650;
const HIT_PIXELS = 12;  // a finger's width on a projector is more

function local(c, event) {
  const r = c.plot.getBoundingClientRect();
  return [event.clientX - r.left, event.clientY - r.top];
}

function inPlot(c, X, Y) {
  const g = c.geo;
  return !!g && X >= g.l && X <= g.l + g.w && Y >= g.t && Y <= g.t + g.h;
}

// a value on an axis of this span, rounded to what a pixel can tell apart (2.5, not 2.4987...)
export function roundToAxis(v, span) {
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(span) || 1)));
  return Number(v.toFixed(Math.min(digits, 12)));
}

// pixels to data
function toData(c, X, Y) {
  const g = c.geo;
  X = Math.max(g.l, Math.min(g.l + g.w, X));
  Y = Math.max(g.t, Math.min(g.t + g.h, Y));
  return [roundToAxis(g.x0 + (X - g.l) / g.w * (g.x1 - g.x0), g.x1 - g.x0),
          roundToAxis(g.y0 + (1 - (Y - g.t) / g.h) * (g.y1 - g.y0), g.y1 - g.y0)];
}

function hitPoint(p, c, X, Y) {
  const pts = p.data.points;
  let best = -1, bestDistance = HIT_PIXELS;
  for (let k = 0; k < pts.x.length; k++) {
    const [x, y] = px(c, pts.x[k], pts.y[k]);
    const distance = Math.hypot(x - X, y - Y);
    if (distance < bestDistance) { best = k; bestDistance = distance; }
  }
  return best;
}

export function ghost(c, X, Y) {
  const g = shape(c, "ghost", "circle", { class: "lr-ghost", r: 8 });
  g.setAttribute("cx", X);
  g.setAttribute("cy", Y);
  g.style.display = "";
}

export function clearGhost(p) {
  for (const name of ["fit", "contour"]) {
    const g = p.charts[name].shapes.ghost;
    if (g && !p.drag && !p.keyEdit) g.style.display = "none";
  }
}

function cancelDrag(p) {
  if (p.drag) clearTimeout(p.drag.timer);
  p.drag = null;
  p.preview = null;
  clearGhost(p);
  endPreview(p);
}

// The start dragged on the cost plot: the whole path from there, as it would run afresh.
export function previewStart(p, W, b) {
  if (p.playing) return;
  showPreview(p, { lr: p.data.lr, W, b, stats: p.data.preview.stats, from: 0 });
}

// A point dragged: the statistics of the training points with it moved, and everything that
// follows from them (best line, valley, optimum, the run's path on from here).
export function previewPoints(p, k, x, y) {
  const pts = p.data.points, test = p.data.edit.test;
  const xs = [], ys = [];
  for (let j = 0; j < pts.x.length; j++) {
    if (test[j]) continue;
    xs.push(j === k ? x : pts.x[j]);
    ys.push(j === k ? y : pts.y[j]);
  }
  const stats = statsOf(xs, ys);
  const i = p.served - 1, r = p.rows;
  showBestLine(p, stats);
  showSurface(p, stats, r.W[i], r.b[i]);
  if (!p.playing) {  // the server keeps a moved point in float32
    const points = p.data.preview.points && { x: xs.map(Math.fround), y: ys.map(Math.fround) };
    showPreview(p, { lr: p.data.lr, W: r.W[i], b: r.b[i], stats, points, from: i,
      memory: p.data.preview.memory });
  }
}

function onDown(p, name, event) {
  const c = p.charts[name];
  const edit = p.data && p.data.edit;
  const placing = name === "contour" && placeWanted(p);
  if (!edit || !(name === "fit" ? edit.points : edit.start || placing) || c.is3d ||
      event.button > 0) return;
  const [X, Y] = local(c, event);
  if (!inPlot(c, X, Y)) return;
  event.preventDefault();
  event.stopPropagation();
  const k = name === "fit" ? hitPoint(p, c, X, Y) : -1;
  if (k >= 0 && event.shiftKey) { send(p, "edit", { op: "delete", index: edit.index[k] }); return; }
  cancelDrag(p);
  const drag = { name, k, X0: X, Y0: Y, moved: false, placing };
  if (k >= 0) {  // a long press deletes (touch screens have no Shift)
    drag.timer = setTimeout(() => {
      if (p.drag !== drag || drag.moved) return;
      cancelDrag(p);
      send(p, "edit", { op: "delete", index: edit.index[k] });
    }, LONG_PRESS_MS);
  }
  p.drag = drag;
  try { c.box.setPointerCapture(event.pointerId); } catch (e) { /* not every pointer can be captured */ }
  if (name === "contour") {
    ghost(c, X, Y);
    if (!placing) previewStart(p, ...toData(c, X, Y));
  }
}

function onMove(p, event) {
  const d = p.drag;
  if (!d) return;
  const c = p.charts[d.name];
  const [X, Y] = local(c, event);
  if (Math.hypot(X - d.X0, Y - d.Y0) > 5) d.moved = true;
  if (d.moved && (d.name === "contour" || d.k >= 0)) ghost(c, X, Y);
  if (d.moved && d.name === "fit" && d.k >= 0) {  // the point's residual follows the finger
    const [x, y] = toData(c, X, Y);
    p.preview = { k: d.k, x, y };
    drawFrame(p);
    previewPoints(p, d.k, x, y);
  }
  if (d.moved && d.name === "contour" && !d.placing) previewStart(p, ...toData(c, X, Y));
}

function onUp(p, event) {
  const d = p.drag;
  if (!d) return;
  clearTimeout(d.timer);
  p.drag = null;
  const c = p.charts[d.name];
  const [X, Y] = local(c, event);
  const [x, y] = toData(c, X, Y);
  if (d.placing) { clearGhost(p); placeAt(p, x, y); }
  else if (d.name === "contour") send(p, "edit", { op: "start", W: x, b: y });
  else if (d.k >= 0 && d.moved) send(p, "edit", { op: "move", index: p.data.edit.index[d.k], x, y });
  else if (d.k < 0 && !d.moved) {
    p.preview = { k: -1, x, y };  // shown at once; Python's answer replaces it
    ghost(c, X, Y);
    drawFrame(p);
    send(p, "edit", { op: "add", x, y, set: p.newSet.value });
  } else clearGhost(p);
}

export function attachGestures(p) {
  for (const name of ["fit", "contour"]) {
    const box = p.charts[name].box;
    box.addEventListener("pointerdown", (event) => onDown(p, name, event), { capture: true });
    box.addEventListener("pointermove", (event) => onMove(p, event));
    box.addEventListener("pointerup", (event) => onUp(p, event));
    box.addEventListener("pointercancel", () => cancelDrag(p));
  }
}

// Python answered: its picture replaces the preview (a drag, or a move by keys, goes on).
export function answerEdits(p) {
  if (!p.drag && !p.keyEdit) {
    p.preview = null;
    clearGhost(p);
    if (!p.scrubber || p.scrubber.held === null) endPreview(p);
  }
}

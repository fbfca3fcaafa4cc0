// What moves, drawn as SVG over each plot: the current line and its residuals, the path and
// the negative gradient on the cost plot, the curves of W, b and the costs up to the epoch shown.
import { COST_FLOOR, px } from "./charts.js";
import { svgEl } from "./dom.js";

const MAX_RESIDUALS = 400;
const MAX_CURVE_POINTS = 1500;

// The overlay's shape under `key`, made on first use.
export function shape(c, key, tag, attrs) {
  let s = c.shapes[key];
  if (!s) {
    s = svgEl(tag, attrs);
    c.layer.appendChild(s);
    c.shapes[key] = s;
  }
  return s;
}

// at most MAX_CURVE_POINTS vertices, always ending on the frame shown
function curveIndices(i) {
  const stride = Math.max(1, Math.ceil((i + 1) / MAX_CURVE_POINTS));
  const out = [];
  for (let k = 0; k < i; k += stride) out.push(k);
  out.push(i);
  return out;
}

function drawFit(p, W, b) {
  const c = p.charts.fit;
  if (!c.geo) return;
  const g = c.geo;
  const [xa, ya] = px(c, g.x0, W * g.x0 + b);
  const [xb, yb] = px(c, g.x1, W * g.x1 + b);
  const pts = p.data.points;
  if (pts.x.length <= MAX_RESIDUALS) {
    let dpath = "";
    const preview = p.preview;  // a point being moved or added by hand
    const residual = (x, y) => {
      const [X, Y] = px(c, x, y);
      const [qx, qy] = px(c, x, W * x + b);
      dpath += `M${X.toFixed(1)},${Y.toFixed(1)}L${qx.toFixed(1)},${qy.toFixed(1)}`;
    };
    for (let k = 0; k < pts.x.length; k++) {
      if (preview && preview.k === k) residual(preview.x, preview.y);
      else residual(pts.x[k], pts.y[k]);
    }
    if (preview && preview.k < 0) residual(preview.x, preview.y);
    shape(c, "res", "path", { class: "lr-residual" }).setAttribute("d", dpath);
  }
  const line = shape(c, "line", "line", { class: "lr-line" });
  line.setAttribute("x1", xa); line.setAttribute("y1", ya);
  line.setAttribute("x2", xb); line.setAttribute("y2", yb);
  drawChosen(p, c);
}

// The point the keyboard chose (plotkeys.js), ringed while the data plot has the focus.
function drawChosen(p, c) {
  const ring = shape(c, "chosen", "circle", { class: "lr-chosen", r: 11 });
  const k = p.keyFocus === "fit" ? p.chosen : -1, pts = p.data.points;
  if (!(k >= 0 && k < pts.x.length)) { ring.style.display = "none"; return; }
  const moved = p.preview && p.preview.k === k ? p.preview : null;
  const [X, Y] = moved ? px(c, moved.x, moved.y) : px(c, pts.x[k], pts.y[k]);
  ring.setAttribute("cx", X); ring.setAttribute("cy", Y);
  ring.style.display = "";
}

function drawContour(p, i, W, b, dW, db) {
  const c = p.charts.contour;
  const r = p.rows;
  if (c.is3d) { draw3d(p, i); return; }
  if (!c.geo) return;
  let dpath = "";
  for (const k of curveIndices(i)) {
    const [x, y] = px(c, r.W[k], r.b[k]);
    dpath += (dpath ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
  }
  shape(c, "path", "path", { class: "lr-path" }).setAttribute("d", dpath);
  const [cx, cy] = px(c, W, b);
  const dot = shape(c, "dot", "circle", { class: "lr-dot", r: 7 });
  dot.setAttribute("cx", cx); dot.setAttribute("cy", cy);
  // the negative gradient, as a direction: a fixed length on screen
  const [gx, gy] = px(c, W - dW, b - db);
  let ux = gx - cx, uy = gy - cy;
  const len = Math.hypot(ux, uy);
  const arrow = shape(c, "arrow", "line", { class: "lr-gradient", "marker-end": `url(#${c.arrowId})` });
  if (len > 1e-9 && Number.isFinite(len)) {
    ux = ux / len * 48; uy = uy / len * 48;
    arrow.setAttribute("x1", cx); arrow.setAttribute("y1", cy);
    arrow.setAttribute("x2", cx + ux); arrow.setAttribute("y2", cy + uy);
    arrow.style.display = "";
  } else arrow.style.display = "none";
}

// The 3-D surface has no overlay: its path trace is restyled, at most about 7 times a second.
function draw3d(p, i) {
  const now = performance.now();
  if (p.playing && p.last3d && now - p.last3d < 150) return;  // a 3-D redraw is costly
  p.last3d = now;
  const r = p.rows, idx = curveIndices(i);
  const z = idx.map((k) => Math.log10(Math.max(r.cost[k], COST_FLOOR)));
  window.Plotly.restyle(p.charts.contour.plot, {
    x: [idx.map((k) => r.W[k])], y: [idx.map((k) => r.b[k])], z: [z],
  }, [1]);
}

function drawCurves(p, name, i, series) {
  const c = p.charts[name];
  if (!c.geo) return;
  const r = p.rows;
  const idx = curveIndices(i);
  for (const [key, values, cls] of series) {
    let dpath = "";
    for (const k of idx) {
      const val = values[k];
      if (val === null) continue;
      const [x, y] = px(c, r.epoch[k], val);
      dpath += (dpath ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
    }
    shape(c, key, "path", { class: "lr-curve " + cls }).setAttribute("d", dpath);
  }
  const [x] = px(c, r.epoch[i], 1);
  const now = shape(c, "now", "line", { class: "lr-now" });
  now.setAttribute("x1", x); now.setAttribute("x2", x);
  now.setAttribute("y1", c.geo.t); now.setAttribute("y2", c.geo.t + c.geo.h);
}

// Row i, with the line and the dot at (W, b): between rows while gliding.
export function drawOverlay(p, i, W, b) {
  const r = p.rows;
  drawFit(p, W, b);
  drawContour(p, i, W, b, r.dW[i], r.db[i]);
  drawCurves(p, "params", i, [["W", r.W, "lr-W"], ["b", r.b, "lr-b"]]);
  const costs = [["cost", r.cost, "lr-cost"]];
  if (p.data.has_test) costs.push(["test_cost", r.test_cost, "lr-test-cost"]);
  drawCurves(p, "cost", i, costs);
}

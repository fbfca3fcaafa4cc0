// The plots by keyboard: the edits of gestures.js, a key at a time. On the cost plot the
// arrows move the start (W, b), or the guess while a question asks where (W, b) will be; on
// the data plot N and P choose a point, the arrows move it, Delete removes it and A adds one
// in the middle. Arrows preview as a drag does; Enter sends what a drop sends (one path on the
// server), Escape takes it back, and leaving the plot with a move pending sends it, as letting
// go of a drag does. The move on its way is stated on the root as data-key-edit "x y".
import { fill, say } from "./announce.js";
import { px } from "./charts.js";
import { drawFrame } from "./draw.js";
import { clearGhost, ghost, previewPoints, previewStart, roundToAxis } from "./gestures.js";
import { endPreview } from "./live.js";
import { send } from "./messages.js";
import { placeAt, placeWanted } from "./predict.js";

const STEPS_ACROSS = 50;  // an arrow moves 1/50 of the axis's range, 1/10 with Shift
const SHIFT_TIMES = 5;
const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

// x and y moved by an arrow's step, kept inside the axes and rounded as a pointer's are
function stepped(c, x, y, [dx, dy], big) {
  const g = c.geo, times = big ? SHIFT_TIMES : 1;
  const along = (v, d, a, b) => {
    const low = Math.min(a, b), high = Math.max(a, b);
    const moved = v + d * times * (high - low) / STEPS_ACROSS;
    return roundToAxis(Math.max(low, Math.min(high, moved)), high - low);
  };
  return [along(x, dx, g.x0, g.x1), along(y, dy, g.y0, g.y1)];
}

function showKeyEdit(p, c, x, y) {
  ghost(c, ...px(c, x, y));
  p.root.dataset.keyEdit = `${x} ${y}`;
}

function cancel(p) {
  const k = p.keyEdit;
  if (!k) return;
  p.keyEdit = null;
  delete p.root.dataset.keyEdit;
  if (k.chart === "fit") p.preview = null;
  clearGhost(p);
  endPreview(p);
  drawFrame(p);
}

function commit(p) {
  const k = p.keyEdit;
  if (!k) return;
  p.keyEdit = null;
  delete p.root.dataset.keyEdit;
  if (k.placing) { clearGhost(p); placeAt(p, k.x, k.y); }
  else if (k.chart === "contour") send(p, "edit", { op: "start", W: k.x, b: k.y });
  else {
    p.chooseNear = [k.x, k.y];  // the point keeps the keyboard where it went
    send(p, "edit", { op: "move", index: p.data.edit.index[k.k], x: k.x, y: k.y });
  }
}

function costKey(p, event) {
  const c = p.charts.contour, edit = p.data.edit || {};
  const placing = placeWanted(p);
  if (!(edit.start || placing) || !c.geo || c.is3d) return false;
  const arrow = ARROWS[event.key];
  if (arrow) {
    let k = p.keyEdit;
    if (!k || k.chart !== "contour") {  // from the run's start, or from here for a guess
      cancel(p);
      const i = placing ? p.idx : 0;
      k = p.keyEdit = { chart: "contour", placing, x: p.rows.W[i], y: p.rows.b[i] };
    }
    [k.x, k.y] = stepped(c, k.x, k.y, arrow, event.shiftKey);
    showKeyEdit(p, c, k.x, k.y);
    if (!placing) previewStart(p, k.x, k.y);
    say(p, fill(p.data.labels.say_wb, { W: k.x, b: k.y }));
    return true;
  }
  return editKey(p, event);
}

function sayPoint(p, k, x, y) {
  say(p, fill(p.data.labels.say_point, { n: k + 1, count: p.data.points.x.length, x, y }));
}

function fitKey(p, event) {
  const c = p.charts.fit, edit = p.data.edit || {}, pts = p.data.points;
  const n = pts.x.length;
  if (!edit.points || !c.geo) return false;
  if (event.code === "KeyN" || event.code === "KeyP") {
    if (!n) return true;
    cancel(p);
    const forward = event.code === "KeyN";
    p.chosen = p.chosen >= 0 && p.chosen < n ? (p.chosen + (forward ? 1 : n - 1)) % n
      : (forward ? 0 : n - 1);
    drawFrame(p);
    sayPoint(p, p.chosen, pts.x[p.chosen], pts.y[p.chosen]);
    return true;
  }
  if (event.code === "KeyA") {
    cancel(p);
    const g = c.geo;
    const x = roundToAxis((g.x0 + g.x1) / 2, g.x1 - g.x0), y = roundToAxis((g.y0 + g.y1) / 2, g.y1 - g.y0);
    p.chooseNear = [x, y];
    send(p, "edit", { op: "add", x, y, set: p.newSet.value });
    return true;
  }
  const chosen = p.chosen >= 0 && p.chosen < n ? p.chosen : -1;
  if ((event.key === "Delete" || event.key === "Backspace") && chosen >= 0) {
    cancel(p);
    send(p, "edit", { op: "delete", index: edit.index[chosen] });
    return true;
  }
  const arrow = ARROWS[event.key];
  if (arrow) {
    if (chosen < 0) return true;  // N chooses a point first
    let k = p.keyEdit;
    if (!k || k.chart !== "fit" || k.k !== chosen) {
      cancel(p);
      k = p.keyEdit = { chart: "fit", k: chosen, x: pts.x[chosen], y: pts.y[chosen] };
    }
    [k.x, k.y] = stepped(c, k.x, k.y, arrow, event.shiftKey);
    p.preview = { k: chosen, x: k.x, y: k.y };
    showKeyEdit(p, c, k.x, k.y);
    drawFrame(p);
    previewPoints(p, chosen, k.x, k.y);
    sayPoint(p, chosen, k.x, k.y);
    return true;
  }
  return editKey(p, event);
}

function editKey(p, event) {
  if (event.key === "Enter" && p.keyEdit) { commit(p); return true; }
  if (event.key === "Escape" && p.keyEdit) { cancel(p); return true; }
  return false;
}

export function attachPlotKeys(p) {
  p.chosen = -1;
  for (const [name, onKey] of [["fit", fitKey], ["contour", costKey]]) {
    const box = p.charts[name].box;
    box.addEventListener("keydown", (event) => {
      if (!p.data || !p.rows || event.ctrlKey || event.metaKey || event.altKey) return;
      if (!onKey(p, event)) return;
      event.preventDefault();
      event.stopPropagation();  // not the page's keys (messages.js): → would step
    });
    box.addEventListener("focus", () => {
      p.keyFocus = name;
      if (box.getAttribute("aria-label")) p.hint.textContent = box.getAttribute("aria-label");
      drawFrame(p);
    });
    box.addEventListener("blur", () => {
      if (p.keyEdit && p.keyEdit.chart === name) commit(p);
      p.keyFocus = null;
      p.hint.textContent = (p.data && p.data.edit && p.data.edit.hint) || "";
      drawFrame(p);
    });
  }
}

// Python answered: the chosen point stays the one the keys added or moved, or the nearest
// that still exists.
export function keepChosen(p) {
  const pts = p.data.points, n = pts.x.length;
  if (p.keyEdit && p.keyEdit.chart === "fit" && p.keyEdit.k >= n) cancel(p);
  if (p.chooseNear) {
    const [x, y] = p.chooseNear;
    p.chooseNear = null;
    let best = -1, distance = Infinity;
    for (let k = 0; k < n; k++) {
      const d = Math.hypot(pts.x[k] - x, pts.y[k] - y);
      if (d < distance) { best = k; distance = d; }
    }
    p.chosen = best;
  }
  if (p.chosen >= n) p.chosen = n - 1;
}

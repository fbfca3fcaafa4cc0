// The live player: Plotly draws what stands still, this draws what moves (SVG over each plot).
// Python sends the run's rows; playback, Pause and the readouts happen here, in the browser.

const PLOTLY_SRC = "/app/static/plotly.min.js";
const SVG = "http://www.w3.org/2000/svg";
const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];
const CHARTS = ["fit", "contour", "params", "cost"];
const COST_FLOOR = 1e-12;
const MAX_RESIDUALS = 400;
const MAX_CURVE_POINTS = 1500;
const ICONS = {
  play: "M3 1.5 L10.5 6 L3 10.5 Z",
  pause: "M2.5 1.5 H5 V10.5 H2.5 Z M7 1.5 H9.5 V10.5 H7 Z",
  step: "M2 1.5 L8 6 L2 10.5 Z M8.5 1.5 H10.5 V10.5 H8.5 Z",
  end: "M1 1.5 L6 6 L1 10.5 Z M5.5 1.5 L10.5 6 L5.5 10.5 Z",
  reset: "M1.5 1.5 H3.5 V10.5 H1.5 Z M10.5 1.5 L4.5 6 L10.5 10.5 Z",
};

let plotlyLoading = null;
function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = PLOTLY_SRC;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { plotlyLoading = null; reject(new Error("plotly")); };
      document.head.appendChild(script);
    });
  }
  return plotlyLoading;
}

// Python's format(x, ".{d}f"): the exact binary value, rounded half to even.
function fixed(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const [whole, frac] = exact.split(".");
  const kept = whole + frac.slice(0, digits);
  const rest = frac.slice(digits);
  let roundUp = false;
  if (rest[0] > "5") roundUp = true;
  else if (rest[0] === "5") {
    roundUp = /[1-9]/.test(rest.slice(1)) || (Number(kept[kept.length - 1]) % 2 === 1);
  }
  let digitsOut = kept;
  if (roundUp) {
    const arr = kept.split("").map(Number);
    let i = arr.length - 1;
    while (i >= 0) { if (arr[i] === 9) { arr[i] = 0; i--; } else { arr[i] += 1; break; } }
    digitsOut = (i < 0 ? "1" : "") + arr.join("");
  }
  const intLen = digitsOut.length - digits;
  let text = digits ? digitsOut.slice(0, intLen) + "." + digitsOut.slice(intLen) : digitsOut;
  const negative = x < 0 || Object.is(x, -0);
  return (negative ? "-" : "") + text;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

class Player {
  constructor(parent) {
    this.parent = parent;
    this.data = null;
    this.idx = 0;            // index into rows of the frame on screen
    this.glide = 0;          // how far towards the next row the picture has moved
    this.playing = false;
    this.token = null;       // the play token from Python that this playback answers
    this.waitingMore = false;
    this.requestedMoreAt = -1;
    this.figsKey = null;
    this.seq = 0;
    this.frames = 0;         // animation frames while playing, for the benchmark
    this.updates = 0;        // of which showed a new epoch
    this.geometry = {};
    this.build();
    this.keys = (event) => this.onKey(event);
    document.addEventListener("keydown", this.keys);
  }

  build() {
    const root = el("div", "lr-player");
    root.setAttribute("data-testid", "linreg-player");
    const bar = el("div", "lr-bar");
    this.buttons = {};
    for (const name of ["reset", "step", "step10", "play", "run_end"]) {
      const b = el("button", "lr-btn lr-" + name);
      b.type = "button";
      b.dataset.action = name;
      b.addEventListener("click", () => this.onButton(name));
      this.buttons[name] = b;
      bar.appendChild(b);
    }
    this.speedLabel = el("label", "lr-speed");
    this.speedText = el("span");
    this.speed = el("select");
    this.speed.setAttribute("data-testid", "linreg-speed");
    for (const s of SPEEDS) {
      const o = el("option", null, String(s));
      o.value = String(s);
      this.speed.appendChild(o);
    }
    this.speed.addEventListener("change", () => this.reanchor());
    this.pngButton = el("button", "lr-btn lr-png");
    this.pngButton.type = "button";
    this.pngButton.dataset.action = "png";
    this.pngButton.addEventListener("click", () => this.savePng());
    this.speedLabel.append(this.speedText, this.speed);
    bar.appendChild(this.speedLabel);
    bar.appendChild(this.pngButton);
    this.undoButton = el("button", "lr-btn lr-undo");
    this.undoButton.type = "button";
    this.undoButton.dataset.action = "undo";
    this.undoButton.addEventListener("click", () => this.send("undo"));
    bar.appendChild(this.undoButton);
    this.newSetLabel = el("label", "lr-speed lr-newset");
    this.newSetText = el("span");
    this.newSet = el("select");
    this.newSet.setAttribute("data-testid", "linreg-new-set");
    for (const part of ["train", "test"]) {
      const o = el("option");
      o.value = part;
      this.newSet.appendChild(o);
    }
    this.newSetLabel.append(this.newSetText, this.newSet);
    bar.appendChild(this.newSetLabel);
    this.status = el("span", "lr-status");
    this.status.setAttribute("role", "status");
    bar.appendChild(this.status);
    root.appendChild(bar);

    this.metrics = el("div", "lr-metrics");
    this.metricValues = {};
    for (const name of ["epoch", "W", "b", "cost", "test_cost", "dW", "db"]) {
      const box = el("div", "lr-metric");
      box.dataset.metric = name;
      const label = el("div", "lr-metric-label");
      const value = el("div", "lr-metric-value");
      value.setAttribute("data-testid", "linreg-metric-" + name);
      box.append(label, value);
      this.metrics.appendChild(box);
      this.metricValues[name] = { label, value, box };
    }
    root.appendChild(this.metrics);
    this.alert = el("div", "lr-alert");
    this.alert.setAttribute("role", "alert");
    root.appendChild(this.alert);

    this.grid = el("div", "lr-grid");
    this.charts = {};
    for (const name of CHARTS) {
      const box = el("div", "lr-chart lr-chart-" + name);
      const plot = el("div", "lr-plot");
      const svg = svgEl("svg", { class: "lr-overlay" });
      const clip = svgEl("clipPath", { id: "lr-clip-" + name + "-" + Math.random().toString(36).slice(2) });
      const clipRect = svgEl("rect");
      clip.appendChild(clipRect);
      const defs = svgEl("defs");
      defs.appendChild(clip);
      const marker = svgEl("marker", { id: clip.id + "-arrow", viewBox: "0 0 10 10", refX: "8", refY: "5",
        markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" });
      marker.appendChild(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "lr-arrowhead" }));
      defs.appendChild(marker);
      svg.appendChild(defs);
      const layer = svgEl("g", { "clip-path": `url(#${clip.id})` });
      svg.appendChild(layer);
      const summary = el("p", "lr-sr");
      box.append(plot, svg, summary);
      this.grid.appendChild(box);
      this.charts[name] = { box, plot, svg, layer, clipRect, arrowId: clip.id + "-arrow", summary, shapes: {} };
    }
    root.appendChild(this.grid);
    this.hint = el("p", "lr-hint");
    root.appendChild(this.hint);
    for (const name of ["fit", "contour"]) {
      const box = this.charts[name].box;
      box.addEventListener("pointerdown", (event) => this.onDown(name, event), { capture: true });
      box.addEventListener("pointermove", (event) => this.onMove(event));
      box.addEventListener("pointerup", (event) => this.onUp(event));
      box.addEventListener("pointercancel", () => this.cancelDrag());
    }

    const lower = el("div", "lr-lower");
    const stepBox = el("div", "lr-stepbox");
    this.stepTitle = el("div", "lr-subtitle");
    this.stepText = el("pre", "lr-equation");
    this.stepText.setAttribute("data-testid", "linreg-step");
    stepBox.append(this.stepTitle, this.stepText);
    const logBox = el("div", "lr-logbox");
    this.logTitle = el("div", "lr-subtitle");
    this.logText = el("pre", "lr-log");
    this.logText.setAttribute("data-testid", "linreg-log");
    logBox.append(this.logTitle, this.logText);
    lower.append(stepBox, logBox);
    root.appendChild(lower);
    this.root = root;
    this.parent.appendChild(root);
    this.resizer = new ResizeObserver(() => this.onResize());
    this.resizer.observe(this.grid);
  }

  // ---------------------------------------------------------------- data from Python
  update(data, setTriggerValue) {
    this.setTrigger = setTriggerValue;
    const first = this.data === null;
    this.data = data;
    const L = data.labels;
    this.label(this.buttons.reset, "reset", L.reset);
    this.label(this.buttons.step, "step", L.step);
    this.label(this.buttons.step10, "step", L.step10);
    this.label(this.buttons.run_end, "end", L.run_end);
    this.speedText.textContent = L.speed + " (" + L.epochs_per_second + ") ";
    this.pngButton.textContent = L.save_png;
    this.pngButton.title = L.save_png_title;
    const edit = data.edit || {};
    this.undoButton.textContent = L.undo;
    this.undoButton.title = L.undo_title;
    this.undoButton.disabled = !edit.undo;
    this.newSetText.textContent = L.new_points + " ";
    this.newSet.options[0].textContent = L.train_points;
    this.newSet.options[1].textContent = L.test_points;
    this.newSetLabel.hidden = !edit.points;
    this.hint.textContent = edit.hint || "";
    this.charts.fit.box.classList.toggle("lr-editable", !!edit.points);
    this.charts.contour.box.classList.toggle("lr-editable", !!edit.start);
    if (!this.drag) {  // Python answered: its picture replaces the preview (a drag goes on)
      this.preview = null;
      this.clearGhost();
    }
    const names = { epoch: L.epoch, W: "W", b: "b", cost: L.cost, test_cost: L.test_cost, dW: "dW", db: "db" };
    for (const [k, v] of Object.entries(names)) this.metricValues[k].label.textContent = v;
    this.metricValues.test_cost.box.hidden = !data.has_test;
    this.stepTitle.textContent = L.this_step;
    this.logTitle.textContent = L.log;
    this.root.classList.toggle("lr-present", !!data.present);
    this.grid.classList.toggle("lr-has-3d", !!data.figs.surface);
    if (first) this.speed.value = String(data.speed || 100);
    this.rows = data.rows;
    this.n = this.rows.epoch.length;

    const startPlay = data.playing && data.token !== this.token;
    if (startPlay) {
      this.token = data.token;
      this.idx = this.indexOf(data.at);
      this.playing = true;
      this.reanchor();
    } else if (data.playing && this.playing) {
      this.waitingMore = false;  // more rows arrived; keep going from where we are
      this.idx = Math.min(this.idx, this.n - 1);
      this.reanchor();
    } else {
      this.playing = data.playing && this.playing;
      if (!this.playing) this.idx = this.indexOf(data.at);
    }
    this.pending = null;
    this.drawFigures().then(() => {
      this.draw();
      if (this.playing) this.loop();
    });
  }

  // an icon (drawn, so no symbol font is needed) and a word
  label(button, icon, text) {
    const key = icon + "|" + text;
    if (button.dataset.label === key) return;
    button.dataset.label = key;
    button.replaceChildren();
    const svg = svgEl("svg", { viewBox: "0 0 12 12", class: "lr-icon", "aria-hidden": "true" });
    svg.appendChild(svgEl("path", { d: ICONS[icon] }));
    button.append(svg, document.createTextNode(text));
  }

  indexOf(epoch) {
    const e = this.rows.epoch;
    let lo = 0, hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (e[mid] <= epoch) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  async drawFigures() {
    if (this.figsKey === this.data.figs_key) return;
    let Plotly;
    try { Plotly = await loadPlotly(); } catch (e) { this.status.textContent = "Plotly could not load"; return; }
    const figs = this.data.figs;
    const config = { displayModeBar: false, responsive: true, staticPlot: false };
    const keys = this.data.figs_keys || {};
    const jobs = [], changed = [];
    for (const name of CHARTS) {
      let fig = figs[name], key = keys[name];
      if (name === "contour" && figs.surface) { fig = figs.surface; key = keys.surface; }
      const c = this.charts[name];
      if (key && c.figKey === key) continue;  // only what changed is drawn again
      c.figKey = key;
      c.is3d = fig === figs.surface;
      changed.push(c);
      jobs.push(Plotly.react(c.plot, fig.data, fig.layout, config));
    }
    await Promise.all(jobs);
    this.figsKey = this.data.figs_key;
    for (const c of changed) {  // new axes: the moving shapes are drawn afresh
      c.layer.replaceChildren();
      c.shapes = {};
    }
    this.measure();
  }

  onResize() {
    if (!window.Plotly || !this.data) return;
    for (const name of CHARTS) {
      const plot = this.charts[name].plot;
      // a hidden player (another tab, a page being rebuilt) has nothing to resize
      if (plot.offsetParent !== null && plot._fullLayout) window.Plotly.Plots.resize(plot);
    }
    this.measure();
    this.draw();
  }

  // Where each plot's axes sit, in pixels, from Plotly's own layout.
  measure() {
    for (const name of CHARTS) {
      const c = this.charts[name];
      const full = c.plot._fullLayout;
      if (!full || c.is3d) { c.geo = null; continue; }
      const s = full._size;
      const xa = full.xaxis, ya = full.yaxis;
      c.geo = { l: s.l, t: s.t, w: s.w, h: s.h, x0: xa.range[0], x1: xa.range[1], y0: ya.range[0],
                y1: ya.range[1], ylog: ya.type === "log", xlog: xa.type === "log" };
      const box = c.plot.getBoundingClientRect();
      c.svg.setAttribute("width", box.width);
      c.svg.setAttribute("height", box.height);
      c.clipRect.setAttribute("x", s.l); c.clipRect.setAttribute("y", s.t);
      c.clipRect.setAttribute("width", s.w); c.clipRect.setAttribute("height", s.h);
    }
  }

  px(c, x, y) {
    const g = c.geo;
    const xv = g.xlog ? Math.log10(Math.max(x, COST_FLOOR)) : x;
    const yv = g.ylog ? Math.log10(Math.max(y, COST_FLOOR)) : y;
    const X = g.l + (xv - g.x0) / (g.x1 - g.x0) * g.w;
    const Y = g.t + (1 - (yv - g.y0) / (g.y1 - g.y0)) * g.h;
    // far outside the plot, keep numbers small enough for SVG
    return [Math.max(-1e5, Math.min(1e5, X)), Math.max(-1e5, Math.min(1e5, Y))];
  }

  shape(c, key, tag, attrs) {
    let s = c.shapes[key];
    if (!s) {
      s = svgEl(tag, attrs);
      c.layer.appendChild(s);
      c.shapes[key] = s;
    }
    return s;
  }

  // ---------------------------------------------------------------- playback
  // Reduced motion: the page's choice, or the system's.
  calm() {
    return !!(this.data && this.data.reduced_motion) ||
      (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  speedValue() {
    const chosen = Number(this.speed.value) || 100;
    const cap = this.data && this.data.max_speed;
    return cap ? Math.min(chosen, cap) : chosen;
  }

  reanchor() {
    this.t0 = performance.now();
    this.epoch0 = this.rows ? this.rows.epoch[this.idx] : 0;
  }

  loop() {
    if (this.rafPending) return;
    this.rafPending = true;
    requestAnimationFrame((now) => {
      this.rafPending = false;
      if (!this.playing || this.waitingMore) return;
      if (this.calm() && this.lastCalm && now - this.lastCalm < 500) { this.loop(); return; }
      this.lastCalm = now;
      const target = this.epoch0 + (now - this.t0) / 1000 * this.speedValue();
      const last = this.n - 1;
      let idx = this.idx;
      const e = this.rows.epoch;
      while (idx < last && e[idx + 1] <= target) idx++;
      // Slow playback glides between epochs instead of jumping (the numbers stay exact).
      const glide = this.speedValue() <= 30 && idx < last && !this.calm()
        ? Math.min(1, Math.max(0, (target - e[idx]) / (e[idx + 1] - e[idx]))) : 0;
      if (idx !== this.idx || glide !== this.glide) {
        if (idx !== this.idx) this.updates++;
        this.idx = idx;
        this.glide = glide;
        this.draw();
      }
      this.frames++;
      if (this.idx >= last) {
        if (this.data.more) {
          if (this.requestedMoreAt !== this.n) {
            this.requestedMoreAt = this.n;
            this.waitingMore = true;
            this.send("more");
          }
          return;
        }
        this.playing = false;
        this.send("finished");
        this.draw();
        return;
      }
      this.loop();
    });
  }

  send(name, extra) {
    if (!this.setTrigger) return;
    this.seq++;
    this.setTrigger("action", { ...(extra || {}), name, epoch: this.rows.epoch[this.idx], seq: this.seq,
      token: this.token });
  }

  // ---------------------------------------------------------------- edits by hand
  // The data plot: click adds, drag moves, Shift+click or a long press deletes. The cost
  // plot: click or drag sets the start. Python checks each edit and redraws; until then a
  // ghost marks the spot.
  local(c, event) {
    const r = c.plot.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  }

  inPlot(c, X, Y) {
    const g = c.geo;
    return !!g && X >= g.l && X <= g.l + g.w && Y >= g.t && Y <= g.t + g.h;
  }

  // pixels to data, rounded to what a pixel can tell apart (so 2.5, not 2.4987...)
  toData(c, X, Y) {
    const g = c.geo;
    X = Math.max(g.l, Math.min(g.l + g.w, X));
    Y = Math.max(g.t, Math.min(g.t + g.h, Y));
    const round = (v, span) => {
      const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(span) || 1)));
      return Number(v.toFixed(Math.min(digits, 12)));
    };
    return [round(g.x0 + (X - g.l) / g.w * (g.x1 - g.x0), g.x1 - g.x0),
            round(g.y0 + (1 - (Y - g.t) / g.h) * (g.y1 - g.y0), g.y1 - g.y0)];
  }

  hitPoint(c, X, Y) {
    const pts = this.data.points;
    let best = -1, bestDistance = 12;  // pixels: a finger's width on a projector is more
    for (let k = 0; k < pts.x.length; k++) {
      const [px, py] = this.px(c, pts.x[k], pts.y[k]);
      const distance = Math.hypot(px - X, py - Y);
      if (distance < bestDistance) { best = k; bestDistance = distance; }
    }
    return best;
  }

  onDown(name, event) {
    const c = this.charts[name];
    const edit = this.data && this.data.edit;
    if (!edit || !(name === "fit" ? edit.points : edit.start) || c.is3d || event.button > 0) return;
    const [X, Y] = this.local(c, event);
    if (!this.inPlot(c, X, Y)) return;
    event.preventDefault();
    event.stopPropagation();
    const k = name === "fit" ? this.hitPoint(c, X, Y) : -1;
    if (k >= 0 && event.shiftKey) { this.sendEdit({ op: "delete", index: edit.index[k] }); return; }
    this.cancelDrag();
    const drag = { name, k, X0: X, Y0: Y, moved: false };
    if (k >= 0) {  // a long press deletes (touch screens have no Shift)
      drag.timer = setTimeout(() => {
        if (this.drag !== drag || drag.moved) return;
        this.cancelDrag();
        this.sendEdit({ op: "delete", index: edit.index[k] });
      }, 650);
    }
    this.drag = drag;
    try { c.box.setPointerCapture(event.pointerId); } catch (e) { /* not every pointer can be captured */ }
    if (name === "contour") this.ghost(c, X, Y);
  }

  onMove(event) {
    const d = this.drag;
    if (!d) return;
    const c = this.charts[d.name];
    const [X, Y] = this.local(c, event);
    if (Math.hypot(X - d.X0, Y - d.Y0) > 5) d.moved = true;
    if (d.moved && (d.name === "contour" || d.k >= 0)) this.ghost(c, X, Y);
    if (d.moved && d.name === "fit" && d.k >= 0) {  // the point's residual follows the finger
      const [x, y] = this.toData(c, X, Y);
      this.preview = { k: d.k, x, y };
      this.draw();
    }
  }

  onUp(event) {
    const d = this.drag;
    if (!d) return;
    clearTimeout(d.timer);
    this.drag = null;
    const c = this.charts[d.name];
    const [X, Y] = this.local(c, event);
    const [x, y] = this.toData(c, X, Y);
    if (d.name === "contour") this.sendEdit({ op: "start", W: x, b: y });
    else if (d.k >= 0 && d.moved) this.sendEdit({ op: "move", index: this.data.edit.index[d.k], x, y });
    else if (d.k < 0 && !d.moved) {
      this.preview = { k: -1, x, y };  // shown at once; Python's answer replaces it
      this.ghost(c, X, Y);
      this.draw();
      this.sendEdit({ op: "add", x, y, set: this.newSet.value });
    } else this.clearGhost();
  }

  cancelDrag() {
    if (this.drag) clearTimeout(this.drag.timer);
    this.drag = null;
    this.preview = null;
    this.clearGhost();
  }

  ghost(c, X, Y) {
    const g = this.shape(c, "ghost", "circle", { class: "lr-ghost", r: 8 });
    g.setAttribute("cx", X);
    g.setAttribute("cy", Y);
    g.style.display = "";
  }

  clearGhost() {
    for (const name of ["fit", "contour"]) {
      const g = this.charts[name].shapes.ghost;
      if (g && !this.drag) g.style.display = "none";
    }
  }

  sendEdit(edit) {
    this.send("edit", edit);
  }

  onButton(name) {
    if (name === "play") {
      if (this.playing) {          // Pause: stop right here, then tell Python where
        this.playing = false;
        this.waitingMore = false;
        this.draw();
        this.send("pause");
      } else {
        this.status.textContent = "…";
        this.send("play");
      }
      return;
    }
    this.playing = false;
    this.send(name);
  }

  onKey(event) {
    if (!this.root.isConnected) { document.removeEventListener("keydown", this.keys); return; }
    const t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " ") { event.preventDefault(); this.onButton("play"); }
    else if (event.key === "ArrowRight") { event.preventDefault(); this.onButton("step"); }
    else if (event.key === "r" || event.key === "R") { event.preventDefault(); this.onButton("reset"); }
  }

  // ---------------------------------------------------------------- drawing one frame
  draw() {
    if (!this.data || !this.rows) return;
    const d = this.data, L = d.labels, r = this.rows, i = this.idx;
    const epoch = r.epoch[i], W = r.W[i], b = r.b[i];
    const g = this.playing && this.glide && i + 1 < this.n ? this.glide : 0;
    const Wg = g ? W + g * (r.W[i + 1] - W) : W, bg = g ? b + g * (r.b[i + 1] - b) : b;
    this.label(this.buttons.play, this.playing ? "pause" : "play", this.playing ? L.pause : L.play);
    this.buttons.play.classList.toggle("lr-active", this.playing);
    const v = this.metricValues;
    v.epoch.value.textContent = String(epoch);
    v.epoch.label.textContent = `${L.epoch} (/ ${d.end})`;
    v.W.value.textContent = fixed(W, 3);
    v.b.value.textContent = fixed(b, 3);
    v.cost.value.textContent = fixed(r.cost[i], 6);
    v.test_cost.value.textContent = r.test_cost[i] === null ? "—" : fixed(r.test_cost[i], 6);
    v.dW.value.textContent = fixed(r.dW[i], 3);
    v.db.value.textContent = fixed(r.db[i], 3);
    const atEnd = i === this.n - 1 && !d.more;
    if (this.playing) this.status.textContent = d.slowed || L.playing;
    else if (d.diverged && atEnd) this.status.textContent = "";
    else if (atEnd && epoch >= d.end) this.status.textContent = d.finished_text;
    else this.status.textContent = "";
    this.alert.textContent = d.diverged && atEnd ? d.diverged : "";
    this.alert.hidden = !this.alert.textContent;

    this.drawFit(Wg, bg);
    this.drawContour(i, Wg, bg, r.dW[i], r.db[i]);
    this.drawCurves("params", i, [["W", r.W, "lr-W"], ["b", r.b, "lr-b"]]);
    const costs = [["cost", r.cost, "lr-cost"]];
    if (d.has_test) costs.push(["test_cost", r.test_cost, "lr-test-cost"]);
    this.drawCurves("cost", i, costs);
    this.drawStep(i);
    this.drawLog(epoch);
    this.drawSummaries(epoch, W, b, r.cost[i]);
  }

  drawFit(W, b) {
    const c = this.charts.fit;
    if (!c.geo) return;
    const g = c.geo;
    const [xa, ya] = this.px(c, g.x0, W * g.x0 + b);
    const [xb, yb] = this.px(c, g.x1, W * g.x1 + b);
    const pts = this.data.points;
    if (pts.x.length <= MAX_RESIDUALS) {
      let dpath = "";
      const p = this.preview;
      const residual = (x, y) => {
        const [px, py] = this.px(c, x, y);
        const [qx, qy] = this.px(c, x, W * x + b);
        dpath += `M${px.toFixed(1)},${py.toFixed(1)}L${qx.toFixed(1)},${qy.toFixed(1)}`;
      };
      for (let k = 0; k < pts.x.length; k++) {
        if (p && p.k === k) residual(p.x, p.y);
        else residual(pts.x[k], pts.y[k]);
      }
      if (p && p.k < 0) residual(p.x, p.y);
      this.shape(c, "res", "path", { class: "lr-residual" }).setAttribute("d", dpath);
    }
    this.shape(c, "line", "line", { class: "lr-line" });
    const line = c.shapes.line;
    line.setAttribute("x1", xa); line.setAttribute("y1", ya);
    line.setAttribute("x2", xb); line.setAttribute("y2", yb);
  }

  curveIndices(i) {
    // at most MAX_CURVE_POINTS vertices, always ending on the frame shown
    const stride = Math.max(1, Math.ceil((i + 1) / MAX_CURVE_POINTS));
    const out = [];
    for (let k = 0; k < i; k += stride) out.push(k);
    out.push(i);
    return out;
  }

  drawContour(i, W, b, dW, db) {
    const c = this.charts.contour;
    const r = this.rows;
    if (c.is3d) { this.draw3d(i); return; }
    if (!c.geo) return;
    let dpath = "";
    for (const k of this.curveIndices(i)) {
      const [x, y] = this.px(c, r.W[k], r.b[k]);
      dpath += (dpath ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
    }
    this.shape(c, "path", "path", { class: "lr-path" }).setAttribute("d", dpath);
    const [cx, cy] = this.px(c, W, b);
    const dot = this.shape(c, "dot", "circle", { class: "lr-dot", r: 7 });
    dot.setAttribute("cx", cx); dot.setAttribute("cy", cy);
    // the negative gradient, as a direction: a fixed length on screen
    const [gx, gy] = this.px(c, W - dW, b - db);
    let ux = gx - cx, uy = gy - cy;
    const len = Math.hypot(ux, uy);
    const arrow = this.shape(c, "arrow", "line", { class: "lr-gradient", "marker-end": `url(#${c.arrowId})` });
    if (len > 1e-9 && Number.isFinite(len)) {
      ux = ux / len * 48; uy = uy / len * 48;
      arrow.setAttribute("x1", cx); arrow.setAttribute("y1", cy);
      arrow.setAttribute("x2", cx + ux); arrow.setAttribute("y2", cy + uy);
      arrow.style.display = "";
    } else arrow.style.display = "none";
  }

  draw3d(i) {
    const now = performance.now();
    if (this.playing && this.last3d && now - this.last3d < 150) return;  // a 3-D redraw is costly
    this.last3d = now;
    const r = this.rows, idx = this.curveIndices(i);
    const z = idx.map((k) => Math.log10(Math.max(r.cost[k], COST_FLOOR)));
    window.Plotly.restyle(this.charts.contour.plot, {
      x: [idx.map((k) => r.W[k])], y: [idx.map((k) => r.b[k])], z: [z],
    }, [1]);
  }

  drawCurves(name, i, series) {
    const c = this.charts[name];
    if (!c.geo) return;
    const r = this.rows;
    const idx = this.curveIndices(i);
    for (const [key, values, cls] of series) {
      let dpath = "";
      for (const k of idx) {
        const val = values[k];
        if (val === null) continue;
        const [x, y] = this.px(c, r.epoch[k], val);
        dpath += (dpath ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      }
      this.shape(c, key, "path", { class: "lr-curve " + cls }).setAttribute("d", dpath);
    }
    const [x] = this.px(c, r.epoch[i], 1);
    const now = this.shape(c, "now", "line", { class: "lr-now" });
    now.setAttribute("x1", x); now.setAttribute("x2", x);
    now.setAttribute("y1", c.geo.t); now.setAttribute("y2", c.geo.t + c.geo.h);
  }

  drawStep(i) {
    const d = this.data, r = this.rows;
    const W = r.W[i], b = r.b[i], dW = r.dW[i], db = r.db[i], lr = d.lr;
    const f = (x) => fixed(x, 6);
    const sign = (x) => (x < 0 ? `(${f(x)})` : f(x));
    let text;
    if (d.optimizer === "sgd" && d.full_batch) {
      text = `W ← W − lr · dW = ${f(W)} − ${lr} × ${sign(dW)} = ${f(W - lr * dW)}\n` +
             `b ← b − lr · db = ${f(b)} − ${lr} × ${sign(db)} = ${f(b - lr * db)}`;
    } else {
      text = `dW = ${f(dW)}, db = ${f(db)}  (${d.update_rule})`;
    }
    this.stepText.textContent = text;
  }

  drawLog(epoch) {
    const lines = [];
    for (const [at, line] of this.data.log) {
      if (at <= epoch) lines.push(line);
    }
    const text = lines.slice(-200).join("\n");
    if (this.logText.textContent !== text) {
      this.logText.textContent = text;
      this.logText.scrollTop = this.logText.scrollHeight;
    }
  }

  drawSummaries(epoch, W, b, cost) {
    const s = this.data.summaries;
    if (!s || this.playing) return;  // screen readers get the picture when it stands still
    const fill = (t) => t.replace("{epoch}", epoch).replace("{W}", fixed(W, 3))
      .replace("{b}", fixed(b, 3)).replace("{cost}", fixed(cost, 6));
    for (const name of CHARTS) {
      const text = fill(s[name] || "");
      if (this.charts[name].summary.textContent !== text) this.charts[name].summary.textContent = text;
    }
  }
}

// ---------------------------------------------------------------- all four plots as one PNG
Player.prototype.savePng = async function () {
  const Plotly = await loadPlotly();
  const scale = 2, header = 44;
  const grid = this.grid.getBoundingClientRect();
  const canvas = document.createElement("canvas");
  canvas.width = grid.width * scale;
  canvas.height = (grid.height + header) * scale;
  const ctx = canvas.getContext("2d");
  const ink = getComputedStyle(this.root).color || "#262730";
  const dark = this.data.dark;
  ctx.fillStyle = dark ? "#0e1117" : "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.fillStyle = ink;
  ctx.font = "16px sans-serif";
  const v = this.metricValues;
  ctx.fillText(`${v.epoch.label.textContent}: ${v.epoch.value.textContent}   W: ${v.W.value.textContent}   ` +
    `b: ${v.b.value.textContent}   ${v.cost.label.textContent}: ${v.cost.value.textContent}`, 8, 28);
  const load = (src) => new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
  for (const name of CHARTS) {
    const c = this.charts[name];
    const box = c.box.getBoundingClientRect();
    const x = box.left - grid.left, y = box.top - grid.top + header;
    const url = await Plotly.toImage(c.plot, { format: "png", width: box.width, height: box.height });
    ctx.drawImage(await load(url), x, y, box.width, box.height);
    if (c.is3d) continue;
    const clone = c.svg.cloneNode(true);
    const originals = c.svg.querySelectorAll("*"), copies = clone.querySelectorAll("*");
    originals.forEach((node, k) => {  // CSS classes do not travel with an SVG image: inline them
      const cs = getComputedStyle(node);
      copies[k].setAttribute("style", `stroke:${cs.stroke};stroke-width:${cs.strokeWidth};` +
        `fill:${cs.fill};stroke-dasharray:${cs.strokeDasharray};opacity:${cs.opacity}`);
    });
    clone.setAttribute("xmlns", SVG);
    const blob = new Blob([new XMLSerializer().serializeToString(clone)], { type: "image/svg+xml" });
    const src = URL.createObjectURL(blob);
    ctx.drawImage(await load(src), x, y, box.width, box.height);
    URL.revokeObjectURL(src);
  }
  const link = document.createElement("a");
  link.download = `linreg-epoch-${v.epoch.value.textContent}.png`;
  link.href = canvas.toDataURL("image/png");
  document.body.appendChild(link);
  link.click();
  link.remove();
};

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let player = parentElement.__linregPlayer;
  if (!player || !player.root.isConnected) {
    player = new Player(parentElement);
    parentElement.__linregPlayer = player;
    window.__linregPlayer = player;  // for tests and benchmarks: frames drawn, epoch shown
  }
  player.update(data, setTriggerValue);
}

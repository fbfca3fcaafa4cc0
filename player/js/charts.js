// The still part of each plot: Plotly draws Python's figures (redrawing only those whose key
// changed), and the player reads back where the axes sit, in pixels, to draw over them.
import { CHARTS } from "./dom.js";

export const COST_FLOOR = 1e-12;

// The 2-D plots need only plotly.js's cartesian bundle (a third of the full one); the 3-D
// surface needs the full bundle, fetched from this server when it is first switched on.
// Python names the files this server has: data.plotly = { plot2d, full }.
let plotly = null;  // { src, ready: Promise<Plotly> }

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error("plotly"));
    document.head.appendChild(script);
  });
}

// The page's first document runs the 2-D bundle as soon as it arrives, while Streamlit starts
// (delivery.py): the player takes that one rather than run it again. A failed one is gone.
function earlyScript(src) {
  const script = document.querySelector("script[data-plotly-early]");
  if (!script || script.getAttribute("src") !== src) return null;
  if (window.Plotly) return Promise.resolve(window.Plotly);
  return new Promise((resolve, reject) => {
    script.addEventListener("load", () => resolve(window.Plotly));
    script.addEventListener("error", () => reject(new Error("plotly")));
  });
}

export function loadPlotly(p, need3d = false) {
  const sources = p.data.plotly;
  if (sources.inline) return Promise.resolve(window.Plotly);  // the offline file holds it
  const src = need3d || (plotly && plotly.src === sources.full) ? sources.full : sources.plot2d;
  if (plotly && plotly.src === src) return plotly.ready;
  if (!plotly && src === sources.plot2d) {
    const ready = earlyScript(src);
    if (ready) {
      plotly = { src, ready };
      ready.catch(() => { plotly = null; });
      return ready;
    }
  }
  const before = plotly;
  plotly = { src, ready: loadScript(src) };
  plotly.ready.catch(() => { plotly = before; });
  if (before) {  // the full bundle takes over: charts drawn by the smaller one start afresh
    plotly.ready = Promise.all([before.ready, plotly.ready]).then(([old, full]) => {
      for (const name of CHARTS) {
        old.purge(p.charts[name].plot);
        p.charts[name].figKey = null;
      }
      return full;
    });
  }
  return plotly.ready;
}

export async function drawFigures(p) {
  const data = p.data;
  if (p.figsKey === data.figs_key) return;
  let Plotly;
  try {
    Plotly = await loadPlotly(p, !!data.figs.surface);
  } catch (e) {
    p.status.textContent = "Plotly could not load";
    return;
  }
  const figs = data.figs;
  const config = { displayModeBar: false, responsive: true, staticPlot: false };
  const keys = data.figs_keys || {};
  const jobs = [], changed = [];
  for (const name of CHARTS) {
    let fig = figs[name], key = keys[name];
    if (name === "contour" && figs.surface) { fig = figs.surface; key = keys.surface; }
    const c = p.charts[name];
    if (key && c.figKey === key) {  // only what changed is drawn again
      if (c.drawing) jobs.push(c.drawing);  // (once an earlier answer's drawing is done)
      continue;
    }
    c.figKey = key;
    c.is3d = fig === figs.surface;
    changed.push(c);
    c.drawing = Plotly.react(c.plot, fig.data, fig.layout, config);
    jobs.push(c.drawing);
  }
  await Promise.all(jobs);
  if (p.data === data) {  // a newer answer draws (and reports) its own figures
    p.figsKey = data.figs_key;
    p.root.dataset.figuresDrawn = data.figs_key;
  }
  for (const c of changed) {  // new axes: the moving shapes are drawn afresh
    c.layer.replaceChildren();
    c.shapes = {};
  }
  measure(p);
}

// After the player's size changed: null when there is nothing to resize yet, else a promise
// kept once Plotly has laid the plots out anew (its resize waits 100 ms, then lays out), when
// they are measured again: measured only at once, the overlay kept the old size, its line
// drawn past the plot's edge, until the next figures.
export function resizeCharts(p) {
  if (!window.Plotly || !p.data) return null;
  const jobs = [];
  for (const name of CHARTS) {
    const plot = p.charts[name].plot;
    // a hidden player (another tab, a page being rebuilt) has nothing to resize
    if (plot.offsetParent !== null && plot._fullLayout) {
      jobs.push(window.Plotly.Plots.resize(plot).catch(() => {}));
    }
  }
  measure(p);
  return Promise.all(jobs).then(() => measure(p));
}

// Where each plot's axes sit, in pixels, from Plotly's own layout. The overlay states it too
// (data-plot-area "left top width height" in px from the plot's corner, data-x-axis and
// data-y-axis "type low high"), so a test can point at a place given in data coordinates.
export function measure(p) {
  for (const name of CHARTS) {
    const c = p.charts[name];
    const full = c.plot._fullLayout;
    if (!full || c.is3d) {
      c.geo = null;
      for (const a of ["plotArea", "xAxis", "yAxis"]) delete c.svg.dataset[a];
      continue;
    }
    const s = full._size;
    const xa = full.xaxis, ya = full.yaxis;
    c.geo = { l: s.l, t: s.t, w: s.w, h: s.h, x0: xa.range[0], x1: xa.range[1], y0: ya.range[0],
              y1: ya.range[1], ylog: ya.type === "log", xlog: xa.type === "log" };
    const box = c.plot.getBoundingClientRect();
    c.svg.setAttribute("width", box.width);
    c.svg.setAttribute("height", box.height);
    c.clipRect.setAttribute("x", s.l); c.clipRect.setAttribute("y", s.t);
    c.clipRect.setAttribute("width", s.w); c.clipRect.setAttribute("height", s.h);
    c.svg.dataset.plotArea = [s.l, s.t, s.w, s.h].join(" ");
    c.svg.dataset.xAxis = [xa.type, xa.range[0], xa.range[1]].join(" ");
    c.svg.dataset.yAxis = [ya.type, ya.range[0], ya.range[1]].join(" ");
  }
}

// Data coordinates to pixels in a plot (log axes take the log first).
export function px(c, x, y) {
  const g = c.geo;
  const xv = g.xlog ? Math.log10(Math.max(x, COST_FLOOR)) : x;
  const yv = g.ylog ? Math.log10(Math.max(y, COST_FLOOR)) : y;
  const X = g.l + (xv - g.x0) / (g.x1 - g.x0) * g.w;
  const Y = g.t + (1 - (yv - g.y0) / (g.y1 - g.y0)) * g.h;
  // far outside the plot, keep numbers small enough for SVG
  return [Math.max(-1e5, Math.min(1e5, X)), Math.max(-1e5, Math.min(1e5, Y))];
}

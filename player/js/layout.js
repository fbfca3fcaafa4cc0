// The player's DOM: the bar of buttons, the readouts, four plots with an SVG overlay each,
// the step in numbers and the log. Built once; the texts arrive with Python's data.
import { buildAnnouncer } from "./announce.js";
import { CHARTS, el, svgEl } from "./dom.js";

const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];
const METRICS = ["epoch", "W", "b", "cost", "test_cost", "dW", "db"];

function barButton(bar, name, cls) {
  const b = el("button", "lr-btn " + cls);
  b.type = "button";
  b.dataset.action = name;
  bar.appendChild(b);
  return b;
}

function chooser(cls, testid, values) {
  const label = el("label", cls);
  const text = el("span");
  const select = el("select");
  select.setAttribute("data-testid", testid);
  for (const value of values) {
    const o = el("option", null, value);
    o.value = value;
    select.appendChild(o);
  }
  label.append(text, select);
  return [label, text, select];
}

function buildBar(p) {
  const bar = el("div", "lr-bar");
  p.buttons = {};
  for (const name of ["reset", "step", "step10", "play", "run_end"]) {
    p.buttons[name] = barButton(bar, name, "lr-" + name);
  }
  [p.speedLabel, p.speedText, p.speed] = chooser("lr-speed", "linreg-speed", SPEEDS.map(String));
  bar.appendChild(p.speedLabel);
  p.pngButton = barButton(bar, "png", "lr-png");
  p.undoButton = barButton(bar, "undo", "lr-undo");
  [p.newSetLabel, p.newSetText, p.newSet] = chooser("lr-speed lr-newset", "linreg-new-set",
    ["train", "test"]);
  bar.appendChild(p.newSetLabel);
  p.status = el("span", "lr-status");  // what it says is said by the announcer (announce.js)
  bar.appendChild(p.status);
  return bar;
}

function buildMetrics(p) {
  const metrics = el("div", "lr-metrics");
  p.metricValues = {};
  for (const name of METRICS) {
    const box = el("div", "lr-metric");
    box.dataset.metric = name;
    const label = el("div", "lr-metric-label");
    const value = el("div", "lr-metric-value");
    value.setAttribute("data-testid", "linreg-metric-" + name);
    box.append(label, value);
    metrics.appendChild(box);
    p.metricValues[name] = { label, value, box };
  }
  return metrics;
}

// Each plot: Plotly draws into .lr-plot; the moving parts go into the overlay's clipped layer.
function buildChart(name) {
  const box = el("div", "lr-chart lr-chart-" + name);
  const plot = el("div", "lr-plot");
  const svg = svgEl("svg", { class: "lr-overlay", "data-chart": name });
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
  summary.id = "lr-summary-" + name;  // what a plot that takes keys is described by
  box.append(plot, svg, summary);
  return { box, plot, svg, layer, clipRect, arrowId: clip.id + "-arrow", summary, shapes: {} };
}

// Its lines may be longer (or more) than the box, which then scrolls: the keyboard must reach
// it to scroll it, and a screen reader says which it is (its name comes with the labels).
function scrollingText(cls, testid) {
  const text = el("pre", cls);
  text.setAttribute("data-testid", testid);
  text.setAttribute("role", "region");
  text.tabIndex = 0;
  return text;
}

function buildLower(p) {
  const lower = el("div", "lr-lower");
  const stepBox = el("div", "lr-stepbox");
  p.stepTitle = el("div", "lr-subtitle");
  p.stepText = scrollingText("lr-equation", "linreg-step");
  stepBox.append(p.stepTitle, p.stepText);
  const logBox = el("div", "lr-logbox");
  p.logTitle = el("div", "lr-subtitle");
  p.logText = scrollingText("lr-log", "linreg-log");
  logBox.append(p.logTitle, p.logText);
  lower.append(stepBox, logBox);
  return lower;
}

export function buildLayout(p) {
  const root = el("div", "lr-player");
  root.setAttribute("data-testid", "linreg-player");
  root.appendChild(buildBar(p));
  p.metrics = buildMetrics(p);
  root.appendChild(p.metrics);
  p.alert = el("div", "lr-alert");  // a divergence: said once by the announcer
  root.appendChild(p.alert);
  p.grid = el("div", "lr-grid");
  p.charts = {};
  for (const name of CHARTS) {
    p.charts[name] = buildChart(name);
    p.grid.appendChild(p.charts[name].box);
  }
  root.appendChild(p.grid);
  p.hint = el("p", "lr-hint");
  root.appendChild(p.hint);
  root.appendChild(buildLower(p));
  root.appendChild(buildAnnouncer(p));
  root.id = "lr-player";
  root.tabIndex = -1;  // where the skip link lands when no button may be pressed
  p.root = root;
  p.parent.appendChild(root);
}

// A link first in the page's tab order (Streamlit's sidebar and widgets come before the player
// otherwise) that takes the keyboard to the player's first button; shown when focused. One per
// page: a player mounted afresh takes it over. Its words come with Python's data.
export function skipLink(p, text) {
  let link = document.getElementById("lr-skip");
  if (!link) {
    link = el("a", "lr-skip");
    link.id = "lr-skip";
    link.href = "#lr-player";
    link.setAttribute("data-testid", "linreg-skip");
    document.body.prepend(link);
  }
  if (link.textContent !== text) link.textContent = text;
  link.onclick = (event) => {
    event.preventDefault();  // Streamlit reads the location's hash
    const first = [...p.root.querySelectorAll(".lr-bar button")].find((b) => !b.disabled);
    (first || p.root).focus();
  };
}

// The learning-rate scrubber: a log-scale control over this data's zones (smooth,
// oscillating, diverging), with the bound 2/lambda_max marked. Dragging it (or its keys:
// arrows, Page Up/Down, Home/End) previews the run at each rate; letting go sends the rate,
// which the server applies with the sidebar's rule.
import { say } from "./announce.js";
import { el, svgEl } from "./dom.js";
import { endPreview, showPreview } from "./live.js";
import { onButton, send } from "./messages.js";
import { previewVerdict } from "./preview.js";

const STEPS = 4000;  // positions along the log scale: every rate of three digits is one
const KEY_STEPS = { ArrowRight: 10, ArrowUp: 10, ArrowLeft: -10, ArrowDown: -10,  // ~2%
  PageUp: 100, PageDown: -100, Home: -STEPS, End: STEPS };

function toRate(basis, position) {
  const low = Math.log10(basis.lr_low), high = Math.log10(basis.lr_high);
  return 10 ** (low + (high - low) * position / STEPS);
}

function toPosition(basis, lr) {
  const low = Math.log10(basis.lr_low), high = Math.log10(basis.lr_high);
  return Math.round((Math.log10(Math.max(lr, basis.lr_low)) - low) / (high - low) * STEPS);
}

// Three significant digits: a rate a person can type, read and say (0.19, not 0.18967).
function tidy(lr) {
  return Number(lr.toPrecision(3));
}

export function buildScrubber(p) {
  const box = el("div", "lr-scrubber");
  box.setAttribute("data-testid", "linreg-scrubber");
  const label = el("label", "lr-scrub-label");
  const title = el("span", "lr-scrub-title");
  const value = el("span", "lr-scrub-value");
  value.setAttribute("data-testid", "linreg-scrub-value");
  label.append(title, value);
  const track = el("div", "lr-scrub-track");
  const zones = svgEl("svg", { class: "lr-scrub-zones", preserveAspectRatio: "none",
    viewBox: `0 0 ${STEPS} 10`, "aria-hidden": "true" });
  const parts = {};
  for (const zone of ["smooth", "oscillating", "diverging"]) {
    parts[zone] = svgEl("rect", { class: "lr-zone-" + zone, y: 0, height: 10 });
    zones.appendChild(parts[zone]);
  }
  const mark = el("span", "lr-scrub-bound");
  const input = el("input", "lr-scrub-input");
  Object.assign(input, { type: "range", min: "0", max: String(STEPS), step: "1" });
  input.setAttribute("data-testid", "linreg-scrubber-input");
  track.append(zones, mark, input);
  const verdict = el("div", "lr-scrub-verdict");
  verdict.setAttribute("data-testid", "linreg-scrub-verdict");
  box.append(label, track, verdict);
  p.scrubber = { box, title, value, zones: parts, mark, input, verdict, held: null };
  input.addEventListener("input", () => scrub(p));
  input.addEventListener("change", () => release(p));
  input.addEventListener("keydown", (event) => {  // steps a person can see, not 1/4000
    const move = KEY_STEPS[event.key];
    if (move === undefined) return;
    event.preventDefault();
    input.value = String(Math.min(STEPS, Math.max(0, Number(input.value) + move)));
    scrub(p);
  });
  input.addEventListener("keyup", (event) => { if (event.key in KEY_STEPS) release(p); });
  return box;
}

// Words, zones and position from Python's frame (the position stays while a hand holds it).
export function labelScrubber(p, data) {
  const s = p.scrubber, basis = data.preview, L = data.labels;
  s.title.textContent = L.lr + " ";
  s.input.setAttribute("aria-label", L.lr);
  const at = (lr) => Math.min(STEPS, Math.max(0, toPosition(basis, lr)));
  const smooth = at(basis.smooth), stable = at(basis.stable);
  for (const [zone, from, to] of [["smooth", 0, smooth], ["oscillating", smooth, stable],
    ["diverging", stable, STEPS]]) {
    s.zones[zone].setAttribute("x", from);
    s.zones[zone].setAttribute("width", Math.max(0, to - from));
  }
  s.mark.style.left = (stable / STEPS * 100) + "%";
  s.mark.textContent = "2/λmax = " + basis.stable.toPrecision(4);
  s.box.hidden = !(data.edit && data.edit.rate);
  // the server took the rate (the offline file takes the nearest rate it holds)
  if (s.held !== null && (data.lr === s.held || data.rate_taken)) s.held = null;
  if (s.held === null) {
    s.input.value = String(at(data.lr));
    s.value.textContent = String(data.lr);
    s.verdict.textContent = "";
    endPreview(p);
  }
}

function scrub(p) {
  const s = p.scrubber, data = p.data;
  if (p.playing) onButton(p, "play");  // a new rate pauses, as the sidebar's does
  const lr = tidy(toRate(data.preview, Number(s.input.value)));
  s.held = lr;
  s.value.textContent = String(lr);
  // from the server's last row, whose optimizer memory it sent; the offline file's runs
  // all start at epoch 0
  const last = data.offline ? 0 : p.served - 1;
  const path = showPreview(p, { lr, W: p.rows.W[last], b: p.rows.b[last],
    stats: data.preview.stats, from: last, memory: data.offline ? null : data.preview.memory });
  s.verdict.textContent = previewVerdict(path, data.labels, data.end);
  say(p, s.verdict.textContent);
}

function release(p) {
  const s = p.scrubber;
  if (s.held === null) return;
  if (s.held === p.data.lr) { s.held = null; endPreview(p); return; }
  send(p, "set_lr", { lr: s.held });
}

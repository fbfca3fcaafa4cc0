// Predict, then see: a panel under the readouts asks one of three questions about the run
// from the epoch on screen. The answer goes to Python, which judges it with the core and
// plays what was asked about; the verdict (its words come from Python) shows once the run
// on screen has reached the epoch it speaks of (and the announcer says it). The "where"
// question takes a click, or arrows and Enter, on the cost plot instead of moving the start
// (gestures.js and plotkeys.js ask placeWanted()).
import { say } from "./announce.js";
import { el } from "./dom.js";
import { shape } from "./overlay.js";
import { px } from "./charts.js";

const MAX_STEPS = 1000;

function choiceButton(cls, onClick) {
  const b = el("button", "lr-btn " + cls);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function numberField(testid, step) {
  const input = el("input", "lr-predict-number");
  input.type = "number";
  input.step = step;
  input.setAttribute("data-testid", testid);
  return input;
}

// `send` is messages.js's (passed in: messages.js draws frames, which show this panel).
export function buildPredict(p, send) {
  const box = el("div", "lr-predict");
  box.setAttribute("data-testid", "linreg-predict");
  const toggle = choiceButton("lr-predict-toggle", () => {
    q.open = !q.open;
    showPredict(p);
  });
  toggle.setAttribute("aria-expanded", "false");
  const panel = el("div", "lr-predict-panel");
  const rateRow = el("div", "lr-predict-row");
  const rateText = el("span", "lr-predict-q");
  const zones = {};
  for (const zone of ["smooth", "oscillating", "diverging"]) {
    zones[zone] = choiceButton("lr-choice", () => answer(p, { kind: "rate_zone", zone }));
    zones[zone].dataset.zone = zone;
  }
  rateRow.append(rateText, ...Object.values(zones));
  const placeRow = el("div", "lr-predict-row");
  const placeText = el("span", "lr-predict-q");
  const steps = numberField("linreg-predict-steps", "1");
  steps.min = "1";
  steps.max = String(MAX_STEPS);
  steps.value = "10";
  const placeButton = choiceButton("lr-choice lr-place", () => {
    q.placing = !q.placing;
    showPredict(p);
  });
  const placeAfter = el("span", "lr-predict-q");
  placeRow.append(placeText, steps, placeAfter, placeButton);
  const nextRow = el("div", "lr-predict-row");
  const nextText = el("span", "lr-predict-q");
  const nextW = numberField("linreg-predict-W", "any");
  const nextButton = choiceButton("lr-choice lr-next", () => {
    const W = Number(nextW.value);
    if (nextW.value.trim() === "" || !Number.isFinite(W)) { nextW.focus(); return; }
    answer(p, { kind: "next_W", W });
  });
  nextW.addEventListener("keydown", (event) => { if (event.key === "Enter") nextButton.click(); });
  nextRow.append(nextText, nextW, nextButton);
  const verdict = el("div", "lr-verdict");
  verdict.setAttribute("data-testid", "linreg-verdict");
  panel.append(rateRow, placeRow, nextRow, verdict);
  box.append(toggle, panel);
  const q = { box, toggle, panel, rateText, zones, placeText, steps, placeAfter, placeButton,
    nextText, nextW, nextButton, verdict, open: false, placing: false, send, asked: "",
    rows: { rate_zone: rateRow, where_after: placeRow, next_W: nextRow } };
  p.predict = q;
  return box;
}

function answer(p, message) {
  p.predict.placing = false;
  p.playing = false;
  p.predict.send(p, "predict", { answer: message });
  p.predict.verdict.textContent = "…";
}

// A click on the cost plot while "click where" is on, or while a class asks where (W, b)
// will be: the predicted (W, b).
export function placeWanted(p) {
  if (p.data && p.data.class_place) return true;
  return !!(p.predict && p.predict.placing && p.data && p.data.prediction);
}

export function placeAt(p, W, b) {
  if (p.data.class_place) {  // the class's question: the answer goes to the board
    p.predict.send(p, "class_answer", { answer: { kind: "where_after", W, b,
      steps: p.data.class_place } });
    return;
  }
  const steps = Math.round(Number(p.predict.steps.value));
  if (!(steps >= 1 && steps <= MAX_STEPS)) { p.predict.steps.focus(); return; }
  answer(p, { kind: "where_after", W, b, steps });
}

// Labels and state from Python's data; the verdict once the run on screen has reached it.
export function showPredict(p) {
  const q = p.predict, data = p.data;
  const P = data && data.prediction;
  q.box.hidden = !P;
  if (!P) return;
  const L = P.labels;
  askOnly(q, P.ask);
  q.toggle.textContent = (q.open ? "▾ " : "▸ ") + L.predict;
  q.toggle.setAttribute("aria-expanded", String(q.open));
  q.panel.hidden = !q.open;
  q.rateText.textContent = L.ask_rate;
  for (const [zone, b] of Object.entries(q.zones)) b.textContent = L["choice_" + zone];
  q.placeText.textContent = L.ask_place;
  q.placeAfter.textContent = L.ask_place_after;
  // the fields sit inside the questions' sentences: their names are those sentences
  q.steps.setAttribute("aria-label", L.ask_place + " N " + L.ask_place_after);
  q.nextW.setAttribute("aria-label", L.ask_next);
  q.placeButton.textContent = q.placing ? L.place_cancel : L.place_click;
  q.placeButton.classList.toggle("lr-active", q.placing);
  q.nextText.textContent = L.ask_next;
  q.nextButton.textContent = L.step_and_see;
  const v = P.verdict;
  const epoch = p.rows ? p.rows.epoch[p.idx] : 0;
  const shown = v && (epoch >= v.reveal_at || (!p.playing && !data.playing && epoch >= v.epoch &&
    data.at >= v.reveal_at));
  if (v) q.open = true;
  q.panel.hidden = !q.open;
  const text = !v ? "" : shown ? v.text : v.waiting;
  if (q.verdict.textContent !== text) {
    q.verdict.textContent = text;
    if (shown) say(p, text);
  }
  q.verdict.className = "lr-verdict" + (shown ? (v.right ? " lr-right" : " lr-wrong") : "");
  p.root.dataset.verdict = !v ? "" : shown ? (v.right ? "right" : "wrong") : "waiting";
  drawPlaces(p, shown ? v : null);
}

// A lesson's screen asks one question: only its row shows, open, with the screen's N steps.
function askOnly(q, ask) {
  const key = ask ? ask.kind + ":" + (ask.steps || "") : "";
  for (const [kind, row] of Object.entries(q.rows)) row.hidden = !!ask && ask.kind !== kind;
  q.steps.readOnly = !!(ask && ask.steps);
  if (key === q.asked) return;
  q.asked = key;
  if (ask) q.open = true;
  if (ask && ask.steps) q.steps.value = String(ask.steps);
}

// The predicted point and the core's, joined by a line, on the cost plot.
function drawPlaces(p, v) {
  const c = p.charts.contour;
  const guess = shape(c, "guess", "circle", { class: "lr-guess", r: 7 });
  const truth = shape(c, "truth", "circle", { class: "lr-truth", r: 5 });
  const gap = shape(c, "gap", "line", { class: "lr-gap" });
  const on = !!(v && v.guess && v.truth && c.geo);
  for (const s of [guess, truth, gap]) s.style.display = on ? "" : "none";
  if (!on) return;
  const [gx, gy] = px(c, v.guess[0], v.guess[1]);
  const [tx, ty] = px(c, v.truth[0], v.truth[1]);
  guess.setAttribute("cx", gx); guess.setAttribute("cy", gy);
  truth.setAttribute("cx", tx); truth.setAttribute("cy", ty);
  gap.setAttribute("x1", gx); gap.setAttribute("y1", gy);
  gap.setAttribute("x2", tx); gap.setAttribute("y2", ty);
}

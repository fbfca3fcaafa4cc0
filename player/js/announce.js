// What a screen reader hears: one polite live region (the page has one player), written when
// the picture stands still: the state after a button or a key, the end of a playback, a
// divergence, a verdict. Never frame by frame while playing; what is said within a moment
// (a burst of frames, an arrow key held down) is said once, when it settles.
import { el } from "./dom.js";

const SETTLE_MS = 350;

export function buildAnnouncer(p) {
  const region = el("div", "lr-sr");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("data-testid", "linreg-announce");
  p.announcer = { region, parts: [], timer: null };
  return region;
}

// A text of linreg/texts with its {names} filled in.
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

export function say(p, text) {
  const a = p.announcer;
  if (!a || !text) return;
  if (!a.parts.includes(text)) a.parts.push(text);
  clearTimeout(a.timer);
  a.timer = setTimeout(() => {
    if (p.playing) return;  // it plays on: said with the state at the pause or the end
    const words = a.parts.join(" ");
    a.parts = [];
    // a region is said again only when its text changes: the same words again (a second
    // Reset) get a trailing space
    a.region.textContent = a.region.textContent === words ? words + "\u00a0" : words;
  }, SETTLE_MS);
}

// A button or a key asked for something: the state is said once Python has answered it.
export function sayAfterAnswer(p) {
  p.sayOnAnswer = p.data;
}

// Each frame drawn (readouts.js): the epoch, W, b and cost, as the readouts show them, once
// an action is answered or a playback stops; and a divergence, once.
export function sayFrame(p, diverged) {
  if (p.playing) { p.sayWhenStill = true; return; }
  const waiting = p.sayOnAnswer && p.data === p.sayOnAnswer;  // said once, when answered
  if (!waiting && (p.sayOnAnswer || p.sayWhenStill)) {
    p.sayOnAnswer = null;
    p.sayWhenStill = false;
    const v = p.metricValues, text = (name) => v[name].value.textContent.trim();
    say(p, fill(p.data.labels.say_state, { epoch: text("epoch"), W: text("W"), b: text("b"),
      cost: text("cost") }));
  }
  if (diverged !== (p.saidDiverged || "")) {
    p.saidDiverged = diverged;
    say(p, diverged);
  }
}

// Messages to Python: each button, key and edit becomes an action, sent with the epoch on
// screen, a sequence number and the play token it answers.
import { sayAfterAnswer } from "./announce.js";
import { drawFrame } from "./draw.js";
import { publishPlay } from "./publish.js";
import { indexOf } from "./rows.js";

export function send(p, name, extra) {
  if (!p.setTrigger) return;
  p.seq++;
  p.setTrigger("action", { ...(extra || {}), name, epoch: p.rows.epoch[p.idx], seq: p.seq,
    token: p.token, figures: p.data ? p.data.figs_key : null,
    rows: p.data ? p.data.rows_key || null : null });
}

export function onButton(p, name) {
  if (p.data && p.data.led_by_teacher) return;  // a class's page: the teacher drives
  if (name === "play") {
    if (p.playing) {          // Pause: stop right here, then tell Python where
      p.playing = false;
      p.waitingMore = false;
      drawFrame(p);
      send(p, "pause");
      publishPlay(p);  // a class's pages stop here too
    } else {
      p.status.textContent = "…";
      send(p, "play");
    }
    return;
  }
  sayAfterAnswer(p);
  p.playing = false;
  if ((name === "step" || name === "step10") && stepAhead(p, name === "step" ? 1 : 10)) return;
  p.stepTo = null;
  send(p, name);
  if (name === "reset") publishPlay(p, 0);  // the run's first epoch, known here already
}

// Step and Step x10 from the rows the core computed ahead: drawn at once, then the server is
// told which epoch is on screen. Where the rows ahead stop short (a divergence on the way),
// the server steps and answers as before.
function stepAhead(p, epochs) {
  const here = p.rows.epoch[p.idx];
  const target = Math.min(here + epochs, p.data.end);
  const j = indexOf(p, target);
  if (target <= here || p.rows.epoch[j] !== target) return false;
  p.idx = j;
  p.stepTo = target;
  drawFrame(p);
  send(p, epochs === 1 ? "step" : "step10", { to: target });
  publishPlay(p);
  return true;
}

// Space plays or pauses, → steps, R resets; not while typing in a field.
export function onKey(p, event) {
  if (!p.root.isConnected) { document.removeEventListener("keydown", p.keys); return; }
  const target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  if (target === p.stepText || target === p.logText) return;  // there the keys scroll the text
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === " " && /^(BUTTON|A)$/.test(target.tagName)) return;  // it presses that one
  if (event.key === " ") { event.preventDefault(); onButton(p, "play"); }
  else if (event.key === "ArrowRight") { event.preventDefault(); onButton(p, "step"); }
  else if (event.key === "r" || event.key === "R") { event.preventDefault(); onButton(p, "reset"); }
}

// Messages to Python: each button, key and edit becomes an action, sent with the epoch on
// screen, a sequence number and the play token it answers.
import { drawFrame } from "./draw.js";

export function send(p, name, extra) {
  if (!p.setTrigger) return;
  p.seq++;
  p.setTrigger("action", { ...(extra || {}), name, epoch: p.rows.epoch[p.idx], seq: p.seq,
    token: p.token });
}

export function onButton(p, name) {
  if (name === "play") {
    if (p.playing) {          // Pause: stop right here, then tell Python where
      p.playing = false;
      p.waitingMore = false;
      drawFrame(p);
      send(p, "pause");
    } else {
      p.status.textContent = "…";
      send(p, "play");
    }
    return;
  }
  p.playing = false;
  send(p, name);
}

// Space plays or pauses, → steps, R resets; not while typing in a field.
export function onKey(p, event) {
  if (!p.root.isConnected) { document.removeEventListener("keydown", p.keys); return; }
  const t = event.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === " ") { event.preventDefault(); onButton(p, "play"); }
  else if (event.key === "ArrowRight") { event.preventDefault(); onButton(p, "step"); }
  else if (event.key === "r" || event.key === "R") { event.preventDefault(); onButton(p, "reset"); }
}

// A page in a live class learns of the class's changes here: every half second it reads
// the class's version from a tiny static file of this server (no script runs on the
// server for that), and when it moved, asks Python to read the class (one rerun).
import { send } from "./messages.js";

async function look(p) {
  const w = p.data && p.data.watch;
  if (!w || !p.root.isConnected) { stopWatching(p); return; }
  try {
    const answer = await fetch(w.url, { cache: "no-store" });
    if (!answer.ok) return;
    const { version } = await answer.json();
    if (Number.isInteger(version) && version !== w.version && version !== p.watchAsked) {
      p.watchAsked = version;  // asked once for each version
      send(p, "class_sync", { version });
    }
  } catch (e) { /* a missed look: the next one comes in half a second */ }
}

function stopWatching(p) {
  if (p.watchTimer) clearInterval(p.watchTimer);
  p.watchTimer = null;
  p.watchEvery = null;
}

export function watchClass(p) {
  const w = p.data && p.data.watch;
  if (!w) { stopWatching(p); return; }
  const every = Math.max(200, (w.every || 0.5) * 1000);
  if (p.watchTimer && p.watchEvery === every) return;
  stopWatching(p);
  p.watchEvery = every;
  p.watchTimer = setInterval(() => look(p), every);
}

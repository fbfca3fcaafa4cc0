// The player's side of a live class's long poll (linreg/classroom/signals.py): a new
// version asks Python to read the class (one rerun).
import { send } from "./messages.js";

const RETRY_MS = 2000;  // after a failed request (a server restarting, a network change)
const GIVE_UP_MS = 40000;  // a request unanswered this long is dropped and asked again

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitLoop(p, url) {
  while (p.watchUrl === url && p.root.isConnected) {
    const w = p.data && p.data.watch;
    if (!w || w.url !== url) break;
    // the newest version this page has heard of: Python's, or one it already asked about
    const known = Math.max(w.version, p.watchAsked ?? -1);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), GIVE_UP_MS);
    try {
      const answer = await fetch(`${url}?after=${known}`, { cache: "no-store", signal: abort.signal });
      if (answer.status === 404 || answer.status === 400) break;  // the fragments' timers serve
      if (!answer.ok) { await sleep(RETRY_MS); continue; }
      const { version } = await answer.json();
      if (Number.isInteger(version) && version > known && p.watchUrl === url) {
        p.watchAsked = version;  // asked once for each version
        send(p, "class_sync", { version });
      }
    } catch (e) {
      await sleep(RETRY_MS);
    } finally {
      clearTimeout(timer);
    }
  }
  if (p.watchUrl === url) p.watchUrl = null;
}

export function watchClass(p) {
  const w = p.data && p.data.watch;
  const url = w ? w.url : null;
  if (url === p.watchUrl) return;
  p.watchUrl = url;  // a running loop for another url sees this and ends
  p.watchAsked = null;
  if (url) waitLoop(p, url);
}

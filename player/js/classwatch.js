// The player's side of a live class's long poll (linreg/classroom/signals.py). The answer
// says what changed:
// - a page following its teacher holds the class's run and moves along it (follow.js);
// - what only the page's script can show (the mode, a question, its reveal, a new setup) is
//   read by Python: the player asks for it (one rerun); the count of answers beside an open
//   question too, but at most once a second (a burst of answers is one rerun a page);
// - a student's page free to explore has nothing to do when only the teacher's player moved;
// - the teacher's board reads the class again unless the change was its own play state.
import { followClass } from "./follow.js";
import { send } from "./messages.js";
import { published } from "./publish.js";

const RETRY_MS = 2000;  // after a failed request (a server restarting, a network change)
const COUNT_MS = 1000;  // the count of answers is read again after this, and up to twice this
const GIVE_UP_MS = 40000;  // a request unanswered this long is dropped and asked again

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Python reads the class (a rerun); asked once for each page and run it is to show.
function sync(p, heard) {
  const wanted = `${heard.version === 0 ? "ended" : heard.page}|${heard.run}`;
  if (p.syncAsked === wanted) return;
  p.syncAsked = wanted;
  send(p, "class_sync", { version: heard.version });
}

// The count of answers, read again a little later: one rerun for the answers meanwhile, the
// pages of a class spread over a second.
function countLater(p) {
  if (p.countTimer) return;
  p.countTimer = setTimeout(() => {
    p.countTimer = null;
    const heard = p.classHeard, w = p.data && p.data.watch;
    if (heard && w && heard.answered !== w.answered) send(p, "class_sync", { version: heard.version });
  }, COUNT_MS * (1 + Math.random()));
}

// Whether a student's page must run its script for what it heard (else its player moves).
function needsRun(w, heard) {
  return w.page === undefined || heard.version === 0 || heard.page !== w.page ||
    (w.follows && heard.run !== w.run);
}

// The teacher's board: the class moved, but was it only by this page's own play states?
async function boardHeard(p, heard) {
  await published(p);
  const board = p.board;
  let own = heard.joined === board.joined && heard.class >= board.class;
  for (let v = board.class + 1; own && v <= heard.class; v++) own = p.ownVersions.has(v);
  for (const v of p.ownVersions) if (v <= heard.class) p.ownVersions.delete(v);
  p.board = { class: heard.class, joined: heard.joined };
  if (!own) send(p, "class_sync", { version: heard.version });
}

function onHeard(p, heard) {
  const w = p.data.watch;
  if (w.class !== undefined) { boardHeard(p, heard); return; }
  p.classHeard = heard;
  if (needsRun(w, heard)) { sync(p, heard); return; }
  if (w.follows) followClass(p, heard);
  if (heard.answered !== w.answered) countLater(p);
}

// A frame from Python: where it waits, what it holds. What was heard since it was built and
// differs from it is asked for again.
export function classFrame(p, data) {
  const w = data.watch;
  p.syncAsked = null;
  if (!w) return;
  if (w.class !== undefined && (!p.board || w.class >= p.board.class)) {
    p.board = { class: w.class, joined: w.joined };
  }
  const heard = p.classHeard;
  if (w.class === undefined && heard && heard.version > w.version) {
    if (needsRun(w, heard)) sync(p, heard);
    else if (heard.answered !== w.answered) countLater(p);
  }
}

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
      const heard = await answer.json();
      heard.received = performance.now();
      const { version } = heard;
      const moved = version > known || (version === 0 && known > 0);  // 0: the class ended
      if (Number.isInteger(version) && moved && p.watchUrl === url) {
        p.watchAsked = version;  // heard once for each version
        onHeard(p, heard);
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

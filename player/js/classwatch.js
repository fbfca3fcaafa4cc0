// The player's side of a live class's stream of answers (linreg/classroom/signals.py). An
// answer says what changed:
// - a page following its teacher holds the class's run and moves along it (follow.js);
// - a new setup reaches it as the class's new run, which it fetches and swaps in (follow.js);
// - what only the page's script can show (the mode, a question, its reveal) is read by
//   Python: the player asks for it (one rerun); the count of answers is the board's alone
//   (the projector's), so a burst of answers reruns no student's page;
// - a student's page free to explore has nothing to do when only the teacher's player moved;
// - the teacher's board reads the class again unless the change was its own play state.
import { fetchRun, followClass } from "./follow.js";
import { send } from "./messages.js";
import { published } from "./publish.js";
import { heardAt, timeServer } from "./serverclock.js";

// Python reads the class (a rerun); asked once for each page and run it is to show.
function sync(p, heard) {
  const wanted = `${heard.version === 0 ? "ended" : heard.page}|${heard.run}`;
  if (p.syncAsked === wanted) return;
  p.syncAsked = wanted;
  send(p, "class_sync", { version: heard.version });
}

// What a student's page does with what it heard: "run" its script, "fetch" the class's new
// run (a following page), "follow" the teacher's player, or nothing ("").
function todo(w, heard) {
  if (w.page === undefined || heard.version === 0 || heard.page !== w.page) return "run";
  if (!w.follows) return "";
  return heard.run === w.run ? "follow" : "fetch";
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
  const next = todo(w, heard);
  if (next === "run") { sync(p, heard); return; }
  if (next === "fetch") fetchRun(p, heard, sync);
  else if (next === "follow") followClass(p, heard);
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
    const next = todo(w, heard);
    if (next === "run") sync(p, heard);
    else if (next === "fetch") fetchRun(p, heard, sync);
  }
}

// A class's answer from the stream: acted on once for each version newer than the page's.
function onEvent(p, event) {
  const w = p.data && p.data.watch;
  if (!w) return;
  const heard = JSON.parse(event.data);
  heard.received = performance.now();
  if (typeof heard.now === "number") heardAt(p, heard.now, heard.received);
  const known = Math.max(w.version, p.watchAsked ?? -1);
  const moved = heard.version > known || (heard.version === 0 && known > 0);  // 0: it ended
  if (!Number.isInteger(heard.version) || !moved) return;
  p.watchAsked = heard.version;
  onHeard(p, heard);
}

// A busy route (503, or nginx's 429) or a failed connection: the next try waits 1 s, then
// twice as long each time up to 30 s, at least what Retry-After says, jittered by ±50% so the
// pages of a class do not come back at once. A good answer starts again from 1 s.
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30000;

function backoff(p, response) {
  p.watchDelay = p.watchDelay ? Math.min(RETRY_MAX_MS, p.watchDelay * 2) : RETRY_MS;
  const told = response ? Number(response.headers.get("Retry-After")) * 1000 || 0 : 0;
  return Math.max(p.watchDelay, told) * (0.5 + Math.random());
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

// One connection to the stream: its events, as they come, to onEvent. The wait before the
// next connection, or null when there is none to make (the route does not know the class:
// 404, for a class that ended too; or the page left it).
async function connect(p, url, watching) {
  let response;
  try {
    response = await fetch(`${url}/events?after=${watching.after}`,
                           { cache: "no-store", signal: watching.controller.signal });
  } catch (error) {
    return watching.controller.signal.aborted ? null : backoff(p);
  }
  if (response.status === 404) return null;
  if (!response.ok) return backoff(p, response);
  p.watchDelay = 0;  // a good answer
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!p.root.isConnected) { watching.controller.abort(); return null; }
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const lines = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        const id = lines.find((l) => l.startsWith("id: "));
        if (id) watching.after = Number(id.slice(4));  // as EventSource's Last-Event-ID
        const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));
        if (data.length) onEvent(p, { data: data.join("\n") });
        if (id && watching.after === 0) return null;  // the class ended: nothing more to hear
      }
    }
  } catch (error) {
    if (watching.controller.signal.aborted) return null;
  }
  return backoff(p);  // the stream ended (a restart, a proxy): again, after a while
}

// One stream of the class's answers for as long as the page is in the class (server.py's
// /class/<signal>/events, read with fetch: unlike EventSource, it tells a busy route from
// one that does not know the class). A server that does not know the class (404) leaves the
// page to its fragments' timers.
export function watchClass(p) {
  const w = p.data && p.data.watch;
  const url = w && w.url ? w.url : null;
  if (url === p.watchUrl && (p.watching || !url)) return;
  if (p.watching) p.watching.controller.abort();
  p.watching = null;
  if (url !== p.watchUrl) p.watchDelay = 0;
  p.watchUrl = url;
  p.watchAsked = null;
  if (!url) return;
  const watching = { controller: new AbortController(), after: w.version };
  p.watching = watching;
  timeServer(p, url, watching.controller.signal);
  (async () => {
    while (!watching.controller.signal.aborted && p.root.isConnected) {
      const delay = await connect(p, url, watching);
      if (delay === null) break;
      await pause(delay, watching.controller.signal);
    }
    if (p.watching === watching) p.watching = null;
  })();
}

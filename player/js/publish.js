// A teacher's page tells its class where its player stands as the teacher acts, before its
// own server has run again (server.py's POST /class/<signal>/play, with the class's play
// secret, which only the teacher's page is given): the epoch, playing or not, the speed.
// The students' pages hold the class's run and move along it by themselves (follow.js).
import { speedValue } from "./pace.js";
import { serverTime, timed } from "./serverclock.js";

// One request at a time, so the states arrive in the order they were told; a state told
// while one is on its way waits, and only the latest of those is sent.
function post(p) {
  if (p.publishBusy || !p.publishNext) return;
  const { url, body } = p.publishNext;
  p.publishNext = null;
  p.publishBusy = true;
  p.publishing = fetch(url, { method: "POST", body, cache: "no-store",
    headers: { "Content-Type": "application/json" } })
    .then((answer) => (answer.ok ? answer.json() : null))
    .then((answer) => {
      // the class's version this page wrote: its own board need not read the class again
      if (answer && Number.isInteger(answer.version)) p.ownVersions.add(answer.version);
    })
    .catch(() => { p.published = null; })  // told again with the next change
    .finally(() => { p.publishBusy = false; post(p); });
}

// The state on screen, or, for an action whose end the page knows before its server answers
// (Reset), that epoch.
export function publishPlay(p, standing) {
  const pub = p.data && p.data.publish;
  if (!pub || !p.rows) return;
  const playing = !!p.playing && standing === undefined;
  const speed = speedValue(p);
  const t = performance.now();
  const epoch = playing ? p.epoch0 + (t - p.t0) / 1000 * speed
    : standing ?? p.rows.epoch[p.idx];
  // the same state told twice wakes nobody: a playback is told again when its clock starts
  // afresh (a new Play, more rows after a wait, another speed)
  const told = JSON.stringify([pub.run, playing, playing ? [p.epoch0, p.t0] : epoch, speed]);
  if (told === p.published) return;
  p.published = told;
  // when the epoch was on screen, on the server's clock, once a round trip has set it; the
  // server takes it within a bound (linreg/classroom/room.py), else the state's arrival
  const at = playing && timed(p) ? serverTime(p, t) : undefined;
  p.publishNext = { url: pub.url, body: JSON.stringify({ secret: pub.secret, run: pub.run,
    epoch, playing, speed, at, token: p.data.token || 0 }) };
  post(p);
}

// Whether a play state of this page is still on its way (its version is not known yet).
export async function published(p) {
  while (p.publishBusy || p.publishNext) await p.publishing;
}

// The server's clock, as a page in a live class puts it on its own: a page plays along with
// its teacher from the server's time of the teacher's Play (follow.js), and a teacher's page
// says when its epoch was on screen (publish.js). The page's clock minus the server's (the
// gap, in seconds) is bounded by what the page has seen:
// - an answer from the class's stream arrives after its server time: the gap is at most its
//   arrival less that time (late by the answer's way down);
// - a round trip to the route's clock (GET <url>/clock) was stamped between its request and
//   its answer: the gap is at least the request's time less the stamp, at most the answer's.
// The gap is the middle of the tightest bounds. On a network whose two ways take alike that
// is right to half their difference, where the upper bound alone is behind by a whole way
// down. A server busy when a round trip came stamps it late and pulls the middle early (the
// page ahead): the trips are spread over the first seconds in the class, so that one quiet
// moment sets the lower bound, and the middle stays within MAX_WAY_S of the upper bound.

const TRIPS_AT_MS = [1000, 2000, 3500, 6000, 10000];  // after joining: past the join's own run
const MAX_WAY_S = 0.25;  // a school network's one way, at most

function seconds(t) {
  return (performance.timeOrigin + t) / 1000;
}

function atMost(p, gap) {
  if (!(p.clockHigh <= gap)) p.clockHigh = gap;
  stated(p);
}

// The gap as the player's root states it (for the tests: on one machine the truth is 0).
function stated(p) {
  if (p.root) p.root.dataset.clockGap = String(clockGap(p));
}

// An answer's server time `now`, heard at this page's time `received` (performance.now()).
export function heardAt(p, now, received) {
  atMost(p, seconds(received) - now);
}

// This page's clock minus the server's, in seconds; undefined before any evidence.
export function clockGap(p) {
  const high = p.clockHigh, low = p.clockLow;
  if (high === undefined) return undefined;
  if (!(low <= high)) return high;  // no round trip yet, or bounds that disagree
  return Math.max((low + high) / 2, high - MAX_WAY_S);
}

// The server's time (seconds) at this page's time t (performance.now()); undefined before
// any evidence.
export function serverTime(p, t) {
  const gap = clockGap(p);
  return gap === undefined ? undefined : seconds(t) - gap;
}

// Whether a round trip has bounded the clock from below (a teacher's page then says when it
// played, publish.js).
export function timed(p) {
  return p.clockLow !== undefined;
}

async function roundTrip(p, url, signal) {
  const sent = performance.now();
  const answer = await fetch(`${url}/clock`, { cache: "no-store", signal });
  if (!answer.ok) return;
  const { now } = await answer.json();
  const back = performance.now();
  if (typeof now !== "number" || !Number.isFinite(now)) return;
  const low = seconds(sent) - now;
  if (!(p.clockLow >= low)) p.clockLow = low;
  atMost(p, seconds(back) - now);  // states the gap too
}

// The round trips of a page in a class (classwatch.js); one that fails (a busy route, a
// server gone) is only not counted.
export async function timeServer(p, url, signal) {
  const start = performance.now();
  for (const due of TRIPS_AT_MS) {
    const wait = start + due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (signal.aborted) return;
    try {
      await roundTrip(p, url, signal);
    } catch (error) {
      // not counted: the bounds so far stand
    }
  }
}

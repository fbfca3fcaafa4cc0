// The server's clock, as a page in a live class puts it on its own: a page plays along with
// its teacher from the server's time of the teacher's Play (follow.js), and a teacher's page
// says when its epoch was on screen (publish.js). Two kinds of evidence, as this page's
// clock minus the server's (seconds):
// - an answer from the class's stream arrives after its server time: an upper bound (the
//   least such gap is the fastest answer's, late by its whole way down);
// - a round trip to the route's clock (GET <url>/clock) brackets the server's time between
//   the request's start and its answer's arrival: the middle of the fastest one is off by
//   half the difference of its two ways, on a network whose ways take alike next to none.
// The gap is the middle of the fastest round trip, never above the least one-way gap.

const ROUND_TRIPS = 3;  // at joining: the first may open a connection, the next reuse it
const BETWEEN_MS = 300;

function seconds(t) {
  return (performance.timeOrigin + t) / 1000;
}

// An answer's server time `now`, heard at this page's time `received` (performance.now()).
export function heardAt(p, now, received) {
  const gap = seconds(received) - now;
  if (!(p.clockOneWay <= gap)) p.clockOneWay = gap;
}

// This page's clock minus the server's, in seconds; undefined before any evidence.
export function clockGap(p) {
  const trip = p.clockTrip, oneWay = p.clockOneWay;
  if (!trip) return oneWay;
  return oneWay === undefined ? trip.middle : Math.min(trip.middle, oneWay);
}

// The server's time (seconds) at this page's time t (performance.now()); undefined before
// any evidence.
export function serverTime(p, t) {
  const gap = clockGap(p);
  return gap === undefined ? undefined : seconds(t) - gap;
}

// Whether a round trip has set the clock (a teacher's page then says when, publish.js).
export function timed(p) {
  return !!p.clockTrip;
}

async function roundTrip(p, url, signal) {
  const sent = performance.now();
  const answer = await fetch(`${url}/clock`, { cache: "no-store", signal });
  if (!answer.ok) return;
  const { now } = await answer.json();
  const back = performance.now();
  if (typeof now !== "number" || !Number.isFinite(now)) return;
  const trip = { took: back - sent, middle: seconds((sent + back) / 2) - now };
  if (!p.clockTrip || trip.took < p.clockTrip.took) p.clockTrip = trip;
}

// A few round trips once the page is in a class (classwatch.js), apart so that they do not
// queue behind one another; a failed one (a busy route, a server gone) is only not counted.
export async function timeServer(p, url, signal) {
  for (let k = 0; k < ROUND_TRIPS && !signal.aborted; k++) {
    if (k) await new Promise((resolve) => setTimeout(resolve, BETWEEN_MS));
    try {
      await roundTrip(p, url, signal);
    } catch (error) {
      // counted as no answer: the one-way gap stands
    }
  }
}

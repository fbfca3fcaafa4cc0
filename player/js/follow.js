// A page that follows its class's teacher moves here, in the browser. It holds the class's
// whole run (linreg/classroom/follow.py); the class route (classwatch.js) answers with the
// teacher's play state, and the page goes to the teacher's epoch, or plays on its own clock
// from where the teacher is now: the epoch, the server's time it was told at, the speed,
// and the server's time of the answer. No rerun of the page's script: a class moves as one.
import { loop } from "./clock.js";
import { drawFrame } from "./draw.js";
import { send } from "./messages.js";
import { indexOf } from "./rows.js";

// How far this page's clock is from the server's: the least gap between an answer's server
// time and when it arrived, over the answers so far (the one that came the fastest). An
// answer that came late is counted from when it was sent, not from when it arrived.
function clockGap(p, heard) {
  const gap = (performance.timeOrigin + heard.received) / 1000 - heard.now;
  if (!(p.clockGap <= gap)) p.clockGap = gap;
}

// The teacher's epoch at this page's time t (performance.now()), from a play state heard.
function classEpoch(p, heard, t) {
  const play = heard.play;
  if (!play.playing) return play.epoch;
  const serverNow = (performance.timeOrigin + t) / 1000 - p.clockGap;
  return play.epoch + Math.max(0, serverNow - play.at) * play.speed;
}

// Stand, or play, where the teacher is now (drawn by the caller).
function placeClass(p, heard) {
  p.classHeard = heard;
  clockGap(p, heard);
  const now = performance.now();
  const target = classEpoch(p, heard, now);
  const last = p.rows.epoch[p.n - 1];
  p.stepTo = null;
  p.waitingMore = false;
  p.classSpeed = heard.play.speed;
  p.playing = !!heard.play.playing && target < last;
  if (p.playing) {
    p.idx = indexOf(p, target);
    p.epoch0 = target;
    p.t0 = now;
    return;
  }
  const epoch = Math.min(Math.round(target), last);
  p.idx = indexOf(p, epoch);
  // an epoch between the rows held (a long run's rows skip epochs): the server shows it
  if (p.rows.epoch[p.idx] !== epoch) send(p, "class_sync", { version: heard.version });
}

export function followClass(p, heard) {
  placeClass(p, heard);
  drawFrame(p);
  if (p.playing) loop(p);
}

// A frame from Python for a following page: where the class stood when it was built, unless
// the page has heard of a newer play state of the same page and run since.
export function followFrame(p, data) {
  const w = data.watch;
  const heard = p.classHeard;
  if (heard && heard.version > w.version && heard.page === w.page && heard.run === w.run) {
    placeClass(p, heard);
    return;
  }
  placeClass(p, { version: w.version, page: w.page, run: w.run, play: w.play, now: w.now,
    received: performance.now() });
}

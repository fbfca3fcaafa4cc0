// A page that follows its class's teacher moves here, in the browser. It holds the class's
// whole run (linreg/classroom/follow.py); the class route (classwatch.js) answers with the
// teacher's play state, and the page goes to the teacher's epoch, or plays on its own clock
// from where the teacher is now: the epoch, the server's time it was told at, the speed,
// and the server's time of the answer (serverclock.js puts the server's clock on the
// page's). A new setup's run it fetches itself (fetchRun). No rerun of the page's script:
// a class moves as one.
import { loop } from "./clock.js";
import { drawFrame } from "./draw.js";
import { send } from "./messages.js";
import { indexOf } from "./rows.js";
import { heardAt, serverTime } from "./serverclock.js";

// The teacher's epoch at this page's time t (performance.now()), from a play state heard.
function classEpoch(p, heard, t) {
  const play = heard.play;
  const now = serverTime(p, t);
  if (!play.playing || now === undefined) return play.epoch;
  return play.epoch + Math.max(0, now - play.at) * play.speed;
}

// Stand, or play, where the teacher is now (drawn by the caller).
function placeClass(p, heard) {
  p.classHeard = heard;
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

// The teacher's epoch now, as Python would have put it in a frame (`at`): a row of the run.
function standing(p, heard, epochs) {
  const epoch = Math.floor(classEpoch(p, heard, performance.now()));
  return Math.max(0, Math.min(epoch, epochs[epochs.length - 1]));
}

// A new setup of the class (a new run's key, the same page's): the page fetches the run, the
// same bytes for every follower (server.py's /class/<signal>/run/<key>), and swaps it into
// its player, keeping what is its own (where it waits, why its buttons rest), then stands or
// plays where the teacher is. No rerun of the page's script; on any failure, one
// (`failed`, classwatch.js's class_sync).
export function fetchRun(p, heard, failed) {
  const w = p.data.watch;
  if (!w.run_query) { failed(p, heard); return; }
  if (p.fetching === heard.run) return;  // on its way
  p.fetching = heard.run;
  fetch(`${w.url}/run/${heard.run}?${w.run_query}`)
    .then((answer) => {
      if (!answer.ok) throw new Error(`the class's run: ${answer.status}`);
      return answer.json();
    })
    .then((run) => {
      if (p.fetching !== heard.run) return;  // another run asked for since
      p.fetching = null;
      const now = p.classHeard, d = p.data;
      // the page ran its script meanwhile, or the class moved on: that decides
      if (!(d.watch && d.watch.follows) || d.rows_key === run.rows_key ||
          now.run !== run.rows_key || now.page !== d.watch.page) return;
      const watch = { ...d.watch, version: now.version, run: now.run, play: now.play,
        now: now.now };
      p.remount({ ...run, plotly: d.plotly, led_by_teacher: d.led_by_teacher,
        class_place: d.class_place, watch, at: standing(p, now, run.rows.epoch) });
    })
    .catch(() => {
      if (p.fetching !== heard.run) return;
      p.fetching = null;
      failed(p, p.classHeard);
    });
}

// A frame for a following page: where the class stood when it was built, unless the page
// has heard of that play state or a newer one of the same page and run.
export function followFrame(p, data) {
  const w = data.watch;
  const heard = p.classHeard;
  if (heard && heard.version >= w.version && heard.page === w.page && heard.run === w.run) {
    placeClass(p, heard);
    return;
  }
  const received = performance.now();
  heardAt(p, w.now, received);
  placeClass(p, { version: w.version, page: w.page, run: w.run, play: w.play, now: w.now,
    received });
}

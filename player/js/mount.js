// The player itself: Plotly draws what stands still, the overlay draws what moves (SVG over
// each plot). Python sends the run's rows; playback, Pause and the readouts happen here, in
// the browser. This module wires the others; main.js (the page) and offline.js (the offline
// file) mount it.
//
// What the player states on purpose on its root, [data-testid="linreg-player"], for tests
// and benchmarks (they read nothing else of its inner state):
//   data-epoch, data-playing          the epoch on screen, and whether it plays here
//   data-server-epoch, -playing       the epoch and play state of Python's last answer
//   data-computed                     the last epoch the run has computed so far
//   data-figures, data-figures-drawn  the key of the figures sent, and of those on screen
//   data-lr, data-points              the learning rate, and the points on the data plot
//   data-frames, data-updates         animation frames while playing, and those with a new epoch
// and on each plot's overlay, svg[data-chart]: data-plot-area, data-x-axis, data-y-axis.
import { drawFigures, resizeCharts } from "./charts.js";
import { loop, follow, reanchor } from "./clock.js";
import { followFrame } from "./follow.js";
import { publishPlay } from "./publish.js";
import { drawFrame } from "./draw.js";
import { savePng } from "./export.js";
import { answerEdits, attachGestures } from "./gestures.js";
import { attachPlotKeys, keepChosen } from "./plotkeys.js";
import { buildLayout } from "./layout.js";
import { buildScrubber, labelScrubber } from "./scrubber.js";
import { watchSidebar, watchUploadButton } from "./sidebar.js";
import { onButton, onKey, send } from "./messages.js";
import { buildPredict } from "./predict.js";
import { classFrame, watchClass } from "./classwatch.js";
import { labelPlayer } from "./readouts.js";

const PLAYER_KEY = Symbol.for("linreg.player");

function createPlayer(parent) {
  const p = {
    parent,
    data: null,
    idx: 0,             // index into rows of the frame on screen
    glide: 0,           // how far towards the next row the picture has moved
    playing: false,
    token: null,        // the play token from Python that this playback answers
    waitingMore: false,
    requestedMoreAt: -1,
    figsKey: null,
    seq: 0,
    frames: 0,
    updates: 0,
    drag: null,
    preview: null,
    previewing: false,  // a previewed path is drawn instead of the run (live.js)
    stepTo: null,       // the epoch a Step showed before the server answered it
    ownVersions: new Set(),  // a teacher's page: class versions it made by telling its play
    board: null,        // a teacher's page: the class version and students its board shows
  };
  // a following page's new run, fetched by the player (follow.js), mounts as Python's frames do
  p.remount = (data) => update(p, data, p.setTrigger);
  buildLayout(p);
  p.root.insertBefore(buildScrubber(p), p.metrics);
  p.root.insertBefore(buildPredict(p, send), p.alert);
  for (const [name, b] of Object.entries(p.buttons)) b.addEventListener("click", () => onButton(p, name));
  p.speed.addEventListener("change", () => { reanchor(p); publishPlay(p); });
  p.pngButton.addEventListener("click", () => savePng(p));
  p.undoButton.addEventListener("click", () => send(p, "undo"));
  attachGestures(p);
  attachPlotKeys(p);
  watchSidebar(p);
  p.keys = (event) => onKey(p, event);
  document.addEventListener("keydown", p.keys);
  p.resizer = new ResizeObserver(() => {
    const resized = resizeCharts(p);
    if (!resized) return;
    drawFrame(p);
    resized.then(() => drawFrame(p));
  });
  p.resizer.observe(p.grid);
  return p;
}

// The run's rows, then the rows the core computed ahead of it (while it stands still), so a
// Step shows the next of them at once.
function withAhead(rows, ahead) {
  if (!ahead || !ahead.epoch.length) return rows;
  const joined = {};
  for (const [name, values] of Object.entries(rows)) joined[name] = values.concat(ahead[name]);
  return joined;
}

// The figures come once: a frame whose figures the page already has carries none. They are
// kept here by key for every mount of this page (a whole-page rerun may mount the player
// afresh); what this page never had is asked for once the mount is done.
const FIGURES = new Map();
const KEPT_FIGURES = 4;

// A following page's run comes once too, kept by the run's key (linreg/classroom/follow.py).
let HELD_ROWS = null;

function withHeld(p, data) {
  if (data.figs) {
    FIGURES.delete(data.figs_key);
    FIGURES.set(data.figs_key, data.figs);
    while (FIGURES.size > KEPT_FIGURES) FIGURES.delete(FIGURES.keys().next().value);
  }
  if (data.rows_key && data.rows) HELD_ROWS = { key: data.rows_key, rows: data.rows };
  const figs = data.figs || FIGURES.get(data.figs_key);
  const rows = data.rows || (HELD_ROWS && HELD_ROWS.key === data.rows_key ? HELD_ROWS.rows : null);
  if (figs && rows) return { ...data, figs, rows };
  setTimeout(() => {  // what this page never had: asked for again, all of it
    p.seq++;
    p.setTrigger("action", { name: "figures", seq: p.seq });
  }, 0);
  return null;
}

const DECODER = new TextDecoder();

function update(p, received, setTriggerValue) {
  p.setTrigger = setTriggerValue;
  // Python sends its message as JSON bytes (ui/player.py); a fetched run comes parsed
  if (received instanceof Uint8Array) received = JSON.parse(DECODER.decode(received));
  const data = withHeld(p, received);
  if (!data) return;  // drawn when the figures arrive
  const first = p.data === null;
  p.data = data;
  // Streamlit's page says lang="en" whatever its words: a screen reader reads Hangul by it
  if (data.lang && document.documentElement.lang !== data.lang) {
    document.documentElement.lang = data.lang;
  }
  labelPlayer(p, data);
  answerEdits(p);
  keepChosen(p);
  if (first) p.speed.value = String(data.speed || 100);
  p.served = data.rows.epoch.length;  // rows the server has made; those ahead follow
  p.rows = withAhead(data.rows, data.ahead);
  p.n = p.rows.epoch.length;
  if (data.watch && data.watch.follows) followFrame(p, data);
  else follow(p, data);
  classFrame(p, data);
  labelScrubber(p, data);
  watchClass(p);
  watchUploadButton(p);
  Object.assign(p.root.dataset, {
    serverEpoch: String(data.at), serverPlaying: String(!!data.playing),
    computed: String(p.rows.epoch[p.served - 1]), figures: data.figs_key, lr: String(data.lr),
    points: String(data.points.x.length),
  });
  drawFigures(p).then(() => {
    drawFrame(p);
    if (p.playing) loop(p);
    publishPlay(p);  // a teacher's page: where the answer left its player
    // the page draws its sidebar and tabs once the first plots are on screen (app.py)
    if (data.await_plots) send(p, "drawn");
  });
}

export function mountPlayer(component) {
  const { parentElement, data, setTriggerValue } = component;
  let player = parentElement[PLAYER_KEY];
  if (!player || !player.root.isConnected) {
    player = createPlayer(parentElement);
    parentElement[PLAYER_KEY] = player;
  }
  update(player, data, setTriggerValue);
}

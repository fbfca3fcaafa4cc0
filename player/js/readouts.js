// What the player writes in words and numbers: labels, the readouts, the status line, the
// step in numbers, the log, and a summary of each plot for screen readers.
import { sayFrame } from "./announce.js";
import { CHARTS, iconLabel } from "./dom.js";
import { fixed, readout } from "./format.js";
import { skipLink } from "./layout.js";

// A plot that keys edit (plotkeys.js) takes the focus, and says which keys do what.
function keyable(c, on, words) {
  if (on) {
    c.box.tabIndex = 0;
    c.box.setAttribute("role", "application");  // a screen reader passes the keys on
    c.box.setAttribute("aria-label", words);
    c.box.setAttribute("aria-describedby", c.summary.id);
  } else {
    for (const name of ["tabindex", "role", "aria-label", "aria-describedby"]) {
      c.box.removeAttribute(name);
    }
  }
}

// The texts that come with Python's data (the page's language), and what may be edited.
export function labelPlayer(p, data) {
  const L = data.labels;
  iconLabel(p.buttons.reset, "reset", L.reset);
  iconLabel(p.buttons.step, "step", L.step);
  iconLabel(p.buttons.step10, "step", L.step10);
  iconLabel(p.buttons.run_end, "end", L.run_end);
  p.speedText.textContent = L.speed + " (" + L.epochs_per_second + ") ";
  p.pngButton.textContent = L.save_png;
  p.pngButton.title = L.save_png_title;
  const edit = data.edit || {};
  p.undoButton.textContent = L.undo;
  p.undoButton.title = L.undo_title;
  p.undoButton.disabled = !edit.undo;
  p.newSetText.textContent = L.new_points + " ";
  p.newSet.options[0].textContent = L.train_points;
  p.newSet.options[1].textContent = L.test_points;
  p.newSetLabel.hidden = !edit.points;
  // a class's page its teacher leads: the buttons rest, and say why
  p.root.classList.toggle("lr-led", !!data.led_by_teacher);
  for (const b of Object.values(p.buttons)) b.disabled = !!data.led_by_teacher;
  p.root.dataset.ledByTeacher = data.led_by_teacher ? "true" : "false";
  p.charts.fit.box.classList.toggle("lr-editable", !!edit.points);
  p.charts.contour.box.classList.toggle("lr-editable", !!edit.start);
  keyable(p.charts.fit, !!edit.points, L.fit_plot_keys);
  // the cost plot takes keys for the start, or for a guess of where (W, b) will be
  keyable(p.charts.contour, !!(edit.start || data.prediction || data.class_place),
    L.cost_plot_keys);
  skipLink(p, L.skip_to_player);
  // a plot with the focus: the hint under the plots says its keys
  p.hint.textContent = (p.keyFocus && p.charts[p.keyFocus].box.getAttribute("aria-label")) ||
    edit.hint || "";
  const names = { epoch: L.epoch, W: "W", b: "b", cost: L.cost, test_cost: L.test_cost, dW: "dW", db: "db" };
  for (const [k, v] of Object.entries(names)) p.metricValues[k].label.textContent = v;
  p.metricValues.test_cost.box.hidden = !data.has_test;
  p.stepTitle.textContent = L.this_step;
  p.stepText.setAttribute("aria-label", L.this_step);
  p.logTitle.textContent = L.log;
  p.logText.setAttribute("aria-label", L.log);
  p.root.classList.toggle("lr-present", !!data.present);
  p.grid.classList.toggle("lr-has-3d", !!data.figs.surface);
}

// W and b after row i's update, as the core computed them: the next row when it is the next
// epoch, past the last row the payload's `next` (null when the core has none). The browser
// does no training arithmetic of its own.
function stateAfter(data, rows, i) {
  const n = rows.epoch.length;
  if (i + 1 < n) {
    return rows.epoch[i + 1] === rows.epoch[i] + 1 ? { W: rows.W[i + 1], b: rows.b[i + 1] } : null;
  }
  return data.more ? null : (data.next || null);
}

// "This step, in numbers" for row i. Without the state after it, the update is written with
// the values known and no result.
export function stepText(data, rows, i) {
  const W = rows.W[i], b = rows.b[i], dW = rows.dW[i], db = rows.db[i], lr = data.lr;
  const f = (x) => fixed(x, 6);
  const sign = (x) => (x < 0 ? `(${f(x)})` : f(x));
  if (!(data.optimizer === "sgd" && data.full_batch)) {
    return `dW = ${f(dW)}, db = ${f(db)}  (${data.update_rule})`;
  }
  const after = stateAfter(data, rows, i);
  const result = (v) => (after ? ` = ${f(v)}` : "");
  return `W ← W − lr · dW = ${f(W)} − ${lr} × ${sign(dW)}${result(after && after.W)}\n` +
         `b ← b − lr · db = ${f(b)} − ${lr} × ${sign(db)}${result(after && after.b)}`;
}

function drawLog(p, epoch) {
  const lines = [];
  for (const [at, line] of p.data.log) {
    if (at <= epoch) lines.push(line);
  }
  const text = lines.slice(-200).join("\n");
  if (p.logText.textContent !== text) {
    p.logText.textContent = text;
    p.logText.scrollTop = p.logText.scrollHeight;
  }
}

function drawSummaries(p, epoch, W, b, cost) {
  const s = p.data.summaries;
  if (!s || p.playing) return;  // screen readers get the picture when it stands still
  const fill = (text) => text.replace("{epoch}", epoch).replace("{W}", fixed(W, 3))
    .replace("{b}", fixed(b, 3)).replace("{cost}", fixed(cost, 6));
  for (const name of CHARTS) {
    const text = fill(s[name] || "");
    if (p.charts[name].summary.textContent !== text) p.charts[name].summary.textContent = text;
  }
}

// Everything written for row i: the play button, readouts, status, step, log, summaries.
export function showReadouts(p, i) {
  const d = p.data, L = d.labels, r = p.rows;
  const epoch = r.epoch[i];
  iconLabel(p.buttons.play, p.playing ? "pause" : "play", p.playing ? L.pause : L.play);
  p.buttons.play.classList.toggle("lr-active", p.playing);
  const v = p.metricValues;
  v.epoch.value.textContent = String(epoch);
  v.epoch.label.textContent = `${L.epoch} (/ ${d.end})`;
  v.W.value.textContent = readout(r.W[i], 3);
  v.b.value.textContent = readout(r.b[i], 3);
  v.cost.value.textContent = readout(r.cost[i], 6, true);
  v.test_cost.value.textContent = r.test_cost[i] === null ? "—" : readout(r.test_cost[i], 6, true);
  v.dW.value.textContent = readout(r.dW[i], 3);
  v.db.value.textContent = readout(r.db[i], 3);
  const atEnd = i >= p.served - 1 && !d.more;
  // a following page names the class's setup: its sidebar shows no fields
  // (ui/class_student.py, led_settings_ui)
  if (d.led_by_teacher) {
    p.status.textContent = [d.led_by_teacher, d.class_setup].filter(Boolean).join(" · ");
  } else if (p.playing) p.status.textContent = d.slowed || L.playing;
  else if (d.diverged && atEnd) p.status.textContent = "";
  else if (atEnd && epoch >= d.end) p.status.textContent = d.finished_text;
  else p.status.textContent = "";
  p.alert.textContent = d.diverged && atEnd ? d.diverged : "";
  p.alert.hidden = !p.alert.textContent;
  sayFrame(p, p.alert.textContent);
  p.stepText.textContent = stepText(d, r, i);
  drawLog(p, epoch);
  drawSummaries(p, epoch, r.W[i], r.b[i], r.cost[i]);
}

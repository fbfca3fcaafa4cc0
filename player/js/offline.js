// The offline file's player: the same player, with this module in the server's place. The
// file holds the run the core computed (every epoch) and a bank of runs at other rates (all
// computed by the core when the file was made); each button is answered here from them.
// Nothing is trained in the browser: a rate chosen on the scrubber takes the nearest rate
// of the bank, and its run starts over from epoch 0.
import { mountPlayer } from "./mount.js";

export function readRun() {
  const node = document.getElementById("linreg-run");
  return JSON.parse(node.textContent);
}

function rowIndexAtLeast(rows, epoch) {
  const e = rows.epoch;
  for (let i = 0; i < e.length; i++) if (e[i] >= epoch) return i;
  return e.length - 1;
}

function nearestRun(bank, lr) {
  let best = bank[0];
  for (const run of bank) {
    if (Math.abs(Math.log(run.lr / lr)) < Math.abs(Math.log(best.lr / lr))) best = run;
  }
  return best;
}

// A slider over the epochs of the run on screen: the file holds every row, so dragging it
// shows any epoch at once (the page steps and plays; this file can also scrub).
function epochSlider(host, label, onEpoch) {
  const box = document.createElement("label");
  box.className = "linreg-offline-epochs";
  const text = document.createElement("span");
  text.textContent = label + " ";
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.step = "1";
  input.setAttribute("data-testid", "linreg-offline-epochs");
  input.setAttribute("aria-label", label);
  input.addEventListener("input", () => onEpoch(Number(input.value)));
  box.append(text, input);
  return { box, input };
}

// `file`: the run and its bank (a lesson's file gives each screen's).
export function startOffline(parentElement, notice, file = readRun()) {
  const host = { run: file.message, at: 0, playing: false, token: 0, rateTaken: false };
  const slider = epochSlider(host, file.words.epochs, (epoch) => {
    const rows = host.run.rows;
    host.playing = false;
    host.at = rows.epoch[rowIndexAtLeast(rows, epoch)];
    draw();
  });
  parentElement.parentElement.insertBefore(slider.box, parentElement);
  const last = () => host.run.rows.epoch[host.run.rows.epoch.length - 1];
  const say = (text) => { notice.textContent = text; notice.hidden = !text; };

  function message() {
    const data = { ...host.run, at: host.at, playing: host.playing, token: host.token,
      more: false, ahead: null, offline: true, rate_taken: host.rateTaken };
    host.rateTaken = false;
    return data;
  }

  function answer(name, action) {
    const rows = host.run.rows;
    const shown = Number.isFinite(action.epoch) ? action.epoch : host.at;
    say("");
    if (name === "play") {
      host.at = shown >= last() ? 0 : shown;  // Play at the end starts over, like a video
      host.playing = true;
      host.token += 1;
    } else if (name === "pause" || name === "finished") {
      host.playing = false;
      host.at = shown;
    } else if (name === "step" || name === "step10") {
      host.playing = false;
      const to = Number.isInteger(action.to) ? action.to : shown + (name === "step" ? 1 : 10);
      host.at = rows.epoch[rowIndexAtLeast(rows, Math.min(to, last()))];
    } else if (name === "run_end") {
      host.playing = false;
      host.at = last();
    } else if (name === "reset") {
      host.playing = false;
      host.at = 0;
    } else if (name === "set_lr" && Number(action.lr) > 0) {
      host.run = { ...file.message, ...nearestRun(file.bank, Number(action.lr)) };
      host.playing = false;
      host.at = 0;
      host.rateTaken = true;
      say(file.words.rate_taken.replace("{lr}", String(host.run.lr)));
    } else if (name !== "more") {
      say(file.words.needs_live);  // points, the start, predictions: the live page
    }
    draw();
  }

  function draw() {
    slider.input.max = String(last());
    if (!host.playing) slider.input.value = String(host.at);
    mountPlayer({ parentElement, data: message(),
      setTriggerValue: (event, value) => { if (event === "action") answer(value.name, value); } });
  }

  draw();
}

const mountPoint = document.getElementById("linreg-offline-player");
if (mountPoint) startOffline(mountPoint, document.getElementById("linreg-offline-notice"));

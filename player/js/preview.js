// The live preview: the path a full-batch run would take, computed in the browser while a
// hand moves a control, in the arithmetic of the engine that will make the run
// (linreg/engines.py). The lesson's engine trains float32 tensors in torch: the preview
// redoes its operations one by one on the training points (float32 below), so it prints
// what the run will print. The fast engine: linreg/quadratic.py (cost and gradient from
// the data's centred statistics) and linreg/optim.py (the updates) in float64, which the
// preview agrees with to rounding. tests/browser/test_preview.py checks both on thousands
// of random cases. The run made on release always comes from the core.
import { fixed, readout, scientific } from "./format.js";

// The statistics of points, centred in two passes as linreg.dataset.Stats.of computes them.
export function statsOf(xs, ys) {
  const n = xs.length;
  if (!n) return { n: 0, mean_x: 0, mean_y: 0, var_x: 0, cov_xy: 0, var_y: 0 };
  let sx = 0, sy = 0;
  for (let k = 0; k < n; k++) { sx += xs[k]; sy += ys[k]; }
  const mean_x = sx / n, mean_y = sy / n;
  let xx = 0, xy = 0, yy = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[k] - mean_x, dy = ys[k] - mean_y;
    xx += dx * dx; xy += dx * dy; yy += dy * dy;
  }
  return { n, mean_x, mean_y, var_x: xx / n, cov_xy: xy / n, var_y: yy / n };
}

// The least-squares line of the statistics, or null when every x is equal.
export function bestLine(stats) {
  if (!(stats.var_x > 0)) return null;
  const W = stats.cov_xy / stats.var_x;
  return { W, b: stats.mean_y - W * stats.mean_x };
}

// [cost, dCost/dW, dCost/db] at (W, b): linreg.quadratic.cost_and_gradient.
export function costAndGradient(stats, W, b) {
  const error = W * stats.mean_x + b - stats.mean_y;
  const spread = W * W * stats.var_x - 2 * W * stats.cov_xy + stats.var_y;
  return [error * error + (spread > 0 ? spread : 0),
    2 * (error * stats.mean_x + W * stats.var_x - stats.cov_xy), 2 * error];
}

const ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPS = 1e-8;

// One float64 update: linreg.optim.update. `memory` = [m_W, m_b, v_W, v_b, steps].
function update64({ optimizer, lr, momentum }, W, b, dW, db, memory) {
  let [mW, mb, vW, vb, steps] = memory;
  steps += 1;
  if (optimizer === "momentum") {
    mW = momentum * mW + dW; mb = momentum * mb + db;
    return [W - lr * mW, b - lr * mb, [mW, mb, vW, vb, steps]];
  }
  if (optimizer === "adam") {
    mW = ADAM_BETA1 * mW + (1 - ADAM_BETA1) * dW; mb = ADAM_BETA1 * mb + (1 - ADAM_BETA1) * db;
    vW = ADAM_BETA2 * vW + (1 - ADAM_BETA2) * dW * dW;
    vb = ADAM_BETA2 * vb + (1 - ADAM_BETA2) * db * db;
    const size = lr / (1 - ADAM_BETA1 ** steps), root = (1 - ADAM_BETA2 ** steps) ** 0.5;
    return [W - size * mW / (vW ** 0.5 / root + ADAM_EPS),
      b - size * mb / (vb ** 0.5 / root + ADAM_EPS), [mW, mb, vW, vb, steps]];
  }
  return [W - lr * dW, b - lr * db, [mW, mb, vW, vb, steps]];
}

// ---- float32, as the lesson's engine computes. A sum, difference, product, quotient or
// square root of float32 values, done in float64 and rounded once by Math.fround, is
// exactly float32's; the rest follows aten's CPU kernels.
const f32 = Math.fround;

// a * b + c rounded once, as aten's fused kernels (add with alpha, lerp, addcmul) compute
// it. The product is exact in float64; the sum can round to a float32 halfway point, then
// the error of the sum (TwoSum) says to which side the exact value lies.
export function fma32(a, b, c) {
  const p = a * b, s = p + c, r = f32(s);
  const t = s - p, error = (p - (s - t)) + (c - t);
  const half = s - r, other = s + half;  // the float32 beyond s, if s is halfway
  if (error === 0 || half === 0 || f32(other) !== other) return r;
  return (error > 0) === (half > 0) ? other : r;
}

// torch's float32 sum on the CPU (aten's cascade_sum, one thread up to 32768 values):
// elements of LANES floats (single floats below LANES values) go by rows of four into four
// accumulators, one per column, lane by lane; leftover elements into the first; then the
// columns are joined in order; in the vector form the leftover floats are summed and the
// lanes added to them in order. (Beyond 16 rows, 512 floats, aten folds the accumulators
// into a cascade: the preview's sets are smaller.) Float32Arrays round on every store.
const LANES = 8;  // the sum kernel's vectors: its AVX2 build runs on AVX-512 machines too
function sum32(values) {
  const n = values.length, width = n < LANES ? 1 : LANES, count = Math.floor(n / width);
  const columns = new Float32Array(4 * width);
  for (let i = 0; i < count; i++) {
    const into = i < count - count % 4 ? (i % 4) * width : 0;
    for (let l = 0; l < width; l++) columns[into + l] += values[i * width + l];
  }
  for (let k = 1; k < 4; k++) {
    for (let l = 0; l < width; l++) columns[l] += columns[k * width + l];
  }
  if (width === 1) return columns[0];
  let total = 0;
  for (let k = count * width; k < n; k++) total = f32(total + values[k]);
  for (let l = 0; l < width; l++) total = f32(total + columns[l]);
  return total;
}

// [cost, dCost/dW, dCost/db] at (W, b) as the lesson's code computes them on float32
// points {x, y}: cost = mean((x*W + b - y)^2), the mean a sum divided by n; autograd sends
// 1/n back through the square (times 2(H - y)), then sums the broadcast W's and b's
// gradients. `work` holds three Float32Arrays of n values.
function costAndGradient32({ x, y }, W, b, work) {
  const n = x.length, share = f32(1 / n), [squares, perPoint, timesX] = work;
  for (let k = 0; k < n; k++) {
    const error = f32(f32(f32(x[k] * W) + b) - y[k]);
    squares[k] = error * error;
    perPoint[k] = share * f32(2 * error);
    timesX[k] = perPoint[k] * x[k];
  }
  return [f32(sum32(squares) / n), sum32(timesX), sum32(perPoint)];
}

// torch's float32 square root on x86 is MKL's, within 0.56 ulp rather than 0.5: where the
// exact root lies within 0.06 ulp of halfway between two float32s, it may round either way.
// The shadow run (printedCost) takes the other way there.
function sqrt32(v, shadow) {
  const root = Math.sqrt(v), r = f32(root), other = f32(r + 2 * (root - r));
  return shadow && Math.abs(root - r) > 0.44 * Math.abs(other - r) ? other : r;
}

// One float32 update as torch.optim steps one-value tensors: param.add_(grad, alpha=-lr)
// fused; momentum's buffer.mul_(momentum).add_(grad), started at the first gradient;
// Adam's exp_avg.lerp_(grad, 1 - beta1), exp_avg_sq.mul_(beta2).addcmul_(grad, grad,
// value=1 - beta2), then param.addcdiv_(exp_avg, sqrt(exp_avg_sq) / sqrt(bias correction)
// + eps, value=-step size), its Python floats rounded to float32 as the kernels take them.
function update32({ optimizer, lr, momentum, shadow }, W, b, dW, db, memory) {
  let [mW, mb, vW, vb, steps] = memory;
  steps += 1;
  if (optimizer === "momentum") {
    const keep = f32(momentum);
    if (steps > 1) { mW = f32(f32(mW * keep) + dW); mb = f32(f32(mb * keep) + db); }
    else { mW = dW; mb = db; }
    return [fma32(f32(-lr), mW, W), fma32(f32(-lr), mb, b), [mW, mb, vW, vb, steps]];
  }
  if (optimizer === "adam") {
    const toward = f32(1 - ADAM_BETA1), keep = f32(ADAM_BETA2), add = f32(1 - ADAM_BETA2);
    mW = fma32(toward, f32(dW - mW), mW); mb = fma32(toward, f32(db - mb), mb);
    vW = fma32(f32(add * dW), dW, f32(vW * keep)); vb = fma32(f32(add * db), db, f32(vb * keep));
    const size = f32(-lr / (1 - ADAM_BETA1 ** steps)), eps = f32(ADAM_EPS);
    const root = f32(Math.sqrt(1 - ADAM_BETA2 ** steps));
    const move = (m, v) => f32(f32(size * m) / f32(f32(sqrt32(v, shadow) / root) + eps));
    return [f32(W + move(mW, vW)), f32(b + move(mb, vb)), [mW, mb, vW, vb, steps]];
  }
  return [fma32(f32(-lr), dW, W), fma32(f32(-lr), db, b), [mW, mb, vW, vb, steps]];
}

const NO_DIGITS = "—";  // the readouts' sign for a number not known

// The digits two costs share, in the page's form: the whole readout when they print alike,
// else fewer decimals (or fewer digits of the power-of-ten form) until they do.
function sharedDigits(a, b) {
  const text = readout(a, 6, true);
  if (text === readout(b, 6, true)) return text;
  const form = text.includes("e") ? scientific : fixed;
  for (let digits = form === fixed ? 5 : 2; digits >= 0; digits--) {
    if (form(a, digits) === form(b, digits)) return form(a, digits);
  }
  return NO_DIGITS;
}

// The last cost of a path as the page will print it when the run gets there: all of it where
// the preview computes as the run's engine does. Adam's float32 run goes through torch's
// square root: only the digits a shadow run with its doubtful roundings flipped shares. A
// float32 run not redone (no points: a big data set) gets no digits.
function printedCost(stats, run, path) {
  const last = path.cost[path.length - 1];
  if (!run.float32) return readout(last, 6, true);
  if (!run.points) return NO_DIGITS;
  if (run.optimizer !== "adam" || run.shadow || path.divergedAt >= 0) return readout(last, 6, true);
  const shadow = previewPath(stats, { ...run, shadow: true });
  if (shadow.divergedAt !== path.divergedAt) return NO_DIGITS;
  return sharedDigits(last, shadow.cost[shadow.length - 1]);
}

// Rows 0..epochs of a full-batch run (row k: after k updates, with the cost there), as
// Float64Arrays; `divergedAt` is the first epoch past `divergenceCost` (as the core counts),
// or -1; `printed`: the last cost as the page will print it (printedCost). `run` = {
// optimizer: "sgd" | "momentum" | "adam", lr, momentum, W, b, epochs, divergenceCost, memory,
// float32, points }: `memory` ([m_W, m_b, v_W, v_b, steps], zeros if left out) continues a run; `float32`: the
// lesson's engine will make the run, redone on `points` (its training points {x, y}) when
// given; else the fast engine's on `stats`.
export function previewPath(stats, run) {
  const { epochs, divergenceCost } = run, points = run.float32 && run.points;
  const W = new Float64Array(epochs + 1), b = new Float64Array(epochs + 1);
  const cost = new Float64Array(epochs + 1);
  const dWs = new Float64Array(epochs + 1), dbs = new Float64Array(epochs + 1);
  const work = points && [0, 1, 2].map(() => new Float32Array(points.x.length));
  const evaluate = points ? (w, c) => costAndGradient32(points, w, c, work)
    : (w, c) => costAndGradient(stats, w, c);
  const update = points ? update32 : update64;
  let memory = run.memory || [0, 0, 0, 0, 0];
  let w = points ? f32(run.W) : run.W, c = points ? f32(run.b) : run.b;
  let length = 0, divergedAt = -1;
  for (let k = 0; k <= epochs; k++) {
    const [value, dW, db] = evaluate(w, c);
    if (k > 0 && !(value <= divergenceCost && Number.isFinite(w) && Number.isFinite(c))) {
      divergedAt = k;
      break;
    }
    W[k] = w; b[k] = c; cost[k] = value; dWs[k] = dW; dbs[k] = db; length = k + 1;
    if (k === epochs) break;
    [w, c, memory] = update(run, w, c, dW, db, memory);
  }
  const path = { W, b, cost, dW: dWs, db: dbs, length, divergedAt };
  path.printed = printedCost(stats, run, path);
  return path;
}

// What the scrubber says of a path that ends at epoch `end` (null: no path, mini-batches),
// in the words `labels` of the page.
export function previewVerdict(path, labels, end) {
  if (!path) return labels.preview_none;
  if (path.divergedAt >= 0) return labels.preview_diverges.replace("{epoch}", path.divergedAt);
  return labels.preview_ends.replace("{cost}", path.printed).replace("{epoch}", end);
}

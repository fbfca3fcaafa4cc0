// The live preview: the path a full-batch run would take, computed in the browser while a
// hand moves a control. It mirrors linreg/quadratic.py (cost and gradient from the data's
// centred statistics) and linreg/optim.py (the updates) in float64, so it agrees with the
// core's fast engine to rounding; tests/browser/test_preview.py checks that on thousands
// of random cases. The run made on release always comes from the core.

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

// Rows 0..epochs of a full-batch run (row k: after k updates, with the cost there), as
// Float64Arrays; `divergedAt` is the first epoch past `divergenceCost` (as the core counts), or
// -1. `run` = { optimizer: "sgd" | "momentum" | "adam", lr, momentum, W, b, epochs,
// divergenceCost, memory }: `memory` ([m_W, m_b, v_W, v_b, steps], zeros if left out)
// continues a run.
export function previewPath(stats, run) {
  const { optimizer, lr, momentum, epochs, divergenceCost } = run;
  const W = new Float64Array(epochs + 1), b = new Float64Array(epochs + 1);
  const cost = new Float64Array(epochs + 1);
  const dWs = new Float64Array(epochs + 1), dbs = new Float64Array(epochs + 1);
  let [mW, mb, vW, vb, steps] = run.memory || [0, 0, 0, 0, 0];
  let w = run.W, c = run.b, length = 0, divergedAt = -1;
  for (let k = 0; k <= epochs; k++) {
    const [value, dW, db] = costAndGradient(stats, w, c);
    if (k > 0 && !(value <= divergenceCost && Number.isFinite(w) && Number.isFinite(c))) {
      divergedAt = k;
      break;
    }
    W[k] = w; b[k] = c; cost[k] = value; dWs[k] = dW; dbs[k] = db; length = k + 1;
    if (k === epochs) break;
    steps += 1;
    if (optimizer === "momentum") {
      mW = momentum * mW + dW; mb = momentum * mb + db;
      w -= lr * mW; c -= lr * mb;
    } else if (optimizer === "adam") {
      mW = ADAM_BETA1 * mW + (1 - ADAM_BETA1) * dW; mb = ADAM_BETA1 * mb + (1 - ADAM_BETA1) * db;
      vW = ADAM_BETA2 * vW + (1 - ADAM_BETA2) * dW * dW;
      vb = ADAM_BETA2 * vb + (1 - ADAM_BETA2) * db * db;
      const size = lr / (1 - ADAM_BETA1 ** steps), root = (1 - ADAM_BETA2 ** steps) ** 0.5;
      w -= size * mW / (vW ** 0.5 / root + ADAM_EPS);
      c -= size * mb / (vb ** 0.5 / root + ADAM_EPS);
    } else {
      w -= lr * dW; c -= lr * db;
    }
  }
  return { W, b, cost, dW: dWs, db: dbs, length, divergedAt };
}

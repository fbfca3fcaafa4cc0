// Finding a row of the run by its epoch (long runs are decimated, so rows skip epochs).

// The row of the latest epoch at or before `epoch`.
export function indexOf(p, epoch) {
  const e = p.rows.epoch;
  let lo = 0, hi = p.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (e[mid] <= epoch) lo = mid; else hi = mid - 1;
  }
  return lo;
}

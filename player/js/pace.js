// How fast playback goes: the speed chosen on the bar (capped for runs that would flash), or,
// on a page following its class's teacher, the teacher's.

// Reduced motion: the page's choice, or the system's.
export function reducedMotion(p) {
  return !!(p.data && p.data.reduced_motion) ||
    (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
}

export function speedValue(p) {
  const w = p.data && p.data.watch;
  if (w && w.follows && p.classSpeed) return p.classSpeed;
  const chosen = Number(p.speed.value) || 100;
  const cap = p.data && p.data.max_speed;
  return cap ? Math.min(chosen, cap) : chosen;
}

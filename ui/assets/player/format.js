// Numbers as the lesson prints them.
// Pure functions: no DOM, no player state (tests import this file on its own).

// Python's format(x, ".{d}f"): the exact binary value, rounded half to even.
export function fixed(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const [whole, frac] = exact.split(".");
  const kept = whole + frac.slice(0, digits);
  const rest = frac.slice(digits);
  let roundUp = false;
  if (rest[0] > "5") roundUp = true;
  else if (rest[0] === "5") {
    roundUp = /[1-9]/.test(rest.slice(1)) || (Number(kept[kept.length - 1]) % 2 === 1);
  }
  let digitsOut = kept;
  if (roundUp) {
    const arr = kept.split("").map(Number);
    let i = arr.length - 1;
    while (i >= 0) { if (arr[i] === 9) { arr[i] = 0; i--; } else { arr[i] += 1; break; } }
    digitsOut = (i < 0 ? "1" : "") + arr.join("");
  }
  const intLen = digitsOut.length - digits;
  let text = digits ? digitsOut.slice(0, intLen) + "." + digitsOut.slice(intLen) : digitsOut;
  const negative = x < 0 || Object.is(x, -0);
  return (negative ? "-" : "") + text;
}

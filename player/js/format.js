// Numbers as the lesson prints them, and a form that fits a readout when they grow.
// Pure functions: no DOM, no player state (tests import this file on its own).

// Characters a readout box always has room for (player.css sizes the type to fit them).
export const READOUT_WIDTH = 9;

const BITS = new DataView(new ArrayBuffer(8));

// The exact decimal value of |x| for a finite double, as [whole digits, fraction digits]:
// a double is mantissa · 2^shift, and 2^-k = 5^k / 10^k, so BigInt gives every digit.
function exactDecimal(x) {
  BITS.setFloat64(0, Math.abs(x));
  const bits = BITS.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mantissa = bits & 0xfffffffffffffn;
  if (biased) mantissa |= 0x10000000000000n;
  const shift = Math.max(biased, 1) - 1075;
  if (shift >= 0) return [(mantissa << BigInt(shift)).toString(), ""];
  const digits = (mantissa * 5n ** BigInt(-shift)).toString().padStart(1 - shift, "0");
  return [digits.slice(0, digits.length + shift), digits.slice(digits.length + shift)];
}

// The first `keep` digits of a digit string, rounded half to even on all the rest
// (the result is one digit longer when 9s carry over).
function roundHalfEven(digits, keep) {
  const kept = digits.slice(0, keep), rest = digits.slice(keep);
  const odd = kept.length > 0 && Number(kept[kept.length - 1]) % 2 === 1;
  const up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || odd));
  if (!up) return kept;
  return (BigInt(kept || "0") + 1n).toString().padStart(kept.length, "0");
}

function special(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return null;
}

function signOf(x) {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

// Python's format(x, ".{digits}f"): the exact binary value, rounded half to even.
export function fixed(x, digits) {
  const odd = special(x);
  if (odd !== null) return odd;
  const [whole, fraction] = exactDecimal(x);
  const all = roundHalfEven(whole + fraction.padEnd(digits, "0"), whole.length + digits);
  const cut = all.length - digits;
  return signOf(x) + (digits ? all.slice(0, cut) + "." + all.slice(cut) : all);
}

// Python's format(x, ".{digits}e") with the exponent's leading zeros dropped: 1.662e+4.
export function scientific(x, digits) {
  const odd = special(x);
  if (odd !== null) return odd;
  if (x === 0) return signOf(x) + (digits ? "0." + "0".repeat(digits) : "0") + "e+0";
  const [whole, fraction] = exactDecimal(x);
  const all = whole + fraction;
  const first = all.search(/[1-9]/);
  let exponent = whole.length - 1 - first;
  let kept = roundHalfEven(all.slice(first), digits + 1);
  if (kept.length > digits + 1) {  // 9.9996e3 rounds to 1.000e+4
    exponent += 1;
    kept = kept.slice(0, digits + 1);
  }
  const mantissa = digits ? kept[0] + "." + kept.slice(1) : kept;
  return signOf(x) + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
}

// A readout: the lesson's digits (format(x, ".3f"), or ".6f" for a cost) while they fit in
// READOUT_WIDTH characters; beyond that (a diverging run) the scientific form with as many
// digits as fit, -1.662e+4. A cost too small for six decimals (it would read 0.000000)
// shows its size too: 3.162e-9. Every value of the lesson's run keeps its lesson form.
export function readout(x, digits, cost = false) {
  const text = fixed(x, digits);
  if (special(x) !== null) return text;
  const vanished = cost && x !== 0 && !/[1-9]/.test(text);
  if (text.length <= READOUT_WIDTH && !vanished) return text;
  for (let d = 3; d > 0; d--) {
    const short = scientific(x, d);
    if (short.length <= READOUT_WIDTH) return short;
  }
  return scientific(x, 0);
}

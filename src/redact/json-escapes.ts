/**
 * JSON string escapes, for two jobs. Agent transcripts are JSON Lines, so a secret is often
 * stored escaped (`password: \"…\"`, a PEM block with `\n`): `unescapeView` gives the rules the
 * text a person would see, with a map back to the raw bytes. And a redacted span must never
 * cut an escape in half (`\` + `[REDACTED…` is invalid JSON): `escapeSafeSpan` widens a span
 * to whole escape sequences. Both run on every input, JSON or not; on other text they only
 * ever add a view or widen a span by the few bytes of a backslash sequence.
 */

const BACKSLASH = 0x5c;
const SIMPLE: Readonly<Record<number, number>> = {
  0x22: 0x22, // \"
  0x5c: 0x5c, // \\
  0x2f: 0x2f, // \/
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
};

function hexValue(bytes: Buffer, at: number): number {
  if (at + 4 > bytes.length) return -1;
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i] ?? 0;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

/** A backslash at `at` starts an escape when the run of backslashes before it is even. */
function startsEscape(bytes: Buffer, at: number): boolean {
  if (bytes[at] !== BACKSLASH || at + 1 >= bytes.length) return false;
  let run = 0;
  for (let i = at - 1; i >= 0 && bytes[i] === BACKSLASH; i--) run++;
  return run % 2 === 0;
}

/** Length of the escape sequence starting at `at` (6 for `\uXXXX`, else 2). */
function escapeLength(bytes: Buffer, at: number): number {
  return bytes[at + 1] === 0x75 && hexValue(bytes, at + 2) >= 0 ? 6 : 2;
}

/** Widens [start, end) so that neither end falls inside an escape sequence. */
export function escapeSafeSpan(bytes: Buffer, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  for (let b = s - 1; b >= Math.max(0, s - 5); b--) {
    if (startsEscape(bytes, b)) {
      if (b + escapeLength(bytes, b) > s) s = b;
      break;
    }
  }
  for (let b = e - 1; b >= Math.max(s, e - 5); b--) {
    if (startsEscape(bytes, b)) {
      e = Math.max(e, b + escapeLength(bytes, b));
      break;
    }
  }
  return [s, Math.min(e, bytes.length)];
}

/**
 * The text with one level of JSON escapes undone, and the way back: `startOf(i)` / `endOf(i)`
 * are the raw offsets of the escape (or plain byte) that produced view byte i. The map is
 * sparse — one entry per escape, not per byte — so building a view costs little more than
 * copying the bytes between escapes.
 */
export interface EscapeView {
  readonly bytes: Buffer;
  startOf(i: number): number;
  endOf(i: number): number;
  /** Number of escapes undone; `siteStart(k)` / `siteEnd(k)` bound escape k's bytes in the view. */
  readonly sites: number;
  siteStart(k: number): number;
  siteEnd(k: number): number;
}

class SparseView implements EscapeView {
  constructor(
    readonly bytes: Buffer,
    /** Per escape: where its bytes start in the view and the raw text, and their lengths. */
    private readonly viewAt: Int32Array,
    private readonly viewLen: Uint8Array,
    private readonly rawAt: Int32Array,
    private readonly rawLen: Uint8Array,
    private readonly count: number,
  ) {}

  get sites(): number {
    return this.count;
  }

  siteStart(k: number): number {
    return this.viewAt[k] ?? 0;
  }

  siteEnd(k: number): number {
    return (this.viewAt[k] ?? 0) + (this.viewLen[k] ?? 0);
  }

  /** Index of the last escape starting at or before view offset i, or -1. */
  private unit(i: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.viewAt[mid] ?? 0) <= i) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private locate(i: number): [number, number] {
    const k = this.unit(i);
    if (k === -1) return [i, i + 1];
    const vStart = this.viewAt[k] ?? 0;
    const vEnd = vStart + (this.viewLen[k] ?? 0);
    const rStart = this.rawAt[k] ?? 0;
    const rEnd = rStart + (this.rawLen[k] ?? 0);
    if (i < vEnd) return [rStart, rEnd];
    const raw = rEnd + (i - vEnd);
    return [raw, raw + 1];
  }

  startOf(i: number): number {
    return this.locate(i)[0];
  }

  endOf(i: number): number {
    return this.locate(i)[1];
  }
}

/** Does `raw` hold a JSON escape, i.e. would `unescapeView` give a view? (Without building it.) */
export function hasEscape(raw: Buffer): boolean {
  for (let i = raw.indexOf(BACKSLASH); i !== -1; i = raw.indexOf(BACKSLASH, i + 1)) {
    const next = raw[i + 1];
    if (next === undefined) return false;
    if (SIMPLE[next] !== undefined || (next === 0x75 && hexValue(raw, i + 2) >= 0)) return true;
  }
  return false;
}

/**
 * `raw[from, to)` into `out` at `n`; returns the new `n`. Escapes in a transcript are a few dozen
 * bytes apart, and `Buffer#copy` costs ~0.2 µs a call: a loop is faster for short gaps.
 */
function copyInto(out: Buffer, n: number, raw: Buffer, from: number, to: number): number {
  if (to - from > 64) return n + raw.copy(out, n, from, to);
  for (let j = from; j < to; j++) out[n++] = raw[j] ?? 0;
  return n;
}

export function unescapeView(raw: Buffer): EscapeView | undefined {
  let i = raw.indexOf(BACKSLASH);
  if (i === -1) return undefined;
  let capacity = 64;
  let viewAt = new Int32Array(capacity);
  let viewLen = new Uint8Array(capacity);
  let rawAt = new Int32Array(capacity);
  let rawLen = new Uint8Array(capacity);
  let count = 0;
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  let copied = 0;
  while (i !== -1) {
    const next = raw[i + 1];
    const simple = next === undefined ? undefined : SIMPLE[next];
    let produced: Buffer | number | undefined;
    let to = i + 2;
    if (simple !== undefined) {
      produced = simple;
    } else if (next === 0x75 && hexValue(raw, i + 2) >= 0) {
      let code = hexValue(raw, i + 2);
      to = i + 6;
      // A surrogate pair is two escapes that make one character.
      if (code >= 0xd800 && code <= 0xdbff && raw[to] === BACKSLASH && raw[to + 1] === 0x75) {
        const low = hexValue(raw, to + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          to += 6;
        }
      }
      produced = Buffer.from(String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code), 'utf8');
    }
    if (produced === undefined) {
      // Not a JSON escape: the backslash stays an ordinary byte.
      i = raw.indexOf(BACKSLASH, i + 1);
      continue;
    }
    n = copyInto(out, n, raw, copied, i);
    if (count === capacity) {
      capacity *= 2;
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(capacity);
        b.set(a);
        return b;
      };
      viewAt = grow(viewAt, (c) => new Int32Array(c));
      viewLen = grow(viewLen, (c) => new Uint8Array(c));
      rawAt = grow(rawAt, (c) => new Int32Array(c));
      rawLen = grow(rawLen, (c) => new Uint8Array(c));
    }
    viewAt[count] = n;
    rawAt[count] = i;
    rawLen[count] = to - i;
    if (typeof produced === 'number') {
      out[n++] = produced;
      viewLen[count] = 1;
    } else {
      n += produced.copy(out, n);
      viewLen[count] = produced.length;
    }
    count++;
    copied = to;
    i = raw.indexOf(BACKSLASH, copied);
  }
  if (count === 0) return undefined;
  n += raw.copy(out, n, copied);
  return new SparseView(out.subarray(0, n), viewAt, viewLen, rawAt, rawLen, count);
}

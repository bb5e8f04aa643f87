/**
 * Where the secrets are in a window of text, as raw byte spans safe to replace.
 *
 * Agent transcripts are JSON Lines, and a secret inside a JSON string is stored escaped: the
 * quotes around `"password": "…"` become `\"`, a `.env` pasted into a prompt has `\n` where
 * its lines end, and a tool call's arguments serialised inside a record are escaped twice.
 * Rules are written for the text a person sees, so the engine runs on an unescaped view of the
 * window (two levels deep when needed) and the spans are mapped back to the raw bytes. On a
 * JSON Lines window the view replaces the raw bytes: outside strings JSON has no escapes, and
 * rules written to also accept escaped text (`[\\"']`, `\s` for a PEM's `\n`) match its
 * unescaped form as well — one engine pass, not two. Other text is matched raw, and its
 * unescaped view too when it has escapes (a log line quoting JSON). Overlapping spans are
 * merged so each byte is replaced once.
 *
 * A deeper view differs from the level it was made from only at its escapes, and everywhere
 * else that level was matched already: so a deeper view is matched only in segments around its
 * escapes (whole lines, at least NEAR bytes either side), not in full. Transcripts have a few
 * twice-escaped strings (`\\n` in a code file that was read) in almost every window, and a
 * full second pass would cost as much as the first.
 */
import { type DetectOptions, type LocatedSecret, locateSecrets } from '../engine/detect.js';
import type { Ruleset } from '../rules/compile.js';
import { escapeSafeSpan, type EscapeView, hasEscape, unescapeView } from './json-escapes.js';

export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  /** The secret the placeholder is derived from (the earliest, longest one when spans merged). */
  readonly found: LocatedSecret;
}

export interface LocateContext {
  readonly ruleset: Ruleset;
  /** Path the rules' `paths` are matched against. */
  readonly path: string;
  readonly options?: DetectOptions;
}

/** A view and its way back to the raw window (composed through the levels above it). */
interface Level {
  readonly bytes: Buffer;
  readonly startOf: (i: number) => number;
  readonly endOf: (i: number) => number;
}

function deeper(level: Level, view: EscapeView): Level {
  return {
    bytes: view.bytes,
    startOf: (i) => level.startOf(view.startOf(i)),
    endOf: (i) => level.endOf(view.endOf(i) - 1),
  };
}

const OPENERS = new Set([0x7b, 0x5b]); // { [
const SAMPLE_LINES = 8;

/** Does the window hold JSON Lines? Judged from the lines that start inside it; `previous` when none do. */
function looksLikeJson(window: Buffer, atLineStart: boolean, previous: boolean): boolean {
  const nextLine = (from: number): number => {
    const newline = window.indexOf(0x0a, from);
    return newline === -1 ? -1 : newline + 1;
  };
  let json = 0;
  let other = 0;
  let at = atLineStart ? 0 : nextLine(0);
  while (at !== -1 && at < window.length && json + other < SAMPLE_LINES) {
    let c = window[at];
    while (c === 0x20 || c === 0x09) c = window[++at];
    if (c !== undefined && c !== 0x0a && c !== 0x0d) {
      if (OPENERS.has(c)) json++;
      else other++;
    }
    at = nextLine(at);
  }
  return json + other === 0 ? previous : json > other;
}

/** Context matched around each escape of a deeper view (more than any rule's usual reach). */
const NEAR = 2048;

/**
 * Ascending, disjoint [start, end) segments of `view` that hold its escapes with at least NEAR
 * bytes of context either side, widened to whole lines when a line break is within NEAR more
 * (so `^` and `$` in a rule see the real line edges).
 */
export function segmentsNear(view: EscapeView): [number, number][] {
  const bytes = view.bytes;
  const lineStart = (at: number): number => {
    const from = Math.max(0, at - NEAR);
    const newline = bytes.subarray(from, at).lastIndexOf(0x0a);
    return newline !== -1 ? from + newline + 1 : from === 0 ? 0 : at;
  };
  const lineEnd = (at: number): number => {
    const to = Math.min(bytes.length, at + NEAR);
    const newline = bytes.subarray(at, to).indexOf(0x0a);
    return newline !== -1 ? at + newline + 1 : to === bytes.length ? to : at;
  };
  const out: [number, number][] = [];
  for (let k = 0; k < view.sites; k++) {
    const from = lineStart(Math.max(0, view.siteStart(k) - NEAR));
    const last = out[out.length - 1];
    // Sites ascend: skip the line search while a site falls inside the current segment.
    if (last !== undefined && view.siteEnd(k) + NEAR <= last[1]) continue;
    const to = lineEnd(Math.min(bytes.length, view.siteEnd(k) + NEAR));
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/**
 * Whether a window is matched as JSON Lines, judged from the lines that start in it (`atLineStart`:
 * its first byte begins one), so the decision carries over from the window before (`previous`)
 * when it has no escapes or no line starts in it. Everything else depends on the window alone
 * (`spansIn`), which is what lets windows be matched on several threads at once.
 */
export function jsonLines(window: Buffer, atLineStart: boolean, previous: boolean): boolean {
  return hasEscape(window) ? looksLikeJson(window, atLineStart, previous) : previous;
}

/** Spans in `window`, matched as JSON Lines (`json`) or as other text. */
export function spansIn(ctx: LocateContext, window: Buffer, json: boolean): SecretSpan[] {
  const { ruleset, path, options } = ctx;
  const spans: SecretSpan[] = [];
  const find = (level: Level, raw: boolean, from = 0, to = level.bytes.length): void => {
    const bytes = from === 0 && to === level.bytes.length ? level.bytes : level.bytes.subarray(from, to);
    for (const found of locateSecrets(bytes, false, path, ruleset, options)) {
      const end = throughKeyEnd(level.bytes, from + found.start, from + found.end);
      let start = level.startOf(from + found.start);
      let stop = level.endOf(end - 1);
      if (raw) [start, stop] = escapeSafeSpan(window, start, stop);
      spans.push({ start, end: stop, found });
    }
  };
  /** A deeper view, matched only around its escapes (the rest was matched one level up). */
  const findNear = (level: Level, view: EscapeView): void => {
    const segments = segmentsNear(view);
    let covered = 0;
    for (const [a, b] of segments) covered += b - a;
    if (covered * 2 > level.bytes.length) find(level, false);
    else for (const [a, b] of segments) find(level, false, a, b);
  };
  const raw: Level = { bytes: window, startOf: (i) => i, endOf: (i) => i + 1 };
  const first = unescapeView(window);
  if (first === undefined) {
    find(raw, true);
    return mergeSpans(spans);
  }
  const view = deeper(raw, first);
  if (json) find(view, false);
  else {
    find(raw, true);
    findNear(view, first);
  }
  const second = unescapeView(view.bytes);
  if (second !== undefined) findNear(deeper(view, second), second);
  return mergeSpans(spans);
}

const BEGIN = Buffer.from('BEGIN');
const END = Buffer.from('END');
const PRIVATE_KEY = Buffer.from('PRIVATE KEY');
/** Far enough for an 8192-bit RSA key, JSON-escaped. */
const MAX_KEY_BLOCK = 12 * 1024;

/**
 * A rule may report only the head of a private key block (a bounded regex); a redactor must not
 * leave the rest of the key readable, so a span that opens a `BEGIN … PRIVATE KEY` block runs
 * through its `END … PRIVATE KEY` marker line.
 */
export function throughKeyEnd(bytes: Buffer, start: number, end: number): number {
  const head = bytes.subarray(start, Math.min(bytes.length, start + 64));
  if (!head.includes(BEGIN) || !head.includes(PRIVATE_KEY)) return end;
  const limit = Math.min(bytes.length, start + MAX_KEY_BLOCK);
  let at = bytes.indexOf(END, Math.max(start, end - 3));
  while (at !== -1 && at < limit) {
    const key = bytes.indexOf(PRIVATE_KEY, at);
    if (key !== -1 && key - at <= 32) {
      let stop = key + PRIVATE_KEY.length;
      for (const tail of [' BLOCK', ' ', '-', '-', '-', '-', '-']) {
        if (bytes.subarray(stop, stop + tail.length).toString('latin1') === tail) stop += tail.length;
      }
      return Math.max(end, stop);
    }
    at = bytes.indexOf(END, at + 1);
  }
  return end;
}

/** Sorted, non-overlapping spans; a merged span keeps the secret that starts first (then the longest). */
export function mergeSpans(spans: readonly SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) {
      if (span.end > last.end) out[out.length - 1] = { ...last, end: span.end };
      continue;
    }
    out.push(span);
  }
  return out;
}

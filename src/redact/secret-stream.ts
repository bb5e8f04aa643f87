/**
 * Secrets in an endless byte stream with bounded memory. Bytes are scanned in windows of about
 * `chunk` bytes; each window also sees up to `overlap` bytes already emitted before it (so a
 * keyword just before a value still counts) and holds back its last `overlap` bytes, which are
 * emitted only after the next window has scanned them with what follows. A secret no longer
 * than `overlap` is therefore always seen whole, wherever the read chunks happened to split it.
 * Windows end at line breaks when there is one in reach (lines are the natural unit of logs
 * and JSON Lines), otherwise on a UTF-8 character boundary.
 *
 * Windows are planned before the earlier ones' spans are known, so that up to `ahead` of them
 * can be matched at once (on other threads): where a window stops emitting depends on its bytes
 * alone, unless a span found in it runs past that point, and only a secret that crosses a line
 * break can (JSON Lines hold none). Then the windows planned after it started too early: they
 * are dropped and planned again from the span's end. Output is exactly what matching one window
 * at a time gives.
 *
 * Output is a sequence of pieces: consecutive raw bytes plus the spans in them to replace.
 * Pieces concatenate to exactly the input.
 */
import { SNIFF_BYTES, sniff } from '../engine/encoding.js';
import { jsonLines, type SecretSpan } from './locate.js';

export const DEFAULT_CHUNK = 1024 * 1024;
/** Longer than any secret a rule reports (PEM blocks of 4096-bit keys are ~3.3 KB). */
export const DEFAULT_OVERLAP = 16 * 1024;

export type StreamMode = 'text' | 'binary' | 'utf-16';

export interface Piece {
  readonly bytes: Buffer;
  /** Absolute offset of `bytes[0]` in the stream. */
  readonly offset: number;
  /** Spans to replace, relative to `bytes`, sorted and disjoint. */
  readonly spans: readonly SecretSpan[];
}

/** The spans in a window, matched as JSON Lines (`json`) or as other text. */
export type Locate = (window: Buffer, json: boolean) => SecretSpan[] | Promise<SecretSpan[]>;

export interface StreamOptions {
  readonly chunk?: number;
  readonly overlap?: number;
  /** Windows matched ahead of the one being emitted (default 0: one at a time). */
  readonly ahead?: number;
}

/** Where the next window begins, and what carries over into it. */
interface Cursor {
  /** Absolute offset of its first byte (its look-behind context starts there). */
  readonly from: number;
  /** Absolute offset where it starts emitting: everything before was emitted. */
  readonly base: number;
  readonly atLineStart: boolean;
  /** The JSON Lines decision so far. */
  readonly json: boolean;
}

interface Planned {
  readonly window: Buffer;
  readonly from: number;
  readonly atLineStart: boolean;
  /** Where emitting starts and (unless a span runs on) stops, relative to `window`. */
  readonly base: number;
  readonly cut: number;
  readonly json: boolean;
  readonly spans: Promise<SecretSpan[]>;
  settled: boolean;
}

const NEWLINE = 0x0a;

export class SecretStream {
  private readonly chunk: number;
  private readonly overlap: number;
  private readonly ahead: number;
  private mode: StreamMode | undefined;
  private readonly log = new InputLog();
  private cursor: Cursor = { from: 0, base: 0, atLineStart: true, json: false };
  private planned: Planned[] = [];
  private emitted = 0;
  /** Windows dropped because a span ran past the cut of the one before (tests check this path). */
  replanned = 0;

  constructor(
    private readonly locate: Locate,
    options: StreamOptions = {},
  ) {
    this.chunk = Math.max(1, options.chunk ?? DEFAULT_CHUNK);
    this.overlap = Math.max(0, options.overlap ?? DEFAULT_OVERLAP);
    this.ahead = Math.max(0, options.ahead ?? 0);
  }

  /** How the stream was classified (known once enough bytes were seen). */
  get kind(): StreamMode | undefined {
    return this.mode;
  }

  async push(data: Buffer): Promise<Piece[]> {
    if (data.length === 0) return [];
    if (this.mode === 'binary' || this.mode === 'utf-16') return [this.passThrough(data)];
    this.log.append(data);
    const out: Piece[] = [];
    if (this.mode === undefined) {
      if (this.log.end < SNIFF_BYTES) return out;
      out.push(...this.classify());
      if (this.mode !== 'text') return out;
    }
    await this.drain(false, out);
    return out;
  }

  async end(): Promise<Piece[]> {
    const out: Piece[] = [];
    if (this.mode === undefined) out.push(...this.classify());
    if (this.mode === 'text') await this.drain(true, out);
    return out;
  }

  /**
   * Plans windows while there are bytes for them and `ahead` allows, and emits the oldest ones
   * whose spans are known; at the end (`final`), waits for all of them.
   */
  private async drain(final: boolean, out: Piece[]): Promise<void> {
    for (;;) {
      const whole = this.log.end - this.cursor.base >= this.chunk + this.overlap;
      const last = final && !whole && this.cursor.base < this.log.end;
      const head = this.planned[0];
      if (head !== undefined && (head.settled || this.planned.length > this.ahead || (final && !whole && !last))) {
        out.push(await this.emit());
      } else if (whole || last) this.plan(last);
      else return;
    }
  }

  private passThrough(bytes: Buffer): Piece {
    const piece = { bytes, offset: this.emitted, spans: [] };
    this.emitted += bytes.length;
    return piece;
  }

  /** Decides text / binary / UTF-16 from the first bytes; a UTF-8 BOM is emitted on its own. */
  private classify(): Piece[] {
    const head = this.log.slice(0, this.log.end);
    // The same decision as `leakproof scan` makes (engine/encoding.ts), so the two agree.
    const encoding = sniff(head);
    if (encoding !== 'text') {
      this.mode = encoding === 'binary' ? 'binary' : 'utf-16';
      this.log.dropBefore(this.log.end);
      return [this.passThrough(head)];
    }
    this.mode = 'text';
    if (!(head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)) return [];
    this.cursor = { ...this.cursor, from: 3, base: 3 };
    return [this.passThrough(head.subarray(0, 3))];
  }

  /** Starts matching the next window; `final` takes every byte left. */
  private plan(final: boolean): void {
    const { from, base, atLineStart, json: previous } = this.cursor;
    const window = this.log.slice(from, final ? this.log.end : base + this.chunk + this.overlap);
    const json = jsonLines(window, atLineStart, previous);
    const cut = final ? window.length : this.cut(window, base - from);
    const planned: Planned = { window, from, atLineStart, base: base - from, cut, json, spans: (async () => this.locate(window, json))(), settled: false };
    // Also handles the rejection of a window dropped unread; `emit` rethrows it for one read.
    planned.spans.then(
      () => (planned.settled = true),
      () => (planned.settled = true),
    );
    this.planned.push(planned);
    this.cursor = this.after(planned, cut);
  }

  /** Emits the oldest planned window, up to its cut or the end of a span that runs past it. */
  private async emit(): Promise<Piece> {
    const planned = this.planned.shift() as Planned;
    const { window, base, cut } = planned;
    let end = cut;
    const chosen: SecretSpan[] = [];
    for (const span of await planned.spans) {
      if (span.end <= base) continue; // emitted by an earlier window
      if (span.start >= end) break;
      // A span that started in bytes already emitted cannot be undone; replace what is left of it.
      chosen.push({ ...span, start: Math.max(span.start, base) - base, end: span.end - base });
      end = Math.max(end, span.end);
    }
    if (end > cut) {
      this.replanned += this.planned.length;
      this.planned = [];
      this.cursor = this.after(planned, end);
    }
    const bytes = window.subarray(base, end);
    const piece: Piece = { bytes, offset: this.emitted, spans: chosen };
    this.emitted += bytes.length;
    this.log.dropBefore(this.planned[0]?.from ?? this.cursor.from);
    return piece;
  }

  /** The window after `planned` when it emits up to `end`: look-behind from a line start when that keeps most of it. */
  private after(planned: Planned, end: number): Cursor {
    const { window } = planned;
    let from = Math.max(0, end - this.overlap);
    const newline = window.indexOf(NEWLINE, from);
    from = newline !== -1 && newline < end && end - (newline + 1) >= this.overlap / 2 ? newline + 1 : charBoundary(window, from);
    return {
      from: planned.from + from,
      base: planned.from + end,
      atLineStart: from === 0 ? planned.atLineStart : window[from - 1] === NEWLINE,
      json: planned.json,
    };
  }

  /** Where a non-final window stops emitting: after the last newline before the held-back tail. */
  private cut(window: Buffer, base: number): number {
    const limit = window.length - this.overlap;
    const newline = window.lastIndexOf(NEWLINE, limit - 1);
    if (newline >= base) return newline + 1;
    const at = charBoundary(window, Math.max(limit, base + 1));
    // Never emit nothing: a window must make progress even inside one long character run.
    return at > base ? at : nextCharBoundary(window, base + 1);
  }
}

/** The input bytes still needed (by the windows in flight and the next one), by absolute offset. */
class InputLog {
  private parts: Buffer[] = [];
  /** Absolute offset of `parts[0][0]`. */
  private start = 0;
  /** Absolute offset just past the last byte read. */
  end = 0;

  append(bytes: Buffer): void {
    this.parts.push(bytes);
    this.end += bytes.length;
  }

  /** Bytes [from, to), copied only when they span more than one read. */
  slice(from: number, to: number): Buffer {
    let at = this.start;
    const pieces: Buffer[] = [];
    for (const part of this.parts) {
      const next = at + part.length;
      if (next > from && at < to) pieces.push(part.subarray(Math.max(0, from - at), Math.min(part.length, to - at)));
      at = next;
      if (at >= to) break;
    }
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  }

  /** Forgets the reads that end at or before `at`. */
  dropBefore(at: number): void {
    let drop = 0;
    while (drop < this.parts.length && this.start + (this.parts[drop] as Buffer).length <= at) this.start += (this.parts[drop++] as Buffer).length;
    if (drop > 0) this.parts = this.parts.slice(drop);
  }
}

function nextCharBoundary(bytes: Buffer, at: number): number {
  let i = at;
  while (i < bytes.length && ((bytes[i] ?? 0) & 0xc0) === 0x80) i++;
  return i;
}

/** Moves `at` back to the start of the UTF-8 character it falls in. */
function charBoundary(bytes: Buffer, at: number): number {
  let i = at;
  while (i > 0 && i < bytes.length && ((bytes[i] ?? 0) & 0xc0) === 0x80) i--;
  return i;
}

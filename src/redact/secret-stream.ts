/**
 * Secrets in an endless byte stream with bounded memory. Bytes are scanned in windows of about
 * `chunk` bytes; each window also sees up to `overlap` bytes already emitted before it (so a
 * keyword just before a value still counts) and holds back its last `overlap` bytes, which are
 * emitted only after the next window has scanned them with what follows. A secret no longer
 * than `overlap` is therefore always seen whole, wherever the read chunks happened to split it.
 * Windows end at line breaks when there is one in reach (lines are the natural unit of logs
 * and JSON Lines), otherwise on a UTF-8 character boundary.
 *
 * Output is a sequence of pieces: consecutive raw bytes plus the spans in them to replace.
 * Pieces concatenate to exactly the input.
 */
import { SNIFF_BYTES, sniff } from '../engine/encoding.js';
import type { SecretSpan } from './locate.js';

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

export interface StreamOptions {
  readonly chunk?: number;
  readonly overlap?: number;
}

const NEWLINE = 0x0a;

export class SecretStream {
  private readonly chunk: number;
  private readonly overlap: number;
  private mode: StreamMode | undefined;
  /** Emitted bytes kept as look-behind context. */
  private context: Buffer = Buffer.alloc(0);
  /** Does `context` (or, without context, the pending bytes) begin a line? */
  private atLineStart = true;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private emitted = 0;

  constructor(
    private readonly locate: (window: Buffer, atLineStart: boolean) => SecretSpan[] | Promise<SecretSpan[]>,
    options: StreamOptions = {},
  ) {
    this.chunk = Math.max(1, options.chunk ?? DEFAULT_CHUNK);
    this.overlap = Math.max(0, options.overlap ?? DEFAULT_OVERLAP);
  }

  /** How the stream was classified (known once enough bytes were seen). */
  get kind(): StreamMode | undefined {
    return this.mode;
  }

  async push(data: Buffer): Promise<Piece[]> {
    if (data.length === 0) return [];
    if (this.mode === 'binary' || this.mode === 'utf-16') return [this.passThrough(data)];
    this.pending.push(data);
    this.pendingLength += data.length;
    const out: Piece[] = [];
    if (this.mode === undefined) {
      if (this.pendingLength < SNIFF_BYTES) return out;
      out.push(...this.classify());
      if (this.mode !== 'text') return out;
    }
    while (this.pendingLength >= this.chunk + this.overlap) out.push(await this.window(false));
    return out;
  }

  async end(): Promise<Piece[]> {
    const out: Piece[] = [];
    if (this.mode === undefined) out.push(...this.classify());
    if (this.mode === 'text' && this.pendingLength > 0) out.push(await this.window(true));
    return out;
  }

  private passThrough(bytes: Buffer): Piece {
    const piece = { bytes, offset: this.emitted, spans: [] };
    this.emitted += bytes.length;
    return piece;
  }

  /** Decides text / binary / UTF-16 from the first bytes; a UTF-8 BOM is emitted on its own. */
  private classify(): Piece[] {
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingLength = 0;
    // The same decision as `leakproof scan` makes (engine/encoding.ts), so the two agree.
    const encoding = sniff(head);
    if (encoding !== 'text') {
      this.mode = encoding === 'binary' ? 'binary' : 'utf-16';
      return [this.passThrough(head)];
    }
    this.mode = 'text';
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const rest = bom ? head.subarray(3) : head;
    if (rest.length > 0) {
      this.pending = [rest];
      this.pendingLength = rest.length;
    }
    return bom ? [this.passThrough(head.subarray(0, 3))] : [];
  }

  private async window(final: boolean): Promise<Piece> {
    const base = this.context.length;
    // One copy per window: look-behind and pending reads together.
    const window = base === 0 && this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat([this.context, ...this.pending]);
    const spans = await this.locate(window, this.atLineStart);

    let end = final ? window.length : this.cut(window, base);
    const chosen: SecretSpan[] = [];
    for (const span of spans) {
      if (span.end <= base) continue; // emitted by an earlier window
      if (span.start >= end) break;
      // A span that started in bytes already emitted cannot be undone; replace what is left of it.
      chosen.push({ ...span, start: Math.max(span.start, base) - base, end: span.end - base });
      end = Math.max(end, span.end);
    }
    const bytes = window.subarray(base, end);
    const piece: Piece = { bytes, offset: this.emitted, spans: chosen };
    this.emitted += bytes.length;

    const rest = window.subarray(end);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    const from = this.contextStart(window, end);
    this.atLineStart = from === 0 ? this.atLineStart : window[from - 1] === NEWLINE;
    this.context = window.subarray(from, end);
    return piece;
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

  /** Look-behind for the next window: the last `overlap` bytes, from a line start when that keeps most of them. */
  private contextStart(window: Buffer, end: number): number {
    const from = Math.max(0, end - this.overlap);
    const newline = window.indexOf(NEWLINE, from);
    if (newline !== -1 && newline < end && end - (newline + 1) >= this.overlap / 2) return newline + 1;
    return charBoundary(window, from);
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

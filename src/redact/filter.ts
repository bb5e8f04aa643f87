/**
 * The redact filter: a byte stream in, the same stream out with every detected secret replaced
 * by its placeholder. Nothing else changes: bytes outside the spans are copied as they are, and
 * binary or UTF-16 input passes through untouched, and is then checked whole by `detect` so the
 * caller can say whether secrets went through unredacted.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect } from '../engine/detect.js';
import { LocatePool } from '../workers/locate-pool.js';
import { defaultThreads, WORKER_URL } from '../workers/pool.js';
import type { Piece, StreamMode, StreamOptions } from './secret-stream.js';
import { SecretStream } from './secret-stream.js';
import { type LocateContext, spansIn } from './locate.js';
import { placeholder } from './placeholder.js';

export interface RedactStats {
  /** How the input was classified; only `text` is redacted. */
  readonly mode: StreamMode;
  readonly bytesIn: number;
  readonly redactions: number;
  /** Rule id → number of spans replaced. */
  readonly byRule: ReadonlyMap<string, number>;
  /**
   * Secrets `detect` finds in input that was passed through unredacted (binary, UTF-16): 0 for
   * text; undefined when such input was too large to hold and check.
   */
  readonly unredacted: number | undefined;
}

/** Binary and UTF-16 input is held (to be checked whole by `detect`) up to this size. */
export const MAX_UNREDACTED_CHECK = 100 * 1024 * 1024;

/**
 * Input after which worker threads start: one window's worth, so they warm up (compile rules,
 * build DFAs) while this thread matches the first windows, and a short log never pays for them.
 */
const POOL_AFTER_BYTES = 1024 * 1024;

export type Sink = (bytes: Buffer) => void | Promise<void>;

export interface RedactOptions extends StreamOptions {
  /**
   * Threads that match windows together (default: one per core). Workers start only after
   * POOL_AFTER_BYTES of input.
   */
  readonly threads?: number;
}

/** One piece with its spans replaced. */
export function rewrite(piece: Piece): Buffer {
  if (piece.spans.length === 0) return piece.bytes;
  const parts: Buffer[] = [];
  let at = 0;
  for (const span of piece.spans) {
    parts.push(piece.bytes.subarray(at, span.start), Buffer.from(placeholder(span.found.rule.id, span.found.secret), 'utf8'));
    at = span.end;
  }
  parts.push(piece.bytes.subarray(at));
  return Buffer.concat(parts);
}

export async function redactStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  sink: Sink,
  ctx: LocateContext,
  options: RedactOptions = {},
): Promise<RedactStats> {
  const threads = options.threads ?? defaultThreads();
  let pool: LocatePool | undefined;
  let poolTried = false;
  let bytesIn = 0;
  const stream = new SecretStream(
    async (window, json) => {
      if (!poolTried && threads > 1 && bytesIn >= POOL_AFTER_BYTES && existsSync(fileURLToPath(WORKER_URL))) {
        poolTried = true;
        pool = await LocatePool.start(ctx, threads - 1);
      }
      return pool === undefined ? spansIn(ctx, window, json) : pool.locate(window, json);
    },
    // Enough windows in flight that no thread waits for the next one.
    { ahead: threads > 1 ? 2 * threads : 0, ...options },
  );
  const byRule = new Map<string, number>();
  let redactions = 0;
  const emit = async (pieces: Piece[]): Promise<void> => {
    for (const piece of pieces) {
      for (const span of piece.spans) byRule.set(span.found.rule.id, (byRule.get(span.found.rule.id) ?? 0) + 1);
      redactions += piece.spans.length;
      if (piece.bytes.length > 0) await sink(rewrite(piece));
    }
  };
  // Until the stream is known to be text, keep its bytes: binary and UTF-16 pass through, and
  // whether they held a secret must still be said.
  let held: Buffer[] | undefined = [];
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytesIn += bytes.length;
      if (held !== undefined && stream.kind !== 'text') held.push(bytes);
      if (bytesIn > MAX_UNREDACTED_CHECK) held = undefined;
      await emit(await stream.push(bytes));
      if (stream.kind === 'text') held = undefined;
    }
    await emit(await stream.end());
  } finally {
    await pool?.close();
  }
  const mode = stream.kind ?? 'text';
  if (mode === 'text') return { mode, bytesIn, redactions, byRule, unredacted: 0 };
  const unredacted = held === undefined ? undefined : detect({ path: ctx.path, content: Buffer.concat(held) }, ctx.ruleset, ctx.options).length;
  return { mode, bytesIn, redactions, byRule, unredacted };
}

/**
 * Detection over content too large to hold at once: fixed-size chunks that overlap by the
 * longest possible match, so memory stays bounded (one chunk buffer) and a secret that straddles
 * a chunk edge is still found — whole, in the chunk where it starts.
 *
 * The encoding is decided once, from the file's first bytes (`sniff`): the first chunk is
 * decoded as a whole file would be, every later chunk is matched as that same kind — a later
 * chunk starting with `FF FE` or holding an early NUL changes nothing. UTF-16 content cannot be
 * cut into byte chunks and must be read whole (`detectChunked` refuses it).
 *
 * Each chunk is handed to `detect`; a finding belongs to the chunk in
 * which it starts before the chunk's "owned" end (the next chunk starts scanning there), and
 * its line/column are shifted by what came before. Chunks end at a line start when one is near,
 * so positions and inline `leakproof:allow` directives behave as in a whole-file scan.
 *
 * Pure: the bytes come from an injected reader.
 */
import type { Finding, ScanTarget } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import { detect, type DetectOptions } from './detect.js';
import { sniff } from './encoding.js';
import { maxMatchLength } from './match-length.js';

/** Reads up to `into.length` bytes at `position`; returns how many (0 at the end). */
export type ChunkReader = (into: Buffer, position: number) => number;

const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * Overlap floor. Rules with an unbounded repeat (`\s*`) have no longest match; a single match
 * of theirs longer than this that also straddles a chunk edge would be missed.
 */
const MIN_OVERLAP_BYTES = 64 * 1024;

const overlaps = new WeakMap<Ruleset, number>();

/** Longest finite match of any rule, at least MIN_OVERLAP_BYTES. */
export function chunkOverlap(ruleset: Ruleset): number {
  let overlap = overlaps.get(ruleset);
  if (overlap === undefined) {
    overlap = MIN_OVERLAP_BYTES;
    for (const { spec } of ruleset.rules) {
      const span = maxMatchLength(spec.regex);
      if (Number.isFinite(span)) overlap = Math.max(overlap, span + 16);
    }
    overlaps.set(ruleset, overlap);
  }
  return overlap;
}

export interface ChunkedOptions extends DetectOptions {
  readonly chunkBytes?: number;
  /** Override for tests; never below the ruleset's longest finite match. */
  readonly overlapBytes?: number;
}

export function detectChunked(read: ChunkReader, size: number, path: string, ruleset: Ruleset, options: ChunkedOptions = {}): Finding[] {
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const overlap = options.overlapBytes ?? chunkOverlap(ruleset);
  const buf = Buffer.allocUnsafe(chunk + overlap);
  const findings: Finding[] = [];
  let pos = 0;
  let lineBase = 0;
  let colBase = 0;
  let kind: 'text' | 'binary' | undefined;
  for (;;) {
    let n = 0;
    while (n < buf.length) {
      const got = read(buf.subarray(n), pos + n);
      if (got === 0) break;
      n += got;
    }
    const last = n < buf.length || pos + n >= size;
    const view = buf.subarray(0, n);
    const ownEnd = last ? n : cutPoint(view, chunk);
    if (kind === undefined) {
      const encoding = sniff(view);
      if (encoding === 'utf-16le' || encoding === 'utf-16be') throw new Error('UTF-16 content must be read whole, not in chunks');
      kind = encoding;
    }
    const target: ScanTarget = { path, content: view };
    // Position of ownEnd inside this chunk (1-based line, UTF-16 column).
    const cut = last ? undefined : positionOf(view, ownEnd);
    // The first chunk is decoded like a whole file (a UTF-8 BOM is dropped); later ones keep its kind.
    for (const f of detect(target, ruleset, pos === 0 ? options : { ...options, kind })) {
      if (cut && (f.line > cut.line || (f.line === cut.line && f.column >= cut.column))) continue;
      findings.push(shift(f, lineBase, colBase));
    }
    if (last || cut === undefined) break;
    lineBase += cut.line - 1;
    colBase = cut.line === 1 ? colBase + cut.column - 1 : cut.column - 1;
    pos += ownEnd;
  }
  return findings;
}

/** Where this chunk's own part ends: after the last newline in its second half, else `chunk` (kept off a UTF-8 continuation byte). */
function cutPoint(view: Buffer, chunk: number): number {
  const nl = view.lastIndexOf(10, chunk - 1);
  if (nl >= chunk / 2) return nl + 1;
  let cut = chunk;
  while (cut > chunk - 4 && ((view[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut;
}

function positionOf(view: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = view.indexOf(10); i !== -1 && i < offset; i = view.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: view.toString('utf8', lineStart, offset).length + 1 };
}

function shift(f: Finding, lineBase: number, colBase: number): Finding {
  if (lineBase === 0 && colBase === 0) return f;
  return {
    ...f,
    line: f.line + lineBase,
    column: f.line === 1 ? f.column + colBase : f.column,
    endLine: f.endLine + lineBase,
    endColumn: f.endLine === 1 ? f.endColumn + colBase : f.endColumn,
  };
}

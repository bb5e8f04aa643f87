/**
 * One unit of scanning — read a file (whole, or streamed in chunks when large) or take
 * in-memory content, then run the engine — shared by the main thread and the worker threads so
 * both paths give the same result. Findings suppressed by inline directives come back beside
 * the findings, for the orchestrator to list.
 */
import { closeSync, readSync } from 'node:fs';
import type { Finding, ScanTarget } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import { detect, type DetectOptions, type GlobalAllowlist } from '../engine/detect.js';
import { baselineFreeText } from '../baseline/baseline-self.js';
import type { InlineAllow } from '../engine/inline-allow.js';
import { sniff } from '../engine/encoding.js';
import { detectChunked } from '../engine/stream.js';
import { isNotebookPath } from '../sources/notebook.js';
import { detectDocument } from '../sources/notebook-detect.js';
import { openRegularFile, ReadBuffer } from '../sources/read-file.js';

/** Files above this are streamed in overlapping chunks rather than read whole. */
const STREAM_THRESHOLD_BYTES = 32 * 1024 * 1024;
/**
 * This thread's buffer for files read whole: it grows to the largest such file (at most the
 * stream threshold; a larger UTF-16 file or notebook gets a buffer of its own), the most a
 * thread held in flight anyway.
 */
const reader = new ReadBuffer(STREAM_THRESHOLD_BYTES);

export interface UnitScope {
  readonly ruleset: Ruleset;
  readonly allowlist: GlobalAllowlist;
}

export interface InlineAllowed {
  readonly finding: Finding;
  readonly allow: InlineAllow;
}

export type UnitResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly kind: 'done';
      readonly bytes: number;
      readonly found: Finding[];
      readonly inline: InlineAllowed[];
      /** The bytes hold a valid baseline file whose free text is clean: its findings are not reported. */
      readonly ownBaseline?: true;
      /**
       * What was scanned, when asked for (`keepContent`) and there are findings to post-process
       * (streamed files have none).
       */
      readonly content?: Buffer;
    };

type Scanned = Omit<Extract<UnitResult, { kind: 'done' }>, 'kind' | 'bytes'>;

function run(target: ScanTarget, scope: UnitScope, limits: FileLimits, copy: boolean): Scanned {
  const inline: InlineAllowed[] = [];
  const options: DetectOptions = { allowlist: scope.allowlist, onAllowed: (finding, allow) => inline.push({ finding, allow }) };
  // Notebooks are scanned cell by cell (detectDocument); everything else goes straight to detect.
  const found = detectDocument(target, scope.ruleset, options);
  // Inline-allowed findings count: a proposed policy can bring them back.
  if (found.length === 0 && inline.length === 0) return { found, inline };
  // Judged here, where the bytes are, so that they need not travel back to the orchestrator.
  const own = isOwnBaseline(target, scope);
  const { content } = target;
  return { found, inline, ...(own ? { ownBaseline: true } : {}), ...(limits.keepContent === true ? { content: copy ? Buffer.from(content) : content } : {}) };
}

export function scanContent(target: ScanTarget, scope: UnitScope, limits: FileLimits): UnitResult {
  return { kind: 'done', bytes: target.content.length, ...run(target, scope, limits, false) };
}

export interface FileLimits {
  readonly maxFileSize: number;
  readonly streamThreshold?: number;
  /**
   * Hand back the bytes of units with findings: only a proposed policy (`--config-from`)
   * re-scans them, and on a scan where most files have findings they were tens of MB in flight.
   */
  readonly keepContent?: boolean;
}

/** The baseline file holds only hex, rule ids and paths; it is skipped unless its paths hold a secret. */
function isOwnBaseline(target: ScanTarget, scope: UnitScope): boolean {
  const free = baselineFreeText(target.content);
  if (free === undefined) return false;
  return detect({ path: target.path, content: Buffer.from(free, 'utf8') }, scope.ruleset, { allowlist: scope.allowlist }).length === 0;
}

/** Reads and scans a regular file, or says why not. Never throws for I/O problems. */
export function scanFile(absPath: string, path: string, scope: UnitScope, limits: FileLimits): UnitResult {
  const opened = openRegularFile(absPath, limits.maxFileSize);
  if (!opened.ok) return { kind: 'skipped', reason: opened.reason };
  const { fd, size } = opened;
  try {
    // Notebooks are parsed whole (cells, not raw JSON, are scanned), so they are never streamed.
    if (size > (limits.streamThreshold ?? STREAM_THRESHOLD_BYTES) && !isUtf16(fd) && !isNotebookPath(path)) {
      const inline: InlineAllowed[] = [];
      const read = (into: Buffer, position: number): number => readSync(fd, into, 0, into.length, position);
      const found = detectChunked(read, size, path, scope.ruleset, {
        allowlist: scope.allowlist,
        onAllowed: (finding, allow) => inline.push({ finding, allow }),
      });
      return { kind: 'done', bytes: size, found, inline };
    }
    // The reused buffer is overwritten by the next file: bytes handed back are a copy.
    const content = reader.read(fd, size);
    return { kind: 'done', bytes: content.length, ...run({ path, content }, scope, limits, true) };
  } catch (error) {
    return { kind: 'skipped', reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

/** UTF-16 text is transcoded whole (chunk edges could split code units): it is read whole. */
function isUtf16(fd: number): boolean {
  const head = Buffer.alloc(2);
  const n = readSync(fd, head, 0, 2, 0);
  const encoding = sniff(head.subarray(0, n));
  return encoding === 'utf-16le' || encoding === 'utf-16be';
}

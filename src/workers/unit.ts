/**
 * One unit of scanning — read a file (whole, or streamed in chunks when large) or take
 * in-memory content, then run the engine — shared by the main thread and the worker threads so
 * both paths give the same result. Findings suppressed by inline directives come back beside
 * the findings, for the orchestrator to list.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Finding, ScanTarget } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import type { DetectOptions, GlobalAllowlist } from '../engine/detect.js';
import type { InlineAllow } from '../engine/inline-allow.js';
import { detectChunked } from '../engine/stream.js';
import { isNotebookPath } from '../sources/notebook.js';
import { detectDocument } from '../sources/notebook-detect.js';
import { formatBytes, readWhole } from '../sources/read-file.js';

/** Files above this are streamed in overlapping chunks rather than read whole. */
export const STREAM_THRESHOLD_BYTES = 32 * 1024 * 1024;

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
      /** What was scanned, when it was read whole (streamed files have none). */
      readonly content?: Buffer;
    };

function run(target: ScanTarget, scope: UnitScope): { found: Finding[]; inline: InlineAllowed[] } {
  const inline: InlineAllowed[] = [];
  const options: DetectOptions = { allowlist: scope.allowlist, onAllowed: (finding, allow) => inline.push({ finding, allow }) };
  // Notebooks are scanned cell by cell (detectDocument); everything else goes straight to detect.
  return { found: detectDocument(target, scope.ruleset, options), inline };
}

export function scanContent(target: ScanTarget, scope: UnitScope): UnitResult {
  return { kind: 'done', bytes: target.content.length, ...run(target, scope), content: target.content };
}

export interface FileLimits {
  readonly maxFileSize: number;
  readonly streamThreshold?: number;
}

/** Reads and scans a regular file, or says why not. Never throws for I/O problems. */
export function scanFile(absPath: string, path: string, scope: UnitScope, limits: FileLimits): UnitResult {
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'skipped', reason: 'not a regular file' };
    if (stat.size > limits.maxFileSize) {
      return { kind: 'skipped', reason: `larger than --max-file-size (${formatBytes(stat.size)} > ${formatBytes(limits.maxFileSize)})` };
    }
    // Notebooks are parsed whole (cells, not raw JSON, are scanned), so they are never streamed.
    if (stat.size > (limits.streamThreshold ?? STREAM_THRESHOLD_BYTES) && !startsWithUtf16Bom(fd) && !isNotebookPath(path)) {
      const inline: InlineAllowed[] = [];
      const read = (into: Buffer, position: number): number => readSync(fd, into, 0, into.length, position);
      const found = detectChunked(read, stat.size, path, scope.ruleset, {
        allowlist: scope.allowlist,
        onAllowed: (finding, allow) => inline.push({ finding, allow }),
      });
      return { kind: 'done', bytes: stat.size, found, inline };
    }
    const content = readWhole(fd, stat.size);
    return { kind: 'done', bytes: content.length, ...run({ path, content }, scope), content };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

/** UTF-16 text is transcoded whole (chunk edges could split code units): it is read whole. */
function startsWithUtf16Bom(fd: number): boolean {
  const head = Buffer.alloc(2);
  readSync(fd, head, 0, 2, 0);
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

function unreadable(error: unknown): UnitResult {
  return { kind: 'skipped', reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
}

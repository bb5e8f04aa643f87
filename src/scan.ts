/**
 * Orchestration: source → engine → findings and stats. Returns data; never prints and never
 * touches process state, so the CLI and library users get the same result.
 */
import ignore from 'ignore';
import type { Finding, ScanResult, Skipped } from './model.js';
import type { Ruleset } from './rules/compile.js';
import { detect, type GlobalAllowlist } from './engine/detect.js';
import type { Source } from './sources/source.js';
import { readFileCapped } from './sources/read-file.js';

export const DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024;

export interface ScanOptions {
  readonly source: Source;
  readonly ruleset: Ruleset;
  readonly allowlist?: GlobalAllowlist;
  /** gitignore-style globs of paths never scanned (config `allowlist.paths`). */
  readonly allowPaths?: readonly string[];
  readonly maxFileSize?: number;
  /** Findings to drop after detection (e.g. the config's own rule examples). */
  readonly suppress?: (file: string, secret: string) => boolean;
  /** Called after each unit with the running byte count (for a progress display). */
  readonly onProgress?: (files: number, bytes: number) => void;
  readonly now?: () => number;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const allowed = options.allowPaths && options.allowPaths.length > 0 ? ignore().add([...options.allowPaths]) : undefined;
  const detectOptions = options.allowlist ? { allowlist: options.allowlist } : {};
  const found: Finding[] = [];
  const skipped: Skipped[] = [];
  let files = 0;
  let bytes = 0;

  for await (const event of options.source) {
    if (event.kind === 'skipped') {
      skipped.push({ path: event.path, reason: event.reason });
      continue;
    }
    const path = event.kind === 'file' ? event.path : event.target.path;
    if (allowed && isRelative(path) && allowed.ignores(path)) continue;
    if (event.kind === 'file') {
      const read = readFileCapped(event.absPath, maxFileSize);
      if (!read.ok) {
        skipped.push({ path, reason: read.reason });
        continue;
      }
      files++;
      bytes += read.content.length;
      found.push(...detect({ path, content: read.content }, options.ruleset, detectOptions));
    } else {
      files++;
      bytes += event.target.content.length;
      for (const f of detect(event.target, options.ruleset, detectOptions)) {
        found.push({ ...f, provenance: event.provenance });
      }
    }
    options.onProgress?.(files, bytes);
  }
  const { suppress } = options;
  const findings = suppress ? found.filter((f) => !suppress(f.file, f.secret)) : found;
  return { findings, stats: { files, bytes, durationMs: Math.round(now() - started), skipped } };
}

/** `ignore` only accepts relative paths; absolute ones (files outside the root) are never allowlisted. */
function isRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.startsWith('../') && !/^[A-Za-z]:/.test(path);
}

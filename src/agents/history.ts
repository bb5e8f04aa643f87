/**
 * `scan --agent-history`: secrets in the transcripts coding agents keep on this machine.
 * Agents store prompts, tool calls and tool output verbatim (a `cat .env` is in there for good),
 * and these folders get synced, backed up and shared in bug reports.
 *
 * Transcripts are JSON Lines, often hundreds of megabytes: each file is streamed through the
 * same JSON-aware locator as `leakproof redact`, so whatever this reports, `redact --in-place`
 * removes. Inline `leakproof:allow` directives are not honoured here: a JSONL line is a whole
 * record, and a directive quoted anywhere in it must not hide every secret on that line.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { detect } from '../engine/detect.js';
import { join, relative, sep } from 'node:path';
import { fingerprint } from '../engine/fingerprint.js';
import { redact } from '../engine/redact.js';
import type { Finding, ScanResult, Skipped } from '../model.js';
import type { Policy } from '../config/policy.js';
import { spansIn } from '../redact/locate.js';
import { type Piece, SecretStream } from '../redact/secret-stream.js';
import { walkTree } from '../sources/fs-tree.js';
import type { HostId } from './hosts.js';

export interface HistoryLocation {
  readonly host: HostId;
  /** Absolute folder or file. */
  readonly path: string;
  /** Which files below a folder are transcripts. */
  readonly files: (rel: string) => boolean;
}

const JSONL = (rel: string): boolean => rel.endsWith('.jsonl');

/** Where each agent keeps its history (documented locations only; HOME is honoured). */
export function historyLocations(env: Readonly<Record<string, string | undefined>>, home: string): HistoryLocation[] {
  const codexHome = env.CODEX_HOME ?? join(home, '.codex');
  return [
    { host: 'claude', path: join(home, '.claude', 'projects'), files: JSONL },
    { host: 'codex', path: join(codexHome, 'sessions'), files: JSONL },
    { host: 'codex', path: join(codexHome, 'history.jsonl'), files: () => true },
    { host: 'gemini', path: join(home, '.gemini', 'tmp'), files: () => true },
  ];
}

export const HISTORY_NOTES = [
  'Cursor keeps chat history in an internal database whose format is not documented; it is not scanned (scan its files explicitly if needed).',
];

/** Line and UTF-16 column bookkeeping across pieces of a stream. */
class Positions {
  private line = 1;
  /** UTF-16 units since the last line break. */
  private column = 0;

  /** Position of `offset` within `bytes` (pieces are cut on character boundaries). */
  at(bytes: Buffer, offset: number): { line: number; column: number } {
    let line = this.line;
    let from = 0;
    let i = bytes.indexOf(0x0a);
    while (i !== -1 && i < offset) {
      line++;
      from = i + 1;
      i = bytes.indexOf(0x0a, from);
    }
    const units = bytes.toString('utf8', from, offset).length;
    return { line, column: (from === 0 ? this.column + units : units) + 1 };
  }

  advance(bytes: Buffer): void {
    const last = bytes.lastIndexOf(0x0a);
    if (last === -1) {
      this.column += bytes.toString('utf8').length;
      return;
    }
    let count = 0;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i <= last; i = bytes.indexOf(0x0a, i + 1)) count++;
    this.line += count;
    this.column = bytes.toString('utf8', last + 1).length;
  }
}

function findingsOf(piece: Piece, file: string, positions: Positions): Finding[] {
  const out: Finding[] = [];
  for (const span of piece.spans) {
    const { rule, secret, severity, entropy } = span.found;
    const from = positions.at(piece.bytes, span.start);
    const to = positions.at(piece.bytes, span.end);
    out.push({
      ruleId: rule.id,
      description: rule.description,
      severity,
      file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      preview: redact(secret),
      fingerprint: fingerprint(rule.id, secret),
      entropy: Math.round(entropy * 100) / 100,
      secret,
    });
  }
  positions.advance(piece.bytes);
  return out;
}

/**
 * The secrets in one transcript file, and whether `redact --in-place` can remove them: it
 * rewrites text only (binary and UTF-16 pass through it untouched).
 */
export async function scanTranscript(abs: string, file: string, policy: Policy): Promise<{ findings: Finding[]; redactable: boolean }> {
  const { ruleset, allowlist } = policy.forPath(file);
  const ctx = { ruleset, path: file, options: { allowlist } };
  const stream = new SecretStream((window, json) => spansIn(ctx, window, json));
  const positions = new Positions();
  const findings: Finding[] = [];
  for await (const chunk of createReadStream(abs, { highWaterMark: 1024 * 1024 })) {
    for (const piece of await stream.push(chunk as Buffer)) findings.push(...findingsOf(piece, file, positions));
  }
  for (const piece of await stream.end()) findings.push(...findingsOf(piece, file, positions));
  if (stream.kind === 'text' || stream.kind === undefined) return { findings, redactable: true };
  // Binary or UTF-16: the stream passed it through unlooked-at. Scan it as `leakproof scan`
  // does (decode transcodes UTF-16; binary gets the provider rules), or say it was not scanned.
  const size = statSync(abs).size;
  if (size > MAX_UNSTREAMED) throw new NotScanned(`${stream.kind} content larger than ${MAX_UNSTREAMED / (1024 * 1024)} MiB, not scanned`);
  return { findings: detect({ path: file, content: readFileSync(abs) }, ruleset, { allowlist, ignoreInlineAllows: true }), redactable: false };
}

/** Binary and UTF-16 transcripts are read whole (`detect` needs the whole content); up to this size. */
const MAX_UNSTREAMED = 100 * 1024 * 1024;

class NotScanned extends Error {}

/** `~/…` for paths under the home folder: readable, and no user name in shared reports. */
export function displayPath(abs: string, home: string): string {
  const rel = relative(home, abs);
  if (rel.startsWith('..') || rel === abs) return abs.split(sep).join('/');
  return `~/${rel.split(sep).join('/')}`;
}

export interface HistoryScan extends ScanResult {
  /** Transcripts (as reported) with findings that `redact --in-place` cannot rewrite (binary, UTF-16). */
  readonly unredactable: readonly string[];
}

export async function scanAgentHistory(options: {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly policy: Policy;
  readonly now?: () => number;
}): Promise<HistoryScan> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  const unredactable: string[] = [];
  const notes: string[] = [...HISTORY_NOTES];
  let files = 0;
  let bytes = 0;
  for (const location of historyLocations(options.env, options.home)) {
    const stat = statSync(location.path, { throwIfNoEntry: false });
    if (stat === undefined) {
      notes.push(`${displayPath(location.path, options.home)}: not present (${location.host})`);
      continue;
    }
    const targets: string[] = stat.isFile()
      ? [location.path]
      : [...walkTree(location.path, { useIgnoreFiles: false })].flatMap((e) => {
          if (e.kind === 'skipped') skipped.push({ path: displayPath(join(location.path, e.path), options.home), reason: e.reason });
          return e.kind === 'file' && location.files(e.path) ? [e.absPath] : [];
        });
    for (const abs of targets) {
      const file = displayPath(abs, options.home);
      try {
        const { findings: found, redactable } = await scanTranscript(abs, file, options.policy);
        files++;
        bytes += existsSync(abs) ? statSync(abs).size : 0;
        if (found.length > 0 && !redactable) unredactable.push(file);
        findings.push(...found);
      } catch (error) {
        if (error instanceof NotScanned) skipped.push({ path: file, reason: error.message });
        else skipped.push({ path: file, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      }
    }
  }
  return {
    findings,
    stats: { files, bytes, durationMs: Math.round(now() - started), skipped, allowed: [], notes },
    unredactable,
  };
}

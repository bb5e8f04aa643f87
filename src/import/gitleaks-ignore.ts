/**
 * `.gitleaksignore` → baseline entries. gitleaks fingerprints are positional
 * (`[commit:]file:rule:line`) and hold no secret, so they cannot become content fingerprints
 * by themselves. Each one is resolved by reading the file it names (at its commit, when it
 * names one) and taking leakproof's findings on that line: those secrets get keyed
 * fingerprints scoped to that path. An entry that cannot be resolved is reported and dropped,
 * never widened into a path allowlist (that would hide every future secret in the file).
 */
import type { Finding } from '../model.js';
import { detect } from '../engine/detect.js';
import type { Ruleset } from '../rules/compile.js';
import type { ImportNote } from './gitleaks-config.js';

export interface IgnoreEntry {
  /** Line in the ignore file, for notes. */
  readonly at: number;
  readonly commit?: string;
  readonly file: string;
  readonly rule: string;
  /** 1-based line of the finding gitleaks recorded. */
  readonly line: number;
}

const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function parseGitleaksIgnore(text: string, label: string): { entries: IgnoreEntry[]; notes: ImportNote[] } {
  const entries: IgnoreEntry[] = [];
  const notes: ImportNote[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // The file may contain ':'; the rule id and line never do, and a commit is 40/64 hex.
    const parts = line.split(':');
    const lineNo = Number(parts.pop());
    const rule = parts.pop();
    const commit = parts[0] !== undefined && parts.length > 1 && COMMIT.test(parts[0]) ? parts.shift() : undefined;
    const file = parts.join(':');
    if (!Number.isInteger(lineNo) || lineNo < 1 || rule === undefined || rule === '' || file === '') {
      notes.push({ level: 'dropped', subject: `${label}:${i + 1}`, text: 'not a gitleaks fingerprint ([commit:]file:rule:line); skipped' });
      return;
    }
    entries.push({ at: i + 1, ...(commit !== undefined ? { commit } : {}), file, rule, line: lineNo });
  });
  return { entries, notes };
}

/** Content of `file` at `commit` (working tree when undefined), or why it cannot be read. */
export type ReadAt = (file: string, commit: string | undefined) => Buffer | { readonly error: string };

export interface ResolvedSecret {
  readonly path: string;
  readonly finding: Finding;
}

export function resolveIgnoreEntries(entries: readonly IgnoreEntry[], read: ReadAt, ruleset: Ruleset, label: string): { secrets: ResolvedSecret[]; notes: ImportNote[] } {
  const secrets: ResolvedSecret[] = [];
  const notes: ImportNote[] = [];
  const cache = new Map<string, Finding[] | { error: string }>();
  for (const e of entries) {
    const subject = `${label}:${e.at}`;
    const key = `${e.commit ?? ''}\0${e.file}`;
    let found = cache.get(key);
    if (found === undefined) {
      const content = read(e.file, e.commit);
      // Every finding on the line, inline allows included: gitleaks was told to ignore it.
      found = Buffer.isBuffer(content) ? detect({ path: e.file, content }, ruleset, { ignoreInlineAllows: true }) : { error: content.error };
      cache.set(key, found);
    }
    if (!Array.isArray(found)) {
      notes.push({ level: 'dropped', subject, text: `${e.file}${e.commit ? ` at ${e.commit.slice(0, 12)}` : ''}: ${found.error}; not converted` });
      continue;
    }
    const onLine = found.filter((f) => f.line <= e.line && e.line <= f.endLine);
    if (onLine.length === 0) {
      notes.push({ level: 'dropped', subject, text: `no leakproof finding on ${e.file}:${e.line} (gitleaks rule "${e.rule}"); not converted — if leakproof reports it later, accept it with \`leakproof baseline update\`` });
      continue;
    }
    for (const finding of onLine) secrets.push({ path: e.file, finding });
  }
  return { secrets, notes };
}

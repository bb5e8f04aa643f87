/** `baseline create|update`: findings → entries, keeping the salt and scope of entries that still match. */
import type { BaselineEntry, Finding } from '../model.js';
import type { Baseline } from './baseline-file.js';
import { baselineFingerprint } from './baseline-match.js';

export interface BuildOptions {
  readonly salt: string;
  /** Finding path → path relative to the policy root. */
  readonly rootPath: (file: string) => string;
  /** Entries match the secret in any file (default: only in the file it was found in). */
  readonly anyPath?: boolean;
  /** `update`: the current baseline, whose unscoped entries stay unscoped. */
  readonly previous?: Baseline;
}

export interface BuildResult {
  readonly entries: BaselineEntry[];
  readonly added: number;
  readonly removed: number;
}

const key = (e: BaselineEntry): string => `${e.path ?? ''}\0${e.rule}\0${e.fingerprint}`;

export function buildEntries(findings: readonly Finding[], options: BuildOptions): BuildResult {
  const unscoped = new Set((options.previous?.entries ?? []).filter((e) => e.path === undefined).map((e) => `${e.rule}\0${e.fingerprint}`));
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    const path = options.rootPath(f.file);
    const fingerprint = baselineFingerprint(options.salt, f.ruleId, f.secret);
    // An entry the user made unscoped stays unscoped when the secret is still there.
    const keepUnscoped = unscoped.has(`${f.ruleId}\0${fingerprint}`);
    // A finding about a file (no secret: a tracked .env) is only ever about that file.
    const scoped = f.secret === '' || !(options.anyPath === true || keepUnscoped);
    entries.push({ fingerprint, rule: f.ruleId, ...(scoped ? { path } : {}) });
  }
  const now = new Set(entries.map(key));
  const before = new Set((options.previous?.entries ?? []).map(key));
  return {
    entries,
    added: [...now].filter((k) => !before.has(k)).length,
    removed: [...before].filter((k) => !now.has(k)).length,
  };
}

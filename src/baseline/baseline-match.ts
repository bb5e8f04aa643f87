/** Matching findings against a baseline by keyed content fingerprint, and what went unused. */
import { fingerprint } from '../engine/fingerprint.js';
import type { BaselineEntry } from '../model.js';
import type { Baseline } from './baseline-file.js';

/**
 * HMAC-SHA-256 keyed with the repository's salt over rule id + secret. Line endings inside
 * the secret (multi-line keys) are normalised so a CRLF checkout matches an LF one.
 */
export function baselineFingerprint(salt: string, ruleId: string, secret: string): string {
  return fingerprint(ruleId, secret.replace(/\r\n/g, '\n'), salt);
}

export class BaselineMatcher {
  private readonly byFingerprint = new Map<string, BaselineEntry[]>();
  private readonly used = new Set<BaselineEntry>();

  constructor(readonly baseline: Baseline) {
    for (const e of baseline.entries) {
      const list = this.byFingerprint.get(e.fingerprint) ?? [];
      list.push(e);
      this.byFingerprint.set(e.fingerprint, list);
    }
  }

  /** True when the baseline lists this secret (in `path`, relative to the policy root, or anywhere). */
  matches(ruleId: string, secret: string, path: string): boolean {
    const candidates = this.byFingerprint.get(baselineFingerprint(this.baseline.salt, ruleId, secret));
    const entry = candidates?.find((e) => e.rule === ruleId && (e.path === undefined || e.path === path));
    if (entry === undefined) return false;
    this.used.add(entry);
    return true;
  }

  /**
   * Entries that matched nothing. A path-scoped entry is only judged when its file was in
   * the scan (`inScope`); an entry for a file outside a partial scan is not "unused".
   */
  unused(inScope: (path: string) => boolean, complete: boolean): BaselineEntry[] {
    // An entry without a path may belong to a file that was not scanned unless the scan was complete.
    return this.baseline.entries.filter((e) => !this.used.has(e) && (e.path === undefined ? complete : inScope(e.path)));
  }
}

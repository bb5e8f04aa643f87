/**
 * The baseline must not be reported by the scan that uses it. It is recognised by content,
 * not by name: a file that parses strictly as a baseline holds only a salt, hex fingerprints,
 * rule ids and paths. The paths are the one free-text field, so they are returned for the
 * caller to scan — a "baseline" that smuggles a secret in a path is scanned like any file.
 */
import { parseBaseline } from './baseline-file.js';

const MARKER = /"leakproof"\s*:\s*"baseline"/;

/** Free text of a valid baseline (its paths and rule ids), or undefined when `content` is not one. */
export function baselineFreeText(content: Buffer): string | undefined {
  if (!MARKER.test(content.toString('utf8', 0, Math.min(content.length, 256)))) return undefined;
  try {
    const b = parseBaseline(content.toString('utf8'), 'baseline');
    return b.entries.map((e) => `${e.path ?? ''} ${e.rule}`).join('\n');
  } catch {
    return undefined;
  }
}

/**
 * Redaction of hook payload values (a tool's JSON output). The hook decides on the text it
 * scanned (`stringLeaves`: `key: value` lines), so the redaction replaces exactly the secrets
 * that scan reported — wherever they occur in the value's strings — instead of locating
 * secrets a second time on a different view (which could miss a secret whose context was the
 * key). `complete` is false when a reported secret could not be found in any single string
 * (it spans a key and its value, or two strings): the caller must then not hand the value back.
 */
import type { Finding } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import { rewrite } from './filter.js';
import { mergeSpans, type SecretSpan, throughKeyEnd } from './locate.js';

export interface RedactedValue {
  readonly value: unknown;
  /** Spans replaced. */
  readonly count: number;
  /** Every reported secret was found and replaced, and none is left in any string. */
  readonly complete: boolean;
}

export function redactFindings(value: unknown, findings: readonly Finding[], ruleset: Ruleset): RedactedValue {
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...new Map(findings.map((f) => [f.secret, f])).values()].sort((a, b) => b.secret.length - a.secret.length);
  const replaced = new Set<string>();
  let count = 0;
  const redactString = (text: string): string => {
    const bytes = Buffer.from(text, 'utf8');
    const spans: SecretSpan[] = [];
    for (const f of secrets) {
      const needle = Buffer.from(f.secret, 'utf8');
      const rule = ruleset.rules.find((r) => r.spec.id === f.ruleId)?.spec;
      if (needle.length === 0 || rule === undefined) continue;
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
        const found = { rule, severity: f.severity, start: at, end: at + needle.length, secret: f.secret, entropy: f.entropy };
        spans.push({ start: at, end: throughKeyEnd(bytes, at, at + needle.length), found });
        replaced.add(f.secret);
      }
    }
    if (spans.length === 0) return text;
    const merged = mergeSpans(spans);
    count += merged.length;
    return rewrite({ bytes, offset: 0, spans: merged }).toString('utf8');
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactString(k), walk(x)]));
    return v;
  };
  const out = walk(value);
  const serialised = JSON.stringify(out) ?? '';
  const left = secrets.some((f) => serialised.includes(f.secret) || serialised.includes(JSON.stringify(f.secret).slice(1, -1)));
  return { value: out, count, complete: replaced.size === secrets.length && !left };
}

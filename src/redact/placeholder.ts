import { fingerprint } from '../engine/fingerprint.js';

/**
 * What a redacted secret becomes: `[REDACTED:<rule-id>:<4 hex>]`. The hex is the head of the
 * content-keyed fingerprint, so the same secret always gets the same placeholder (a reader can
 * tell two mentions apart without seeing either) while 16 bits of a keyed hash say nothing
 * usable about the value. Only `[`, `]`, `:`, `-` and lower-case alphanumerics: nothing that
 * JSON, YAML or a shell would need to escape, so redacting inside a JSON string keeps it valid.
 */
export function placeholder(ruleId: string, secret: string): string {
  return `[REDACTED:${ruleId}:${fingerprint(ruleId, secret).slice(0, 4)}]`;
}

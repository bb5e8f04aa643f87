import { createRequire } from 'node:module';

// node:crypto costs ~4 ms to load and is only needed once a fingerprint is read (reports,
// baselines): a clean run, and an agent hook's refusal (detect.ts makes fingerprints on first
// read), never load it.
let crypto: typeof import('node:crypto') | undefined;

/**
 * Content-keyed fingerprint: an HMAC of rule id + secret, truncated. It survives edits above
 * the secret (unlike line-keyed fingerprints) and cannot be turned back into the secret:
 * the truncation discards information and the key stops precomputed lookup tables.
 */
export function fingerprint(ruleId: string, secret: string, salt = 'leakproof/v1'): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHmac('sha256', salt).update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
}

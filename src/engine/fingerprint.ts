import { createHmac } from 'node:crypto';

/**
 * Content-keyed fingerprint: an HMAC of rule id + secret, truncated. It survives edits above
 * the secret (unlike line-keyed fingerprints) and cannot be turned back into the secret:
 * the truncation discards information and the key stops precomputed lookup tables.
 */
export function fingerprint(ruleId: string, secret: string, salt = 'leakproof/v1'): string {
  return createHmac('sha256', salt).update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
}

/** Fake secrets built at test time, so no test file holds a literal credential. */
import { randomBytes } from 'node:crypto';
import { base62, crc32 } from '../../src/engine/checksum.js';
import { shannonEntropy } from '../../src/engine/entropy.js';
import { isPlaceholder } from '../../src/engine/placeholder.js';

/**
 * A fresh value from `make` that rules report: random values occasionally fall below an
 * entropy floor (3.0 bits per character for aws-access-key-id) or take a placeholder's shape
 * (four x's in a row), which would make tests flaky.
 */
export function reportable(make: () => string): string {
  for (;;) {
    const value = make();
    if (!isPlaceholder(value) && shannonEntropy(value) >= 3.2) return value;
  }
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number, seed?: Buffer): string {
  const bytes = seed ?? randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += B62[(bytes[i % bytes.length] ?? 0) % 62];
  return out;
}

/** A GitHub classic token shape with a valid CRC32 checksum (reported at high severity). */
export function fakeGithubToken(prefix = 'ghp'): string {
  return reportable(() => {
    const body = randomBase62(30);
    return `${prefix}_${body}${base62(crc32(body), 6)}`;
  });
}

/** Same shape, wrong checksum (reported at low severity). */
export function fakeGithubTokenBadChecksum(): string {
  const token = fakeGithubToken();
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return token.slice(0, -1) + last;
}

export function fakeAwsKeyId(): string {
  return reportable(() => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let body = '';
    for (const b of randomBytes(16)) body += alphabet[b % alphabet.length];
    return `AKIA${body}`;
  });
}

/** A custom rule for tests that must not depend on the built-in catalogue. */
export const TEST_RULE_TOML = `
[[rules]]
id = "test-token"
description = "Test token"
severity = "high"
keywords = ["tstk_"]
regex = '''\\b(tstk_[A-Za-z0-9]{24})\\b'''
entropy = 3.0
examples = ["a = tstk_Q8r2Zk4mW9pL1xV7cN3bH6jD", "tstk_Z9y8X7w6V5u4T3s2R1q0P9oN"]
negativeExamples = ["tstk_short", "tstk_aaaaaaaaaaaaaaaaaaaaaaaa"]
`;

export function fakeTestToken(): string {
  return reportable(() => `tstk_${randomBase62(24)}`);
}

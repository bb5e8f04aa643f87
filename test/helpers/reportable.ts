/** Fake secrets that the rules are guaranteed to report, for tests that must not be flaky. */
import { shannonEntropy } from '../../src/engine/entropy.js';
import { isPlaceholder } from '../../src/engine/placeholder.js';
import { fakeAwsKeyId, fakeTestToken } from './fake-secrets.js';

/**
 * A fresh value from `make` that rules report: random values occasionally fall below a rule's
 * entropy floor (3.0 bits per character for aws-access-key-id and the test token) or take a
 * placeholder's shape (four x's in a row).
 */
export function reportable(make: () => string): string {
  for (;;) {
    const value = make();
    if (!isPlaceholder(value) && shannonEntropy(value) >= 3.2) return value;
  }
}

export const awsKeyId = (): string => reportable(fakeAwsKeyId);
export const testToken = (): string => reportable(fakeTestToken);

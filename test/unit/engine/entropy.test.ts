import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../../../src/engine/entropy.js';

describe('shannonEntropy', () => {
  it('is 0 for empty and single-symbol strings', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaa')).toBe(0);
  });
  it('is log2(n) for n equally frequent symbols', () => {
    expect(shannonEntropy('ab')).toBeCloseTo(1);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });
  it('ranks random tokens above words', () => {
    expect(shannonEntropy('Q8r2Zk4mW9pL1xV7cN3bH6jD')).toBeGreaterThan(shannonEntropy('passwordpassword'));
  });
});

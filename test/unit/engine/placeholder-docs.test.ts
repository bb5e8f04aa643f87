import { describe, expect, it } from 'vitest';
import { isPlaceholder } from '../../../src/engine/placeholder.js';
import { seeded } from '../../helpers/seeded.js';

/** Deterministic random strings (the test must not flake on a one-in-a-million draw). */
function drawer(seed: number, alphabet: string, length: number): () => string {
  const next = seeded(seed);
  return () => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}
const HEX = '0123456789abcdef';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('typed documentation fill-ins are placeholders', () => {
  it.each([
    ['1a2b3c4d5e6f7g8h9i0j1k2l3m4n5o6p'],
    ['ABCD1234EFGH5678IJKL9012MNOP3456'],
    ['sk-ant-api03-abc123xyz-456def'],
    ['zYxWvUtSrQpOnMlKjIhGfEdCbA98765'],
    ['k9l8m7n6o5p4q3r2s1t0-987654321'],
    ['123e4567-e89b-12d3-a456-426614174000'],
    ['glsa_iNValIdinValiDinvalidinvalid_5b58'],
    ['dummy-token-for-tests-4f8a2c'],
  ])('%s', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
});

describe('random values are not', () => {
  // Random tokens hit none of the typed patterns: 20,000 seeded draws of each shape.
  it.each([
    ['hex', drawer(1, HEX, 40)],
    ['base64url', drawer(2, B64URL, 40)],
    ['base62', drawer(3, B64URL.slice(0, 62), 32)],
  ])('%s', (_name, draw) => {
    const flagged = Array.from({ length: 20_000 }, draw).filter((v) => isPlaceholder(v));
    expect(flagged).toEqual([]);
  });
});

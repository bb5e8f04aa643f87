import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPlaceholder } from '../../../src/engine/placeholder.js';

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
  // Random tokens hit none of the typed patterns; 2,000 draws of each shape keep the test honest.
  it.each([
    ['hex', () => randomBytes(20).toString('hex')],
    ['base64url', () => randomBytes(30).toString('base64url')],
    ['uuid', () => randomUUID()],
  ])('%s', (_name, draw) => {
    const flagged = Array.from({ length: 2000 }, draw).filter((v) => isPlaceholder(v));
    expect(flagged).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_TREES } from '../../../src/git/repo.js';

describe('EMPTY_TREES', () => {
  it.each(['sha1', 'sha256'])('%s is the hash of an empty tree object', (format) => {
    expect(EMPTY_TREES.get(format)).toBe(createHash(format).update('tree 0\0').digest('hex'));
  });
});

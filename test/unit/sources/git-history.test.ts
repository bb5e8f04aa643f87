import { describe, expect, it } from 'vitest';
import type { RawEntry } from '../../../src/sources/diff-parse.js';
import { introduced } from '../../../src/sources/git-history.js';
import { stagedChanges } from '../../../src/sources/git-staged.js';

const Z = '0'.repeat(40);
const id = (c: string): string => c.repeat(40);
const entry = (status: string, path: string, src: string, dst: string, modes: [string, string] = ['100644', '100644']): RawEntry => ({
  srcMode: modes[0],
  dstMode: modes[1],
  srcOid: src,
  dstOid: dst,
  status,
  path: Buffer.from(path),
});

describe('introduced (history)', () => {
  it('charges a plain commit for added and modified files, not deletions or gitlinks', () => {
    const changes = introduced([
      [
        entry('A', 'new.txt', Z, id('a'), ['000000', '100644']),
        entry('M', 'mod.txt', id('b'), id('c')),
        entry('D', 'gone.txt', id('d'), Z, ['100644', '000000']),
        entry('A', 'sub', Z, id('e'), ['000000', '160000']),
      ],
    ]);
    expect(changes).toEqual([
      { path: 'new.txt', oid: id('a'), previous: [] },
      { path: 'mod.txt', oid: id('c'), previous: [id('b')] },
    ]);
  });

  it('charges a merge only for paths that differ from every parent', () => {
    const fromTheirs = entry('M', 'theirs.txt', id('1'), id('2'));
    const resolved1 = entry('M', 'both.txt', id('3'), id('9'));
    const resolved2 = entry('M', 'both.txt', id('4'), id('9'));
    const newInMerge = entry('A', 'evil.txt', Z, id('8'), ['000000', '100644']);
    const changes = introduced([
      [fromTheirs, resolved1, newInMerge],
      [resolved2, newInMerge],
    ]);
    expect(changes).toEqual([
      { path: 'both.txt', oid: id('9'), previous: [id('3'), id('4')] },
      { path: 'evil.txt', oid: id('8'), previous: [] },
    ]);
  });
});

describe('stagedChanges', () => {
  it('scans both sides of a conflict and nothing for deletions or submodules', () => {
    const unmerged = new Map([['c.txt', [1, 2, 3].map((stage) => ({ mode: '100644', oid: id(String(stage)), stage, path: Buffer.from('c.txt') }))]]);
    const changes = stagedChanges(
      [
        entry('U', 'c.txt', id('h'), Z, ['100644', '000000']),
        entry('D', 'd.txt', id('d'), Z, ['100644', '000000']),
        entry('M', 'sub', id('s'), id('t'), ['160000', '160000']),
        entry('T', 'link', id('f'), id('l'), ['100644', '120000']),
      ],
      unmerged,
    );
    expect(changes).toEqual([
      { path: 'c.txt', oid: id('2'), previous: [id('h')] },
      { path: 'c.txt', oid: id('3'), previous: [id('h')] },
      { path: 'link', oid: id('l'), previous: [id('f')] },
    ]);
  });
});

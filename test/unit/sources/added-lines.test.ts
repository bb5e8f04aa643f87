import { describe, expect, it } from 'vitest';
import { addedLines, addedLinesVsAll, allLines, LazyLineSet } from '../../../src/sources/added-lines.js';

const text = (...lines: string[]): Buffer => Buffer.from(`${lines.join('\n')}\n`);
const sorted = (set: ReadonlySet<number>): number[] => [...set].sort((a, b) => a - b);

describe('addedLines', () => {
  it('numbers lines of the new version that the old one lacks', () => {
    expect(sorted(addedLines(text('a', 'b', 'c'), text('a', 'x', 'b', 'c', 'y')))).toEqual([2, 5]);
  });

  it('reports nothing for removals and moves', () => {
    expect(sorted(addedLines(text('a', 'secret', 'b'), text('a', 'b')))).toEqual([]);
    expect(sorted(addedLines(text('a', 'secret', 'b'), text('b', 'a', 'secret')))).toEqual([]);
  });

  it('counts duplicates: a second copy of an existing line is new', () => {
    expect(sorted(addedLines(text('k', 'z'), text('k', 'z', 'k')))).toEqual([3]);
  });

  it('treats a changed line ending as a change', () => {
    expect(sorted(addedLines(Buffer.from('a\nb\n'), Buffer.from('a\r\nb\n')))).toEqual([1]);
  });

  it('compares UTF-16 content after decoding, with the engine\'s line numbers', () => {
    const utf16 = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    expect(sorted(addedLines(utf16('a\nb\n'), utf16('a\nb\nnew\n')))).toEqual([3]);
  });

  it('treats everything as new relative to nothing', () => {
    expect(sorted(addedLines(Buffer.alloc(0), text('a', 'b')))).toEqual([1, 2]);
    expect(sorted(allLines(text('a', 'b')))).toEqual([1, 2, 3]);
  });
});

describe('addedLinesVsAll (merges)', () => {
  it('keeps only lines new relative to every parent', () => {
    const ours = text('base', 'ours');
    const theirs = text('base', 'theirs');
    const merged = text('base', 'ours', 'theirs', 'resolution');
    expect(sorted(addedLinesVsAll([ours, theirs], merged))).toEqual([4]);
  });
});

describe('LazyLineSet', () => {
  it('computes once, on first use', () => {
    let calls = 0;
    const set = new LazyLineSet(() => {
      calls++;
      return new Set([2, 3]);
    });
    expect(calls).toBe(0);
    expect(set.has(2)).toBe(true);
    expect(set.has(1)).toBe(false);
    expect([...set]).toEqual([2, 3]);
    expect(set.size).toBe(2);
    expect(calls).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { DiffParseError, parseDiffTreeStdin, parseLsFilesStages, parseRawZ, parseRevListParents, pathText } from '../../../src/sources/diff-parse.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);
const S = 'c'.repeat(64);
const nul = (...parts: string[]): Buffer => Buffer.from(parts.map((p) => `${p}\0`).join(''));

describe('parseRawZ', () => {
  it('reads records whose paths hold newlines, tabs, quotes, colons and non-ASCII bytes', () => {
    const paths = ['new\nline.txt', 'tab\there', `q"'.txt`, ':looks-like-a-record', 'ü.txt'];
    const out = nul(...paths.flatMap((p) => [`:100644 100644 ${A} ${B} M`, p]));
    const entries = parseRawZ(out);
    expect(entries.map((e) => pathText(e.path))).toEqual(paths);
    expect(entries[0]).toMatchObject({ srcMode: '100644', dstMode: '100644', srcOid: A, dstOid: B, status: 'M' });
  });

  it('keeps the destination of renames and copies, and SHA-256 ids', () => {
    const out = nul(`:100644 100644 ${S} ${S} R100`, 'from.txt', 'to.txt', `:000000 120000 ${'0'.repeat(64)} ${S} A`, 'link');
    expect(parseRawZ(out).map((e) => [e.status, pathText(e.path), e.dstOid])).toEqual([
      ['R', 'to.txt', S],
      ['A', 'link', S],
    ]);
  });

  it('fails loudly on truncated or unexpected output instead of returning fewer entries', () => {
    expect(() => parseRawZ(nul(`:100644 100644 ${A} ${B} M`))).toThrow(DiffParseError);
    expect(() => parseRawZ(nul('diff --git a/x b/x'))).toThrow(DiffParseError);
    expect(parseRawZ(Buffer.alloc(0))).toEqual([]);
  });
});

describe('parseDiffTreeStdin', () => {
  it('splits blocks by commit header, including empty ones (--always)', () => {
    const out = nul(A, `:000000 100644 ${Z} ${B} A`, 'x.txt', B, A, `:100644 000000 ${B} ${Z} D`, A);
    const blocks = parseDiffTreeStdin(out);
    expect(blocks.map((b) => [b.commit, b.entries.length])).toEqual([
      [A, 1],
      [B, 0],
      [A, 1],
    ]);
    // The last path is a commit-id lookalike: it is consumed as a path, not a header.
    expect(pathText(blocks[2]?.entries[0]?.path ?? Buffer.alloc(0))).toBe(A);
  });

  it('rejects a header that is not an object id', () => {
    expect(() => parseDiffTreeStdin(nul('not-an-id'))).toThrow(DiffParseError);
  });
});

describe('parseLsFilesStages and parseRevListParents', () => {
  it('reads unmerged stages', () => {
    const out = nul(`100644 ${A} 1\tc.txt`, `100644 ${B} 2\tc.txt`, `100755 ${S} 3\tc.txt`);
    expect(parseLsFilesStages(out).map((s) => [s.stage, s.mode, s.oid, pathText(s.path)])).toEqual([
      [1, '100644', A, 'c.txt'],
      [2, '100644', B, 'c.txt'],
      [3, '100755', S, 'c.txt'],
    ]);
    expect(() => parseLsFilesStages(nul('garbage'))).toThrow(DiffParseError);
  });

  it('reads commits with their parents', () => {
    expect(parseRevListParents(`${A}\n${B} ${A}\n${S} ${A} ${B}\n`)).toEqual([
      { commit: A, parents: [] },
      { commit: B, parents: [A] },
      { commit: S, parents: [A, B] },
    ]);
    expect(() => parseRevListParents('fatal: bad revision\n')).toThrow(DiffParseError);
  });
});

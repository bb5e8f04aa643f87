import { describe, expect, it } from 'vitest';
import { buildAutomaton, type KeywordAutomaton, loadAutomaton, serializeAutomaton } from '../../../src/engine/prefilter-ac.js';
import { literalSet } from '../../../src/engine/regex.js';
import { seeded } from '../../helpers/seeded.js';

/** Every (keyword, end) occurrence, overlapping ones included, ASCII case-insensitive. */
function naive(keywords: readonly string[], text: Buffer): { keyword: number; end: number }[] {
  const lower = Buffer.from(text.toString('latin1').toLowerCase(), 'latin1');
  const out: { keyword: number; end: number }[] = [];
  keywords.forEach((k, keyword) => {
    const needle = Buffer.from(k.toLowerCase(), 'latin1');
    for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, i + 1)) out.push({ keyword, end: i + needle.length });
  });
  return out.sort((a, b) => a.end - b.end || a.keyword - b.keyword);
}

function hitsOf(ac: Pick<KeywordAutomaton, 'scan'>, text: Buffer): { keyword: number; end: number }[] {
  const r = ac.scan(text);
  return Array.from({ length: r.count }, (_, i) => ({ keyword: r.keywords[i] ?? -1, end: r.ends[i] ?? -1 }));
}

describe('keyword automaton (Aho-Corasick byte DFA)', () => {
  it('finds overlapping and nested keywords with their end offsets', () => {
    const ac = buildAutomaton(['secret', 'secret_access_key', 'key', 'access']);
    const hits = hitsOf(ac, Buffer.from('AWS_SECRET_ACCESS_KEY=1'));
    expect(hits.map((h) => [h.keyword, h.end]).sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0) || (a[0] ?? 0) - (b[0] ?? 0))).toEqual([
      [0, 10],
      [3, 17],
      [1, 21],
      [2, 21],
    ]);
    expect(ac.present(Buffer.from('no match here'))).toEqual([]);
    expect(ac.lengths).toEqual([6, 17, 3, 6]);
  });

  it('agrees with a naive search and with the RE2.Set prefilter on random text', () => {
    const rand = seeded(7);
    const alphabet = 'abcAB_-k';
    const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(1 + Math.floor(rand() * 5))))];
      const text = Buffer.from(word(Math.floor(rand() * 400)) + '\u00e9\u0000' + word(50), 'utf8');
      const ac = buildAutomaton(keywords);
      const got = hitsOf(ac, text).sort((a, b) => a.end - b.end || a.keyword - b.keyword);
      expect(got).toEqual(naive(keywords, text));
      expect(ac.present(text)).toEqual(literalSet(keywords).present(text));
    }
  });

  it('records positions only for positional keywords, presence for all', () => {
    const ac = buildAutomaton(['token', 'ghp_'], (k) => k === 1);
    const text = Buffer.from('token ghp_x TOKEN GHP_y');
    expect(hitsOf(ac, text)).toEqual([
      { keyword: 1, end: 10 },
      { keyword: 1, end: 22 },
    ]);
    expect(ac.present(text)).toEqual([0, 1]);
  });

  it('grows its hit buffers past their first size', () => {
    const ac = buildAutomaton(['ab']);
    expect(ac.scan(Buffer.from('ab'.repeat(1000))).count).toBe(1000);
  });
});

describe('serialized keyword automaton (built at build time)', () => {
  it('finds the same keywords as the automaton built at run time and as RE2.Set', () => {
    const rand = seeded(11);
    const alphabet = 'abcAB_-k';
    const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(1 + Math.floor(rand() * 5))))];
      const loaded = loadAutomaton(serializeAutomaton(keywords));
      if (loaded === undefined) throw new Error('a serialized automaton did not load');
      expect(loaded.keywords).toEqual(keywords);
      const text = Buffer.from(word(Math.floor(rand() * 400)) + '\u00e9\u0000' + word(50), 'utf8');
      const found = loaded.present(text);
      expect(found).toEqual(buildAutomaton(keywords).present(text));
      expect(found).toEqual(literalSet(keywords).present(text));
      expect(hitsOf(loaded, text).sort((a, b) => a.end - b.end || a.keyword - b.keyword)).toEqual(naive(keywords, text));
      expect(loaded.lengths).toEqual(buildAutomaton(keywords).lengths);
    }
  });

  it('reads from an unaligned buffer and refuses bytes that are not its format', () => {
    const bytes = serializeAutomaton(['secret', 'key']);
    const unaligned = Buffer.concat([Buffer.from([0]), bytes]).subarray(1);
    expect(loadAutomaton(unaligned)?.present(Buffer.from('my SECRET'))).toEqual([0]);
    expect(loadAutomaton(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(loadAutomaton(Buffer.from('not an automaton at all, just some text'))).toBeUndefined();
    const other = Buffer.from(bytes);
    other.writeInt32LE(99, 4);
    expect(loadAutomaton(other)).toBeUndefined();
    expect(loadAutomaton(serializeAutomaton([]))?.present(Buffer.from('anything'))).toEqual([]);
  });
});

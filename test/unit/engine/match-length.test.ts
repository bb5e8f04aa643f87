import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine/regex.js';
import { longestRun, matchLengthBound, maxMatchLength } from '../../../src/engine/match-length.js';
import { builtinRules } from '../../../src/rules/catalog.js';
import { seeded } from '../../helpers/seeded.js';

describe('maxMatchLength', () => {
  it.each([
    ['abc', 3],
    ['a{3}', 3],
    ['a{2,5}b?', 6],
    ['(?:ab|cde)?f', 4],
    [String.raw`\bAKIA[A-Z0-9]{16}\b`, 20],
    ['[^a]', 4],
    ['.{0,3}', 12],
    ['(?i)ab', 6],
    ['(?i:k)x', 4],
    [String.raw`\x{263a}`, 3],
    ['(?P<n>x)y', 2],
    ['^$', 0],
  ])('%s ≤ %d bytes', (pattern, expected) => {
    expect(maxMatchLength(pattern)).toBe(expected);
  });

  it.each(['a*', 'a+', 'a{2,}', String.raw`x\s*y`, '(?=x)', String.raw`(a)\1`])('%s is unbounded or unknown', (pattern) => {
    expect(maxMatchLength(pattern)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is never below a real match: random subjects against random bounded patterns', () => {
    const rand = seeded(11);
    const atoms = ['a', 'b', '[ab]', '[^a]', '.', String.raw`\w`, String.raw`\S`, '(?:ab|b)', 'é', '(?i:k)'];
    for (let round = 0; round < 300; round++) {
      let pattern = '';
      for (let i = 0; i < 1 + Math.floor(rand() * 5); i++) {
        const atom = atoms[Math.floor(rand() * atoms.length)] ?? 'a';
        const lo = Math.floor(rand() * 3);
        pattern += `${atom}{${lo},${lo + Math.floor(rand() * 3)}}`;
      }
      const bound = maxMatchLength(pattern);
      const re = compile(pattern, 'test');
      const chars = ['a', 'b', 'k', 'K', '\u212a', 'é', 'ſ', ' ', '\u00ff', '\u{1f600}'];
      const subject = Buffer.from(Array.from({ length: 60 }, () => chars[Math.floor(rand() * chars.length)]).join(''), 'utf8');
      for (const m of re.matchAll(subject)) expect(m.end - m.start).toBeLessThanOrEqual(bound);
    }
  });

  it('bounds every match of every built-in rule example', () => {
    for (const rule of builtinRules()) {
      const bound = maxMatchLength(rule.regex);
      const re = compile(rule.regex, rule.id);
      for (const example of rule.examples) {
        for (const m of re.matchAll(Buffer.from(example, 'utf8'))) expect(m.end - m.start, rule.id).toBeLessThanOrEqual(bound);
      }
    }
  });
});

describe('matchLengthBound (runs of one-byte classes)', () => {
  it('counts \\s*, [ \\t]+ and [A-Za-z0-9]+ as runs of their class, and gives up on .* and (?:ab)*', () => {
    const b = matchLengthBound(String.raw`key\s*=\s*([A-Za-z0-9]+)`);
    expect(b?.fixed).toBe(4);
    expect(b?.runs.map((r) => r.count)).toEqual([1, 1, 1]);
    expect(b?.runs[0]?.bytes).toBe(b?.runs[1]?.bytes); // one shared instance per class
    expect(matchLengthBound('x.*')).toBeUndefined();
    expect(matchLengthBound('(?:ab)*')).toBeUndefined();
    expect(matchLengthBound(String.raw`(?i)a\w*`)).toBeUndefined(); // \w folds to KELVIN SIGN
    expect(matchLengthBound('(?i)[a-z]+')).toBeUndefined();
    expect(matchLengthBound('[0-9]{2}')).toEqual({ fixed: 2, runs: [] });
  });

  it('is never below a real match: fixed + Σ count × longest run of the class in the subject', () => {
    const rand = seeded(5);
    const atoms = [String.raw`\s*`, '[ \t]+', '[a-c]*', 'x', '[0-9]{0,3}', '(?:ab|b)', String.raw`\d+`, '=', '(?:y\\s*){0,2}'];
    const chars = ['a', 'b', 'c', 'x', 'y', '1', '2', ' ', '\t', '\n', '=', 'é'];
    for (let round = 0; round < 300; round++) {
      let pattern = '';
      for (let i = 0; i < 2 + Math.floor(rand() * 4); i++) pattern += atoms[Math.floor(rand() * atoms.length)] ?? 'x';
      const bound = matchLengthBound(pattern);
      expect(bound, pattern).toBeDefined();
      const subject = Buffer.from(Array.from({ length: 80 }, () => chars[Math.floor(rand() * chars.length)]).join(''), 'utf8');
      const limit = (bound?.fixed ?? 0) + (bound?.runs ?? []).reduce((sum, r) => sum + r.count * longestRun(subject, r.bytes), 0);
      for (const m of compile(pattern, 'test').matchAll(subject)) expect(m.end - m.start, pattern).toBeLessThanOrEqual(limit);
    }
  });
});

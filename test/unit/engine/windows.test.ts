import { describe, expect, it } from 'vitest';
import { buildRuleset, type Ruleset } from '../../../src/rules/compile.js';
import { detect } from '../../../src/engine/detect.js';
import { builtinRules } from '../../../src/rules/catalog.js';
import { loosened, planMatches, WINDOW_MIN_BYTES } from '../../../src/engine/windows.js';
import { matchesContainKeyword } from '../../../src/engine/keyword-inside.js';
import type { RuleSpec } from '../../../src/model.js';
import { seeded } from '../../helpers/seeded.js';
import { spec } from '../../helpers/ruleset.js';

/**
 * Every match on the whole buffer of every rule whose keyword occurs in it (the prefilter
 * runs in both modes), as "rule:start:end". Without the keyword check a rule whose context
 * keyword lies outside its match (particle.io) "matches" another rule's example.
 */
function wholeBuffer(ruleset: Ruleset, bytes: Buffer): string[] {
  const out: string[] = [];
  const lower = bytes.toString('latin1').toLowerCase();
  ruleset.rules.forEach((rule, i) => {
    if (!rule.spec.keywords.some((k) => lower.includes(k.toLowerCase()))) return;
    for (const m of rule.pattern().matchAll(bytes)) out.push(`${i}:${m.start}:${m.end}`);
  });
  return out.sort();
}

/** The same through the plan: only planned rules, only on their regions. */
function planned(ruleset: Ruleset, bytes: Buffer): string[] {
  const out: string[] = [];
  for (const { rule, regions } of planMatches(ruleset, bytes, { windowAfterBytes: 0 })) {
    for (const [from, to] of regions) {
      for (const m of ruleset.rules[rule]?.pattern().matchAll(bytes.subarray(from, to)) ?? []) out.push(`${rule}:${from + m.start}:${from + m.end}`);
    }
  }
  return out.sort();
}

/** Noise with the catalogue's examples dropped in at random places, some glued to neighbours. */
function haystack(seed: number, examples: readonly string[], size: number): Buffer {
  const rand = seeded(seed);
  const filler = ['const token = load();\n', 'aws region key ', 'x', '\n', 'secret_access_key', '"', ' = ', 'AKIA', 'ghp_', '\t', 'é', '      ', '\n\n\n', ': ', '=> '];
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const piece = rand() < 0.1 ? (examples[Math.floor(rand() * examples.length)] ?? '') : (filler[Math.floor(rand() * filler.length)] ?? '');
    parts.push(piece);
    length += piece.length;
  }
  return Buffer.from(parts.join(''), 'utf8');
}

describe('windows around keyword hits', () => {
  const specs = builtinRules().filter((r) => r.paths === undefined);
  const ruleset = buildRuleset(specs);
  const examples = specs.flatMap((r) => r.examples);

  it('give exactly the whole-buffer matches of the built-in catalogue', () => {
    for (const seed of [1, 2, 3]) {
      const bytes = haystack(seed, examples, 4 * WINDOW_MIN_BYTES);
      expect(bytes.length).toBeGreaterThan(WINDOW_MIN_BYTES);
      const whole = wholeBuffer(ruleset, bytes);
      expect(whole.length).toBeGreaterThan(10);
      expect(planned(ruleset, bytes)).toEqual(whole);
    }
  });

  it('use windows, not the whole buffer, when keyword hits are sparse', () => {
    const rule = spec({ id: 'tok', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b` });
    const rs = buildRuleset([rule]);
    const bytes = Buffer.from(`${'a'.repeat(50_000)} tstk_Q8r2Zk4mW9pL1xV7cN3bH6jD ${'a'.repeat(50_000)}`);
    const plan = planMatches(rs, bytes, { windowAfterBytes: 0 });
    expect(plan).toHaveLength(1);
    const [[from, to] = [0, 0]] = plan[0]?.regions ?? [];
    expect(to - from).toBeLessThan(200);
    expect(detect({ path: 'a.txt', content: bytes }, rs)).toHaveLength(1);
  });

  it('only window rules whose examples show a keyword inside every match', () => {
    // matchesContainKeyword is a proof over the pattern; the examples are a cross-check of it.
    for (const rule of specs) {
      if (!matchesContainKeyword(rule.regex, rule.keywords)) continue;
      const rs = buildRuleset([rule]);
      for (const example of rule.examples) {
        const bytes = Buffer.from(example, 'utf8');
        for (const m of rs.rules[0]?.pattern().matchAll(bytes) ?? []) {
          const text = bytes.toString('utf8', m.start, m.end).toLowerCase();
          expect(rule.keywords.some((k) => text.includes(k.toLowerCase())), `${rule.id}: ${rule.source}`).toBe(true);
        }
      }
    }
  });
});

describe('when windows start', () => {
  it('not for a small scan: the keyword automaton is built only once a ruleset has scanned megabytes', () => {
    const rs = buildRuleset([spec({ id: 'tok', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b` })]);
    const bytes = Buffer.from(`${'a'.repeat(50_000)} tstk_${'B'.repeat(24)} ${'a'.repeat(50_000)}`);
    expect(planMatches(rs, bytes)[0]?.regions).toEqual([[0, bytes.length]]);
    let windowed = false;
    for (let i = 0; i < 40 && !windowed; i++) windowed = (planMatches(rs, bytes)[0]?.regions[0]?.[1] ?? 0) < bytes.length;
    expect(windowed).toBe(true);
  });
});

describe('windows for rules with runs like \\s*', () => {
  const rule = spec({ id: 'tok', keywords: ['tstk_'], regex: String.raw`token\s*=\s*"(tstk_[A-Za-z0-9]{24})"` });
  const rs = buildRuleset([rule]);
  it.each([0, 10, 100, 2000])('finds the match across %i spaces, exactly as the whole buffer does', (spaces) => {
    const token = `tstk_${'C'.repeat(24)}`;
    const bytes = Buffer.from(`${'a'.repeat(40_000)}\ntoken${' '.repeat(spaces)}= "${token}"\n${'b'.repeat(40_000)}`);
    const plan = planMatches(rs, bytes, { windowAfterBytes: 0 });
    const found = plan.flatMap(({ rule: r, regions }) =>
      regions.flatMap(([from, to]) => (rs.rules[r]?.pattern().matchAll(bytes.subarray(from, to)) ?? []).map((m) => from + m.start)),
    );
    expect(found).toEqual(rs.rules[0]?.pattern().matchAll(bytes).map((m) => m.start));
    expect(found).toHaveLength(1);
    // Short runs keep the window small; a 2,000-byte run makes it the whole buffer.
    const covered = (plan[0]?.regions ?? []).reduce((sum, [a, b]) => sum + b - a, 0);
    expect(covered < bytes.length).toBe(spaces < 999);
  });
});

describe('rules that must scan the whole buffer', () => {
  // Keywords that are context beside the match, not part of it: no windows, whole buffer.
  const context = (id: string, keyword: string, prefix: string): RuleSpec =>
    spec({ id, keywords: [keyword], regex: String.raw`\b(${prefix}[0-9a-f]{32})\b` });
  const rs = buildRuleset([context('alpha', 'alpha', 'a_'), context('beta', 'beta', 'b_'), context('gamma', 'gamma', 'g_')]);
  // Past SET_GROW_BYTES: smaller buffers do not add rules to the Set.
  const filler = 'alpha beta gamma mentioned in passing\n'.repeat(8000);

  it('are left out when one combined pass says they match nowhere, and kept where they do', () => {
    const none = Buffer.from(filler);
    expect(planMatches(rs, none, { windowAfterBytes: 0 })).toEqual([]);
    const hex = '9f3c1a7e52d04b8e6a1f0c93d7b2e548';
    const some = Buffer.from(`${filler}b_${hex}\n${filler}`);
    const plans = planMatches(rs, some, { windowAfterBytes: 0 });
    expect(plans).toEqual([{ rule: 1, regions: [[0, some.length]] }]);
    expect(detect({ path: 'a.txt', content: some }, rs).map((f) => f.ruleId)).toEqual(['beta']);
  });

  it('are asked about only when their keyword occurs', () => {
    const bytes = Buffer.from(`${'nothing here\n'.repeat(3000)}a_9f3c1a7e52d04b8e6a1f0c93d7b2e548 alpha\n`);
    expect(planMatches(rs, bytes, { windowAfterBytes: 0 }).map((p) => p.rule)).toEqual([0]);
  });
});

describe('loosened patterns for the combined pre-check', () => {
  it('make bounded repeats unbounded, and leave braces after escapes, in classes and in \\Q…\\E alone', () => {
    expect(loosened(String.raw`(?i)[a-z0-9_.-]{0,40}?pass[ \t]{1,5}x{2,5}y{3}`)).toBe(String.raw`(?i)[a-z0-9_.-]*?pass[ \t]+x{2,}y{3}`);
    expect(loosened(String.raw`\{0,2}[{0,3}][]{0,3}][^]{1,2}]\Q{0,4}\E[[:alpha:]{0,2}]{0,7}`)).toBe(String.raw`\{0,2}[{0,3}][]{0,3}][^]{1,2}]\Q{0,4}\E[[:alpha:]{0,2}]*`);
  });

  it('match every example of the catalogue that the rule itself matches', () => {
    let loosenedSome = 0;
    for (const rule of builtinRules()) {
      const looser = loosened(rule.regex);
      if (looser !== rule.regex) loosenedSome++;
      const own = buildRuleset([rule]).rules[0]?.pattern();
      const loose = buildRuleset([{ ...rule, regex: looser }]).rules[0]?.pattern();
      for (const example of [...rule.examples, ...rule.negativeExamples]) {
        const bytes = Buffer.from(example, 'utf8');
        if (own?.test(bytes) === true) expect(loose?.test(bytes), rule.id).toBe(true);
      }
    }
    expect(loosenedSome).toBeGreaterThan(50);
  });
});

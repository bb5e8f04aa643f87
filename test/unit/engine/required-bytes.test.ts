/**
 * requiredBytes (engine/pattern-tree.ts) lets a rule answer "no match" without compiling its
 * regex when the input lacks every byte of a class its matches need. It must never drop a
 * match: every match RE2 finds holds a byte of every class, and a guarded rule finds exactly
 * what its bare regex finds.
 */
import { describe, expect, it } from 'vitest';
import { requiredBytes } from '../../../src/engine/pattern-tree.js';
import { compile } from '../../../src/engine/regex.js';
import { loadRuleDir } from '../../../src/rules/load.js';
import { seeded } from '../../helpers/seeded.js';

const members = (pattern: string): string[] | undefined =>
  requiredBytes(pattern)?.map((cls) => Array.from(cls).flatMap((on, b) => (on === 1 ? [String.fromCharCode(b)] : [])).join(''));

describe('requiredBytes', () => {
  it.each([
    [String.raw`(?i)secret\s*=\s*"x"`, ['=', '"']],
    // Case folding may turn a letter into another byte sequence (k → KELVIN SIGN): no letter class.
    [String.raw`(?i)token`, []],
    [String.raw`AKIA[A-Z2-7]{16}`, ['A', 'K', 'I']],
    // Rare bytes first: letters are in nearly every text.
    [String.raw`(?:key|pass)[ \t]*(?:=|:)[ \t]*"`, ['"', ':=', 'kp']],
    // A branch that needs nothing makes the alternation need nothing.
    [String.raw`(?:=|x?)y`, ['y']],
    [String.raw`a*=?b{0,3}`, []],
    [String.raw`[^=]+`, []],
    [String.raw`x.y`, ['x', 'y']],
  ])('%s → %j', (pattern, expected) => {
    expect(members(pattern)).toEqual(expected);
  });

  it('gives up on what it cannot read', () => {
    expect(requiredBytes(String.raw`(?x) a = b`)).toBeUndefined();
  });
});

const catalogue = loadRuleDir();

/** The rule examples, and copies with bytes dropped or swapped (so some lack needed bytes). */
function inputs(examples: readonly string[], seed: number): Buffer[] {
  const rand = seeded(seed);
  const out: Buffer[] = [];
  for (const text of examples) {
    const bytes = Buffer.from(text, 'utf8');
    out.push(bytes);
    for (let k = 0; k < 3; k++) {
      const copy = Buffer.from(bytes);
      for (let i = 0; i < copy.length; i++) if (rand() < 0.08) copy[i] = ' =:"\'x_-.A'.charCodeAt(Math.floor(rand() * 10));
      out.push(copy);
    }
  }
  return out;
}

describe('requiredBytes on the catalogue', () => {
  it('holds for every match of every rule on its examples', () => {
    let checked = 0;
    for (const spec of catalogue) {
      const classes = requiredBytes(spec.regex) ?? [];
      const pattern = compile(spec.regex, spec.id);
      for (const input of inputs([...spec.examples, ...spec.negativeExamples], spec.id.length)) {
        for (const m of pattern.matchAll(input)) {
          const matched = input.subarray(m.start, m.end);
          for (const cls of classes) {
            const held = cls.some((on, b) => on === 1 && matched.includes(b));
            expect(held, `${spec.id}: a match without a needed byte`).toBe(true);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('guards the built-in rules without changing what they find', async () => {
    // The runtime catalogue and its analysis are the build's (dist/catalog.json): as the CLI runs.
    const { builtinRules, neededBytes } = (await import('../../../dist/rules/catalog.js')) as typeof import('../../../src/rules/catalog.js');
    const { buildRuleset } = (await import('../../../dist/rules/compile.js')) as typeof import('../../../src/rules/compile.js');
    const runtime = builtinRules();
    // The build's analysis is in use: without it this test would compare a rule with itself.
    expect(runtime.filter((spec) => neededBytes(spec.regex) !== undefined).length).toBeGreaterThan(runtime.length / 2);
    const { rules } = buildRuleset(runtime);
    const byId = new Map(catalogue.map((spec) => [spec.id, spec]));
    let skipped = 0;
    for (const rule of rules) {
      const full = byId.get(rule.spec.id);
      if (full === undefined) continue;
      const bare = compile(rule.spec.regex, rule.spec.id);
      const classes = neededBytes(rule.spec.regex) ?? [];
      for (const input of inputs([...full.examples, ...full.negativeExamples], 7)) {
        expect(rule.pattern().matchAll(input), rule.spec.id).toEqual(bare.matchAll(input));
        expect(rule.pattern().test(input), rule.spec.id).toBe(bare.test(input));
        if (!classes.every((cls) => cls.some((b) => input.includes(b)))) skipped++;
      }
    }
    // The mutated inputs do exercise the guard.
    expect(skipped).toBeGreaterThan(50);

    // Path patterns too: a rule applies to exactly the paths its bare patterns match.
    const paths = ['src/app.ts', '.env', '.env.example', 'config/.env.local.sample', 'app.env.dist', '.mcp.json', '.cursor/mcp.json', 'x/.claude/settings.local.json',
      '.codex/config.toml', 'NuGet.Config', 'conf/app.properties', 'deploy/values.yaml', '.npmrc', 'a/b.npmrc', '<prompt>', 'ünï/.env.example'];
    let scoped = 0;
    for (const rule of rules) {
      if (rule.spec.paths === undefined) continue;
      const bare = rule.spec.paths.map((p) => compile(p, rule.spec.id));
      for (const path of paths) expect(rule.appliesTo(path), `${rule.spec.id} on ${path}`).toBe(bare.some((p) => p.test(path)));
      scoped++;
    }
    expect(scoped).toBeGreaterThan(3);
    expect(runtime.filter((spec) => spec.paths?.some((p) => neededBytes(p) !== undefined)).length).toBeGreaterThan(3);
  });
});

/**
 * requiredLiterals and requiredRun (engine/pattern-tree.ts) let a rule answer "no match" without
 * compiling its regex when the input lacks what every match holds. They must never drop a match:
 * every match RE2 finds holds a string of every group and the run, and a guarded rule finds
 * exactly what its bare regex finds.
 */
import { describe, expect, it } from 'vitest';
import { foldedView, requiredLiterals, requiredRun } from '../../../src/engine/pattern-tree.js';
import { compile } from '../../../src/engine/regex.js';
import { loadRuleDir } from '../../../src/rules/load.js';
import { seeded } from '../../helpers/seeded.js';

describe('requiredLiterals', () => {
  it.each([
    [String.raw`(?i)secret\s*=\s*"x"`, [['='], ['"']]],
    // Case folding may turn a letter into another byte sequence (k → KELVIN SIGN): no letters.
    [String.raw`(?i)token`, []],
    [String.raw`AKIA[A-Z2-7]{16}`, [['AKIA']]],
    [String.raw`(?:ghp|gho)_[A-Za-z0-9]{36}`, [['ghp_', 'gho_']]],
    [String.raw`api[_.-]?key\s*:`, [['apikey', 'api-key', 'api.key', 'api_key'], [':']]],
    [String.raw`(?:PASSWORD|TOKEN)[ \t]*(?:=|:)`, [['PASSWORD', 'TOKEN'], ['=', ':']]],
    // A branch that needs nothing makes the alternation need nothing.
    [String.raw`(?:=|x?)y`, [['y']]],
    [String.raw`a*=?b{0,3}`, []],
    [String.raw`[^=]+`, []],
  ])('%s → %j', (pattern, expected) => {
    expect(requiredLiterals(pattern)).toEqual(expected);
  });

  it.each([
    [String.raw`(?i)token`, [['token']]],
    [String.raw`(?i)api[_.-]?KEY\s*=`, [['apikey', 'api-key', 'api.key', 'api_key'], ['=']]],
    [String.raw`(?i)(?:pass(?:word|wd)|secret)`, [['password', 'passwd', 'secret']]],
    // Outside (?i) the exact bytes count, lower-cased.
    [String.raw`TOKEN(?i:x)`, [['tokenx']]],
  ])('folded: %s → %j', (pattern, expected) => {
    expect(requiredLiterals(pattern, true)).toEqual(expected);
  });

  it('folds a text the way (?i) matches it', () => {
    // U+212A KELVIN SIGN and U+017F LONG S match k and s under (?i).
    expect(foldedView(Buffer.from('Api\u212Aey PaS\u017Fword É\u212A')).toString('utf8')).toBe('apikey password \u00c9k');
    const pattern = compile(String.raw`(?i)apikey\s+password`, 'test');
    const text = Buffer.from('Api\u212Aey PaS\u017Fword');
    expect(pattern.test(text)).toBe(true);
    expect(foldedView(text).includes('apikey')).toBe(true);
  });

  it('gives up on what it cannot read', () => {
    expect(requiredLiterals(String.raw`(?x) a = b`)).toBeUndefined();
    expect(requiredRun(String.raw`(?x) a = b`)).toBeUndefined();
  });
});

describe('requiredRun', () => {
  const run = (pattern: string): [string, number] | undefined => {
    const r = requiredRun(pattern);
    return r === undefined ? undefined : [Array.from(r.bytes).flatMap((on, b) => (on === 1 ? [String.fromCharCode(b)] : [])).join(''), r.min];
  };
  it.each([
    [String.raw`token\s*=\s*([A-Za-z0-9_-]{16,64})`, ['-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz', 16]],
    [String.raw`(?:[0-9]{10}|[a-f]{12})x`, ['0123456789abcdef', 10]],
    [String.raw`[0-9]{4}`, undefined],
    [String.raw`(?i)[a-z]{20}`, undefined],
    [String.raw`(?:[0-9]{10}|y)`, undefined],
  ])('%s → %j', (pattern, expected) => {
    expect(run(pattern)).toEqual(expected);
  });
});

const catalogue = loadRuleDir();

/** The rule examples, and copies with bytes swapped (so some lack what matches need). */
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
    // Case changed, and k and s swapped for the characters (?i) folds onto them.
    const recased = [...text].map((c) => (rand() < 0.3 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
    out.push(Buffer.from(recased.replace(/[kK]/g, (c) => (rand() < 0.5 ? '\u212A' : c)).replace(/[sS]/g, (c) => (rand() < 0.5 ? '\u017F' : c)), 'utf8'));
  }
  return out;
}

function longestRun(bytes: Buffer, cls: Uint8Array): number {
  let best = 0;
  for (let i = 0, run = 0; i < bytes.length; i++) {
    run = cls[bytes[i] ?? 0] === 1 ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

describe('what matches need, on the catalogue', () => {
  it('holds for every match of every rule on its examples', () => {
    let checked = 0;
    for (const spec of catalogue) {
      const groups = requiredLiterals(spec.regex) ?? [];
      const folded = requiredLiterals(spec.regex, true) ?? [];
      const run = requiredRun(spec.regex);
      const pattern = compile(spec.regex, spec.id);
      for (const input of inputs([...spec.examples, ...spec.negativeExamples], spec.id.length)) {
        for (const m of pattern.matchAll(input)) {
          const matched = input.subarray(m.start, m.end);
          for (const group of groups) expect(group.some((s) => matched.includes(s)), `${spec.id}: a match without ${JSON.stringify(group)}`).toBe(true);
          const view = foldedView(matched);
          for (const group of folded) expect(group.some((s) => view.includes(s)), `${spec.id}: a folded match without ${JSON.stringify(group)}`).toBe(true);
          if (run !== undefined) expect(longestRun(matched, run.bytes), `${spec.id}: a match without its run`).toBeGreaterThanOrEqual(run.min);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('knows from the build how far each rule reaches around its keywords, as the analysis says', async () => {
    const { builtinRules, knownWindow } = (await import('../../../dist/rules/catalog.js')) as typeof import('../../../src/rules/catalog.js');
    const { buildRuleset, lazyCatalogRuleset } = (await import('../../../dist/rules/compile.js')) as typeof import('../../../src/rules/compile.js');
    const { keywordWindowBound } = (await import('../../../dist/engine/windows.js')) as typeof import('../../../src/engine/windows.js');
    const runtime = builtinRules();
    const eager = buildRuleset(runtime).rules;
    const lazy = lazyCatalogRuleset()?.rules;
    expect(lazy).toBeDefined();
    let bounded = 0;
    runtime.forEach((spec, i) => {
      const analysed = keywordWindowBound(spec.regex, spec.keywords);
      // The build's answer is there (else the rule would only be analysed again, and agree).
      expect(knownWindow(spec), spec.id).not.toBeUndefined();
      for (const rule of [eager[i], lazy?.[i]]) {
        const bound = rule?.windowBound();
        expect(bound, spec.id).toEqual(analysed);
        // One instance per class: the planner caches each buffer's runs by class identity.
        bound?.runs.forEach((run, j) => expect(run.bytes === analysed?.runs[j]?.bytes, spec.id).toBe(true));
      }
      if (analysed !== null) bounded++;
    });
    expect(bounded).toBeGreaterThan(runtime.length / 2);
  });

  it('guards the built-in rules without changing what they find', async () => {
    // The runtime catalogue and its analysis are the build's (dist/catalog.json), as the CLI runs.
    const { builtinRules, needed } = (await import('../../../dist/rules/catalog.js')) as typeof import('../../../src/rules/catalog.js');
    const { buildRuleset } = (await import('../../../dist/rules/compile.js')) as typeof import('../../../src/rules/compile.js');
    const runtime = builtinRules();
    // The build's analysis is in use: without it this test would compare a rule with itself.
    expect(runtime.filter((spec) => needed(spec.regex) !== undefined).length).toBeGreaterThan(runtime.length / 2);
    expect(runtime.filter((spec) => needed(spec.regex)?.run !== undefined).length).toBeGreaterThan(runtime.length / 2);
    const { rules } = buildRuleset(runtime);
    const byId = new Map(catalogue.map((spec) => [spec.id, spec]));
    let ruledOut = 0;
    for (const rule of rules) {
      const full = byId.get(rule.spec.id);
      if (full === undefined) continue;
      const bare = compile(rule.spec.regex, rule.spec.id);
      for (const input of inputs([...full.examples, ...full.negativeExamples], 7)) {
        const found = bare.matchAll(input);
        expect(rule.pattern().matchAll(input), rule.spec.id).toEqual(found);
        expect(rule.pattern().test(input), rule.spec.id).toBe(bare.test(input));
        if (found.length === 0) ruledOut++;
      }
      // Prose with the rule's keywords: most rules must rule it out, none may differ.
      const prose = Buffer.from(`The ${full.keywords.join(' and ')} of the staging job: rotate it? Ask the team lead.`);
      expect(rule.pattern().matchAll(prose), rule.spec.id).toEqual(bare.matchAll(prose));
    }
    expect(ruledOut).toBeGreaterThan(50);

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
    expect(runtime.filter((spec) => spec.paths?.some((p) => needed(p) !== undefined)).length).toBeGreaterThan(3);
    expect(runtime.filter((spec) => (needed(spec.regex)?.folded.length ?? 0) > 0).length).toBeGreaterThan(100);
  });
});

/**
 * The built-in catalogue's lazy ruleset (src/rules/compile.ts lazyCatalogRuleset) parses no rule
 * for a text without a keyword and only the rules a text's keywords name, and finds exactly what
 * the eagerly built ruleset finds.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadAutomaton, serializeAutomaton } from '../../../src/engine/prefilter-ac.js';
import { loadRuleDir } from '../../../src/rules/load.js';
import { fakeAwsKeyId } from '../../helpers/fake-secrets.js';

// As the CLI runs: the build's catalogue and automaton (dist/), which src/ does not have.
const { builtinRules } = (await import('../../../dist/rules/catalog.js')) as typeof import('../../../src/rules/catalog.js');
const { buildRuleset, lazyCatalogRuleset } = (await import('../../../dist/rules/compile.js')) as typeof import('../../../src/rules/compile.js');
const { detect } = (await import('../../../dist/engine/detect.js')) as typeof import('../../../src/engine/detect.js');

describe('lazyCatalogRuleset', () => {
  it('parses no rule until a text holds a keyword, then only the rules it names', () => {
    const lazy = lazyCatalogRuleset();
    expect(lazy).toBeDefined();
    if (lazy === undefined) return;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(detect({ path: '<command>', content: Buffer.from('npm test -- --reporter=dot && git status --short') }, lazy)).toEqual([]);
      expect(parse).not.toHaveBeenCalled();
      const found = detect({ path: 'src/aws.ts', content: Buffer.from(`export const id = '${fakeAwsKeyId()}';\n`) }, lazy);
      expect(found.map((f) => f.ruleId)).toContain('aws-access-key-id');
      expect(parse.mock.calls.length).toBeGreaterThan(0);
      expect(parse.mock.calls.length).toBeLessThan(lazy.rules.length / 4);
    } finally {
      parse.mockRestore();
    }
  });

  it('finds what the eager ruleset finds on every rule example', () => {
    const lazy = lazyCatalogRuleset();
    const eager = buildRuleset(builtinRules());
    expect(lazy).toBeDefined();
    if (lazy === undefined) return;
    let compared = 0;
    for (const spec of loadRuleDir()) {
      for (const text of [...spec.examples, ...spec.negativeExamples]) {
        const target = { path: 'config/app.env', content: Buffer.from(text, 'utf8') };
        const strip = (f: ReturnType<typeof detect>): unknown[] => f.map(({ ruleId, line, column, preview }) => ({ ruleId, line, column, preview }));
        expect(strip(detect(target, lazy)), spec.id).toEqual(strip(detect(target, eager)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('the automaton file says whether it holds the whole catalogue', () => {
  it('keeps the flag it was written with', () => {
    expect(loadAutomaton(serializeAutomaton(['key', 'token'], true))?.complete).toBe(true);
    expect(loadAutomaton(serializeAutomaton(['key', 'token']))?.complete).toBe(false);
  });
});

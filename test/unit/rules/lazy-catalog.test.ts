/**
 * The built-in catalogue's lazy ruleset (src/rules/compile.ts lazyCatalogRuleset) reads no rule
 * for a text without a keyword, and finds exactly what the eagerly built ruleset finds.
 */
import { describe, expect, it } from 'vitest';
import { loadAutomaton, serializeAutomaton } from '../../../src/engine/prefilter-ac.js';
import { loadRuleDir } from '../../../src/rules/load.js';
import { fakeAwsKeyId } from '../../helpers/fake-secrets.js';

// As the CLI runs: the build's catalogue and automaton (dist/), which src/ does not have.
const { builtinRules } = (await import('../../../dist/rules/catalog.js')) as typeof import('../../../src/rules/catalog.js');
const { buildRuleset, lazyCatalogRuleset } = (await import('../../../dist/rules/compile.js')) as typeof import('../../../src/rules/compile.js');
const { detect } = (await import('../../../dist/engine/detect.js')) as typeof import('../../../src/engine/detect.js');

describe('lazyCatalogRuleset', () => {
  it('reads no rule until a text holds a keyword', () => {
    let reads = 0;
    const lazy = lazyCatalogRuleset(() => {
      reads++;
      return builtinRules();
    });
    expect(lazy).toBeDefined();
    if (lazy === undefined) return;
    expect(detect({ path: '<command>', content: Buffer.from('npm test -- --reporter=dot && git status --short') }, lazy)).toEqual([]);
    expect(reads).toBe(0);
    const found = detect({ path: 'src/aws.ts', content: Buffer.from(`export const id = '${fakeAwsKeyId()}';\n`) }, lazy);
    expect(found.map((f) => f.ruleId)).toContain('aws-access-key-id');
    expect(reads).toBe(1);
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

/**
 * The ruleset's keyword prefilter with the build's automaton (dist/keywords.bin) must find
 * exactly what an `RE2.Set` of the same keywords finds: it decides which rules run at all.
 */
import { describe, expect, it } from 'vitest';
import { loadAutomaton, serializeAutomaton } from '../../../src/engine/prefilter-ac.js';
import { literalSet } from '../../../src/engine/regex.js';
import { keywordPrefilter } from '../../../src/rules/compile.js';
import { loadRuleDir } from '../../../src/rules/load.js';
import { buildRuleset } from '../../../src/rules/compile.js';
import { seeded } from '../../helpers/seeded.js';

const catalogue = buildRuleset(loadRuleDir()).keywords;
// As the build writes it: ASCII keywords only (scripts/compile-rules.js).
const ascii = catalogue.filter((k) => /^[\x20-\x7e]+$/.test(k));
const built = loadAutomaton(serializeAutomaton(ascii));

function texts(): Buffer[] {
  const rand = seeded(5);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
  const noise = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=:./ \n"\'';
  const out: Buffer[] = [Buffer.from('export const x = compute(1, "item"); // nothing here\n')];
  for (let i = 0; i < 150; i++) {
    let text = '';
    while (text.length < 300) {
      if (rand() < 0.2) {
        const k = pick(catalogue);
        text += rand() < 0.5 ? k.toUpperCase() : k;
      } else text += pick([...noise]);
    }
    out.push(Buffer.from(text, 'utf8'));
  }
  // RE2 folds LONG S and KELVIN SIGN onto s and k; the automaton (ASCII folding) alone would not.
  out.push(Buffer.from('AWS_\u017fECRET_ACCESS_\u212aEY=1'));
  return out;
}

describe('ruleset keyword prefilter', () => {
  it('agrees with RE2.Set over the whole catalogue', () => {
    expect(built).toBeDefined();
    const withTables = keywordPrefilter(catalogue, built);
    const re2 = literalSet(catalogue);
    for (const text of texts()) expect(withTables.present(text)).toEqual(re2.present(text));
  });

  it('maps a ruleset that is a subset of the catalogue plus keywords of its own', () => {
    const own = ['tstk_', 'zz-custom-kw', 'pässword'];
    const keywords = [...own, ...catalogue.filter((_, i) => i % 7 === 0)];
    const withTables = keywordPrefilter(keywords, built);
    const re2 = literalSet(keywords);
    const samples = [...texts(), Buffer.from('x TSTK_abc and ZZ-CUSTOM-KW and PÄSSWORD'), Buffer.from('only pÄssword')];
    for (const text of samples) expect(withTables.present(text)).toEqual(re2.present(text));
    expect(withTables.present(Buffer.from('x TSTK_abc')).map((i) => keywords[i])).toEqual(['tstk_']);
  });

  it('falls back to RE2.Set alone when no automaton was built', () => {
    const keywords = ['secret', 'token'];
    expect(keywordPrefilter(keywords, undefined).present(Buffer.from('a TOKEN'))).toEqual([1]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { buildRuleset, validateRules } from '../../../src/rules/compile.js';
import { loadRuleDir, loadRuleFile } from '../../../src/rules/load.js';

const base = {
  id: 'x-token',
  description: 'X token',
  severity: 'high',
  keywords: ['xtok_'],
  regex: String.raw`\b(xtok_[a-z0-9]{16})\b`,
  examples: ['xtok_q8r2zk4mw9pl1xv7', 'k = xtok_z9y8x7w6v5u4t3s2'],
  negativeExamples: ['xtok_short', 'xtok_'],
};

function toml(rule: Record<string, unknown>): string {
  const lines = Object.entries(rule).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'''${v}'''` : JSON.stringify(v)}`);
  return `[[rules]]\n${lines.join('\n')}\n`;
}

function load(rule: Record<string, unknown>): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'lp-rules-'));
  const file = join(dir, 'x.toml');
  writeFileSync(file, toml(rule));
  return () => validateRules(buildRuleset(loadRuleFile(file, 'x.toml')));
}

describe('rule validation', () => {
  it('accepts a well-formed rule', () => {
    expect(load(base)).not.toThrow();
  });
  it.each([
    [{ ...base, colour: 'red' }, /x\.toml: rule "x-token": unknown field "colour"/],
    [{ ...base, regex: '(?=x)xtok_' }, /x\.toml: rule "x-token": regex rejected by RE2/],
    [{ ...base, regex: String.raw`(a)\1` }, /regex rejected by RE2/],
    [{ ...base, examples: ['only one'] }, /needs at least 2 "examples"/],
    [{ ...base, negativeExamples: [] }, /needs at least 2 "negativeExamples"/],
    [{ ...base, severity: 'critical' }, /"severity" must be one of high, medium, low/],
    [{ ...base, keywords: ['x'] }, /keyword "x" is shorter than 3 bytes/],
    [{ ...base, secretGroup: 3 }, /secretGroup 3 > 1 capture groups/],
    [{ ...base, regex: '(xtok_[a-z]{4})?' }, /regex can match the empty string/],
    [{ ...base, id: 'Bad Id' }, /"id" must be lower-case kebab-case/],
    [{ ...base, checksum: 'luhn' }, /unknown checksum "luhn"/],
  ])('rejects %o', (rule, message) => {
    expect(load(rule)).toThrow(ConfigError);
    expect(load(rule)).toThrow(message);
  });
  it('rejects duplicate ids across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-rules-'));
    writeFileSync(join(dir, 'a.toml'), toml(base));
    writeFileSync(join(dir, 'b.toml'), toml(base));
    expect(() => loadRuleDir(dir)).toThrow(/rules\/b\.toml: rule "x-token" duplicates the id defined in rules\/a\.toml/);
  });
});

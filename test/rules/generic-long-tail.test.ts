import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/engine/detect.js';
import { buildRuleset } from '../../src/rules/compile.js';
import { loadRuleDir } from '../../src/rules/load.js';

// The generic family with the whole catalogue loaded: long-tail provider names are found once
// (token-shaped values by generic-named-secret, passwords by the assignment rules), while code,
// documentation and test-fixture shapes are not found. The cases live in a fixture so this file
// holds no secret-shaped literal.
const cases = JSON.parse(readFileSync(new URL('../fixtures/rules/generic-long-tail.json', import.meta.url), 'utf8')) as {
  found: [string, string, string][];
  notFound: string[];
};
const all = buildRuleset(loadRuleDir());

function scan(text: string, path: string): string[] {
  return detect({ path, content: Buffer.from(text) }, all).map((f) => `${f.ruleId}:${f.secret}`);
}

describe('generic rules: one finding per long-tail secret', () => {
  it.each(cases.found)('%s', (text, rule, secret) => {
    expect(scan(text, 'notes.txt')).toEqual([`${rule}:${secret}`]);
  });
});

describe('generic rules: code, documentation and fixtures are not secrets', () => {
  it.each(cases.notFound)('%s', (text) => {
    expect(scan(text, 'lib/index.js')).toEqual([]);
  });
});

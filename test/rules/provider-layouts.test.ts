import { describe, expect, it } from 'vitest';
import { detect } from '../../src/engine/detect.js';
import { buildRuleset } from '../../src/rules/compile.js';
import { loadRuleDir } from '../../src/rules/load.js';

// Provider rules that need the provider's name next to the value must accept the places a
// setting is written: .env, YAML, JSON, XML elements, .NET appSettings (<add key=… value=…/>),
// command-line flags, PHP arrays and name/value lists (Kubernetes env, ECS task definitions).
// Values are drawn from a seeded generator at run time, so this file holds no secret-shaped
// literal for the repository's own scan to report.
const all = buildRuleset(loadRuleDir());

function generator(seed: number): (alphabet: string, length: number) => string {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (alphabet, length) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}
const random = generator(20261122);
const HEX = '0123456789abcdef';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

// [rule, setting name in words, value]
const providers: [string, string[], string][] = [
  ['mistral-api-key', ['mistral', 'api', 'key'], random(B62, 32)],
  ['cohere-api-key', ['cohere', 'api', 'key'], random(B62, 40)],
  ['deepgram-api-key', ['deepgram', 'api', 'key'], random(HEX, 40)],
  ['twilio-auth-token', ['twilio', 'auth', 'token'], random(HEX, 32)],
  ['algolia-admin-api-key', ['algolia', 'admin', 'api', 'key'], random(HEX, 32)],
  ['azure-ai-search-key', ['azure', 'search', 'key'], random(B62, 52)],
  ['segment-write-key', ['segment', 'write', 'key'], random(B62, 32)],
  ['linode-api-token', ['linode', 'token'], random(HEX, 64)],
  ['plaid-secret', ['plaid', 'secret'], random(B36, 30)],
  ['coinbase-api-secret', ['coinbase', 'api', 'secret'], random(B62, 32)],
  ['provider-context-api-key', ['shodan', 'api', 'key'], random(B62, 32)],
  ['lob-api-key', ['lob', 'api', 'key'], `live_${random(HEX, 35)}`],
];

const camel = (w: string[]): string => w.map((x) => x[0]?.toUpperCase() + x.slice(1)).join('');
const layouts: [string, (w: string[], v: string) => string][] = [
  ['env', (w, v) => `${w.join('_').toUpperCase()}=${v}\n`],
  ['yaml', (w, v) => `${w.join('_')}: "${v}"\n`],
  ['json', (w, v) => `{"${camel(w)}": "${v}"}\n`],
  ['xml element', (w, v) => `<${camel(w)}>${v}</${camel(w)}>\n`],
  ['.NET appSettings', (w, v) => `<add key="${camel(w)}" value="${v}" />\n`],
  ['command-line flag', (w, v) => `deploy --${w.join('-')} ${v}\n`],
  ['PHP array', (w, v) => `'${w.join('_')}' => '${v}',\n`],
  ['Kubernetes env list', (w, v) => `        env:\n          - name: ${w.join('_').toUpperCase()}\n            value: "${v}"\n`],
  ['ECS task definition', (w, v) => `{"environment": [{"name": "${w.join('_').toUpperCase()}", "value": "${v}"}]}\n`],
];

const cases = providers.flatMap(([rule, words, value]) =>
  layouts.map(([layout, write]) => [`${rule} in ${layout}`, rule, write(words, value), value] as const),
);

describe('provider rules read the value in every common settings layout', () => {
  it.each(cases)('%s', (_, rule, text, value) => {
    const findings = detect({ path: 'settings.txt', content: Buffer.from(text) }, all);
    // Compare inside the test so a failure names rules, never the (generated) value.
    const reported = findings.some((f) => f.ruleId === rule && f.secret === value);
    expect(reported, `reported by: ${findings.map((f) => f.ruleId).join(', ') || 'nothing'}`).toBe(true);
  });
});

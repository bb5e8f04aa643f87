import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/engine/detect.js';
import { isGenericRule, isPlaceholder, placeholderKind, placeholderVerdict } from '../../../src/engine/placeholder.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';

describe('isPlaceholder', () => {
  it.each([
    ['xxxxxxxxxxxxxxxx'], ['AKIAIOSFODNN7EXAMPLE'], ['your-api-key-here'], ['YOUR_TOKEN_HERE'], ['<api-key>'],
    ['${API_TOKEN}'], ['{{ secrets.TOKEN }}'], ['process.env.API_KEY'], ['os.environ["TOKEN"]'], [''], ['None'],
    ['null'], ['********'], ['$API_KEY'], ['%API_KEY%'], ['aaaaaaaaaaaa'], ['sk_test_0123456789abcdef'],
    ['import.meta.env.VITE_KEY'], ['<%= token %>'],
  ])('treats %s as a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
  it.each([['Q8r2Zk4mW9pL1xV7cN3bH6jD'], ['hunter2-Rb7!kq'], ['q7Bn2Xc9Lr4Tw8Kd']])('keeps %s', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});

describe('placeholder tiers', () => {
  it.each([
    ['xxxxxxxxxxxxxxxx'], ['AKIAIOSFODNN7EXAMPLE'], ['your-api-key-here'], ['<api-key>'], ['${API_TOKEN}'],
    ['{{ secrets.TOKEN }}'], ['process.env.API_KEY'], [''], ['null'], ['********'], ['aaaaaaaaaaaa'],
    ['[REDACTED:github-pat:1a2b3c4d]'], ['dummy-token-Q8r2Zk4m'], ['changeme-Q8r2Zk4m'],
  ])('%s is a stand-in', (value) => {
    expect(placeholderKind(value)).toBe('stand-in');
  });
  it.each([
    ['sk_test_0123456789abcdef'], ['tok_abcdefghijQ8r2Zk4m'], ['a1b2c3d4e5f6g7h8i9j0'], ['Q8r2Q8r2Q8r2Q8r2'],
    ['qwertyuiopQ8r2Zk'], ['123e4567-e89b-12d3-a456-426614174000'], ['foo%40bar'],
  ])('%s is typed filler', (value) => {
    expect(placeholderKind(value)).toBe('filler');
  });
  it('leaves random values alone', () => {
    expect(placeholderKind('Q8r2Zk4mW9pL1xV7cN3bH6jD')).toBeUndefined();
  });
});

describe('which rules are generic', () => {
  it.each([
    ['generic-secret-assignment', ['generic', 'password']],
    ['connection-string-uri-password', ['generic', 'database']],
    ['url-basic-auth-credentials', ['generic', 'url']],
    ['jwt', ['jwt', 'token']],
    ['private-key-pem', ['private-key', 'crypto']],
    // tagged generic, its family not among its tags: no provider anchor
    ['basic-auth-header', ['generic', 'http']],
  ])('%s is generic', (id, tags) => {
    expect(isGenericRule(spec({ id, tags, keywords: ['abcd'], regex: 'abcd' }))).toBe(true);
  });
  it.each([
    ['slack-bot-token', ['slack', 'token']],
    // tagged generic only to yield to a more specific rule of the same provider
    ['google-api-key', ['google', 'api-key', 'generic']],
    ['supabase-service-role-key', ['supabase', 'jwt']],
    ['google-service-account-key', ['google', 'private-key']],
  ])('%s is provider-anchored', (id, tags) => {
    expect(isGenericRule(spec({ id, tags, keywords: ['abcd'], regex: 'abcd' }))).toBe(false);
  });
});

describe('placeholder policy', () => {
  const provider = spec({ id: 'tst-token', tags: ['tst'], keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b` });
  const generic = spec({
    id: 'generic-secret', tags: ['generic'], keywords: ['secret'], regex: String.raw`(?i)secret\s*=\s*"([^"\s]{8,64})"`,
  });
  const scan = (text: string, rule: typeof provider) => detect({ path: 'a.txt', content: Buffer.from(text) }, ruleset(rule));

  it('drops stand-ins for every rule', () => {
    expect(placeholderVerdict('xxxxxxxxxxxxxxxx', provider)).toBe('drop');
    expect(scan('tstk_xxxxxxxxxxxxxxxxxxxxxxxx', provider)).toEqual([]);
    expect(scan('secret = "xxxxxxxxxxxxxxxx"', generic)).toEqual([]);
  });
  it('reports typed filler at low in a provider slot and drops it for a generic rule', () => {
    const filler = 'tstk_0123456789abcdefQ8r2Zk4m';
    expect(placeholderVerdict(filler, provider)).toBe('sample');
    expect(scan(filler, provider)).toMatchObject([{ ruleId: 'tst-token', severity: 'low' }]);
    expect(scan(`secret = "${filler}"`, generic)).toEqual([]);
  });
  it("reports a low-entropy filler body at low despite the rule's entropy floor, but not padding", () => {
    const floored = spec({ ...provider, entropy: 3.5 });
    expect(scan('tstk_cbadefcbadefcbadefcbadef', floored)).toMatchObject([{ ruleId: 'tst-token', severity: 'low' }]);
    // One or two characters repeated: padding or a binary's table, below the filler minimum.
    expect(scan('tstk_AAAABBBBAAAABBBBAAAABBBB', floored)).toEqual([]);
  });
  it('keeps the rule severity for a random value', () => {
    const token = fakeTestToken();
    expect(placeholderVerdict(token, provider)).toBeUndefined();
    expect(scan(token, provider)).toMatchObject([{ severity: provider.severity }]);
  });
});

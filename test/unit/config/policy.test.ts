import { describe, expect, it } from 'vitest';
import { createPolicy, type PolicyFiles } from '../../../src/config/policy.js';
import { ConfigError } from '../../../src/errors.js';
import { TEST_RULE_TOML } from '../../helpers/fake-secrets.js';
import { spec } from '../../helpers/ruleset.js';

/** Policy files in memory: `{ 'packages/a/.leakproof.toml': '…' }`. */
function files(map: Record<string, string>): PolicyFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    label: (rel) => rel,
    read(rel) {
      reads.push(rel);
      return map[rel];
    },
  };
}

const builtin = [
  spec({ id: 'alpha-key', keywords: ['alpha_'], regex: String.raw`(alpha_[a-z0-9]{20})`, severity: 'high' }),
  spec({ id: 'beta-key', keywords: ['beta_'], regex: String.raw`(beta_[a-z0-9]{20})`, severity: 'medium' }),
];
const ids = (p: ReturnType<typeof createPolicy>, path: string) => p.forPath(path).ruleset.rules.map((r) => r.spec.id);

describe('layered policy (monorepos)', () => {
  it('applies the built-in rules when there is no config', () => {
    const p = createPolicy({ files: files({}), builtin });
    expect(ids(p, 'src/a.ts')).toEqual(['alpha-key', 'beta-key']);
    expect(p.forPath('src/a.ts').pathAllowed).toBe(false);
  });

  it('nested config applies under its folder only, inheriting from the root', () => {
    const p = createPolicy({
      builtin,
      files: files({
        '.leakproof.toml': '[severity]\nbeta-key = "low"\n[allowlist]\nstopwords = ["root-stop"]\n',
        'packages/a/.leakproof.toml': 'disabledRules = ["alpha-key"]\n[allowlist]\npaths = ["fixtures/**"]\nstopwords = ["pkg-stop"]\n',
      }),
    });
    expect(ids(p, 'packages/a/src/x.ts')).toEqual(['beta-key']);
    expect(ids(p, 'packages/b/src/x.ts')).toEqual(['alpha-key', 'beta-key']);
    expect(ids(p, 'x.ts')).toEqual(['alpha-key', 'beta-key']);
    // Inherited severity override.
    expect(p.forPath('packages/a/x.ts').ruleset.rules[0]?.spec.severity).toBe('low');
    // Globs are relative to the nested config's folder.
    expect(p.forPath('packages/a/fixtures/f.txt').pathAllowed).toBe(true);
    expect(p.forPath('fixtures/f.txt').pathAllowed).toBe(false);
    expect(p.forPath('packages/b/fixtures/f.txt').pathAllowed).toBe(false);
    // Stopwords accumulate down the chain.
    expect(p.forPath('packages/a/x').allowlist.stopwords).toEqual(['root-stop', 'pkg-stop']);
    expect(p.forPath('packages/b/x').allowlist.stopwords).toEqual(['root-stop']);
  });

  it('the root allowlist still applies below a nested config, relative to the root', () => {
    const p = createPolicy({
      builtin,
      files: files({ '.leakproof.toml': '[allowlist]\npaths = ["packages/a/generated/"]\npathRegexes = [\'\'\'\\.snap$\'\'\']\n', 'packages/a/.leakproof.toml': '' }),
    });
    expect(p.forPath('packages/a/generated/x.js').pathAllowed).toBe(true);
    expect(p.forPath('packages/a/x.test.ts.snap').pathAllowed).toBe(true);
    expect(p.forPath('packages/a/x.ts').pathAllowed).toBe(false);
  });

  it('useDefault = false replaces the built-in rules; the nearest setting wins', () => {
    const p = createPolicy({
      builtin,
      files: files({ '.leakproof.toml': `[extend]\nuseDefault = false\n${TEST_RULE_TOML}`, 'legacy/.leakproof.toml': '[extend]\nuseDefault = true\n' }),
    });
    expect(ids(p, 'src/x')).toEqual(['test-token']);
    expect(ids(p, 'legacy/x')).toEqual(['alpha-key', 'beta-key', 'test-token']);
  });

  it('a nested rule with the same id replaces the inherited one in its folder', () => {
    const nested = TEST_RULE_TOML.replace('description = "Test token"', 'description = "Nested token"');
    const p = createPolicy({ builtin, files: files({ '.leakproof.toml': TEST_RULE_TOML, 'svc/.leakproof.toml': nested }) });
    expect(p.forPath('svc/x').ruleset.rules.find((r) => r.spec.id === 'test-token')?.spec.description).toBe('Nested token');
    expect(p.forPath('x').ruleset.rules.find((r) => r.spec.id === 'test-token')?.spec.description).toBe('Test token');
  });

  it('folders without a config share their parent\'s ruleset, and each config is read once', () => {
    const f = files({ 'a/.leakproof.toml': '[allowlist]\nstopwords = ["x"]\n' });
    const p = createPolicy({ builtin, files: f });
    expect(p.forPath('a/b/c/1.txt').ruleset).toBe(p.forPath('a/2.txt').ruleset);
    expect(p.forPath('a/2.txt').ruleset).toBe(p.forPath('3.txt').ruleset);
    p.forPath('a/b/c/4.txt');
    expect(f.reads.filter((r) => r === 'a/.leakproof.toml')).toHaveLength(1);
  });

  it('maps reported paths through the scan root prefix', () => {
    const p = createPolicy({ builtin, prefix: 'packages/a/', files: files({ 'packages/a/.leakproof.toml': 'disabledRules = ["alpha-key"]\n' }) });
    expect(ids(p, 'src/x.ts')).toEqual(['beta-key']);
    expect(p.rootPath('src/x.ts')).toBe('packages/a/src/x.ts');
  });

  it('never allowlists absolute or outside paths', () => {
    const p = createPolicy({ builtin, files: files({ '.leakproof.toml': '[allowlist]\npaths = ["*"]\n' }) });
    expect(p.forPath('/etc/x').pathAllowed).toBe(false);
    expect(p.forPath('../x').pathAllowed).toBe(false);
    expect(p.forPath('x').pathAllowed).toBe(true);
  });

  it.each([
    ['disabling an unknown rule', { 'a/.leakproof.toml': 'disabledRules = ["nope"]\n' }, /^a\/\.leakproof\.toml:1: disabledRules names unknown rule "nope"$/],
    ['a severity for an unknown rule', { '.leakproof.toml': '[severity]\nnope = "low"\n' }, /^\.leakproof\.toml:2: severity names unknown rule "nope"$/],
    ['turning every rule off', { '.leakproof.toml': '[extend]\nuseDefault = false\n' }, /^\.leakproof\.toml:2: no rules left to run/],
    ['a custom rule whose example does not match', { '.leakproof.toml': TEST_RULE_TOML.replace('tstk_Q8r2', 'nope_Q8r2') }, /^\.leakproof\.toml:2: rule "test-token": example #1 is not reported$/],
  ])('rejects %s, naming file and line', (_name, map, message) => {
    const make = () => createPolicy({ builtin, files: files(map) }).forPath('a/x.txt');
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });
});

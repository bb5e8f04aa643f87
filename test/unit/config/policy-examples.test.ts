/** Custom rules' examples run before use, except on the hook paths; compiling them never is skipped. */
import { describe, expect, it } from 'vitest';
import { createPolicy, type PolicyFiles } from '../../../src/config/policy.js';
import { ConfigError } from '../../../src/errors.js';
import { TEST_RULE_TOML } from '../../helpers/fake-secrets.js';
import { spec } from '../../helpers/ruleset.js';

const files = (config: string): PolicyFiles => ({ label: (rel) => rel, read: (rel) => (rel === '.leakproof.toml' ? config : undefined) });
const builtin = [spec({ id: 'alpha-key', keywords: ['alpha_'], regex: String.raw`(alpha_[a-z0-9]{20})` })];

// The test rule with an example its regex cannot report (too short).
const failingExample = TEST_RULE_TOML.replace('examples = ["a = tstk_Q8r2Zk4mW9pL1xV7cN3bH6jD"', 'examples = ["a = tstk_short"');
// The test rule with a regex RE2 rejects.
const badRegex = TEST_RULE_TOML.replace(String.raw`regex = '''\b(tstk_[A-Za-z0-9]{24})\b'''`, "regex = '''(tstk_[A-Za-z0-9]{24}'''");

describe('custom rule checks', () => {
  it('refuses a rule whose example it does not report, unless examples are not checked', () => {
    expect(failingExample).not.toBe(TEST_RULE_TOML);
    expect(() => createPolicy({ builtin, files: files(failingExample) })).toThrow(/example #1 is not reported/);
    const hook = createPolicy({ builtin, files: files(failingExample), checkExamples: false });
    expect(hook.forPath('a.txt').ruleset.rules.map((r) => r.spec.id)).toEqual(['alpha-key', 'test-token']);
  });

  it('always refuses a rule whose regex does not compile', () => {
    expect(badRegex).not.toBe(TEST_RULE_TOML);
    expect(() => createPolicy({ builtin, files: files(badRegex), checkExamples: false })).toThrow(ConfigError);
    expect(() => createPolicy({ builtin, files: files(badRegex), checkExamples: false })).toThrow(/regex rejected by RE2/);
  });
});

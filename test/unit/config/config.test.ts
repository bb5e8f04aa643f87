import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config.js';
import { keyLine } from '../../../src/config/locate.js';
import { ConfigError } from '../../../src/errors.js';
import { TEST_RULE_TOML } from '../../helpers/fake-secrets.js';

const parse = (text: string) => () => parseConfig(text, 'x.toml');

describe('parseConfig', () => {
  it('reads every documented key', () => {
    const c = parseConfig(
      [
        'baseline = "ci/baseline.json"',
        'disabledRules = ["a-rule"]',
        '[extend]',
        'useDefault = false',
        '[severity]',
        '"a-rule" = "low"',
        '[allowlist]',
        'paths = ["fixtures/**"]',
        "pathRegexes = ['''^vendor/''']",
        "regexes = ['''^dummy''']",
        'stopwords = ["SandBox"]',
        TEST_RULE_TOML,
      ].join('\n'),
      'x.toml',
    );
    expect(c).toMatchObject({
      file: 'x.toml',
      useDefault: false,
      baseline: 'ci/baseline.json',
      disabledRules: ['a-rule'],
      severity: { 'a-rule': 'low' },
      allowlist: { paths: ['fixtures/**'], pathRegexes: ['^vendor/'], regexes: ['^dummy'], stopwords: ['sandbox'] },
    });
    expect(c.rules.map((r) => r.id)).toEqual(['test-token']);
  });
  it('leaves useDefault undefined when not set, so nested configs inherit it', () => {
    expect(parseConfig('', 'x.toml').useDefault).toBeUndefined();
  });

  it.each([
    ['unknown top-level key', 'disabledRules = []\nallowlists = []\n', /^x\.toml:2: unknown key "allowlists"$/],
    ['unknown allowlist key', '[allowlist]\npaths = []\npathz = ["a"]\n', /^x\.toml:3: unknown key "allowlist\.pathz"$/],
    ['unknown extend key', '[extend]\nuse_default = true\n', /^x\.toml:2: unknown key "extend\.use_default"$/],
    ['useDefault not a boolean', '[extend]\nuseDefault = "no"\n', /^x\.toml:2: "extend\.useDefault" must be true or false$/],
    ['bad severity', '\n[severity]\nsome-rule = "critical"\n', /^x\.toml:3: "severity\.some-rule" must be one of high, medium, low$/],
    ['paths not strings', '[allowlist]\npaths = [1]\n', /^x\.toml:2: "allowlist\.paths" must be an array of strings$/],
    ['baseline outside the repository', 'baseline = "../b.json"\n', /^x\.toml:1: "baseline" must be/],
    ['invalid TOML (line and column from the parser)', 'a = 1\nb = [\n  1,\n  x\n]\n', /^x\.toml:4:3: invalid TOML: /],
  ])('%s → one line naming file, line and key', (_name, text, message) => {
    expect(parse(text)).toThrow(ConfigError);
    expect(parse(text)).toThrow(message);
    try {
      parse(text)();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('names the line of the [[rules]] header for a rule error', () => {
    const text = `# comment\n[allowlist]\npaths = []\n${TEST_RULE_TOML.replace('severity = "high"', 'severity = "urgent"')}`;
    expect(parse(text)).toThrow(/^x\.toml:5: rule "test-token": "severity" must be one of/);
  });
});

describe('keyLine', () => {
  const text = ['top = 1', '[allowlist]', "regexes = ['''a = b''']", 'paths = [', '  "x",', ']', '[severity]', '"my-rule" = "low"'].join('\n');
  it('finds keys in tables, quoted keys and table headers', () => {
    expect(keyLine(text, 'top')).toBe(1);
    expect(keyLine(text, 'allowlist')).toBe(2);
    expect(keyLine(text, 'allowlist.paths')).toBe(4);
    expect(keyLine(text, 'severity.my-rule')).toBe(8);
    expect(keyLine(text, 'missing')).toBeUndefined();
  });
  it('finds dotted keys written at the top level', () => {
    expect(keyLine('allowlist.paths = []\n', 'allowlist.paths')).toBe(1);
  });
});

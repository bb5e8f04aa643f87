import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors.js';
import { convertGitleaksConfig } from '../../../src/import/gitleaks-config.js';
import { parseGitleaksIgnore, resolveIgnoreEntries } from '../../../src/import/gitleaks-ignore.js';
import { tomlString, writeLeakproofToml } from '../../../src/import/leakproof-toml.js';
import { parseToml } from '../../../src/rules/load.js';
import { randomBase62 } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';
import { SAMPLE_GITLEAKS } from '../../helpers/gitleaks-sample.js';


const builtinIds = new Set(['known-builtin', 'github-pat-classic']);

describe('import gitleaks config', () => {
  const imported = convertGitleaksConfig(SAMPLE_GITLEAKS, '.gitleaks.toml', builtinIds);
  const note = (subject: string) => imported.notes.filter((n) => n.subject.startsWith(subject)).map((n) => `${n.level}: ${n.text}`);

  it('converts custom rules: regex, keywords, entropy, secretGroup, tags, allowlists', () => {
    const rule = imported.rules.find((r) => r.id === 'internal-token');
    expect(rule).toMatchObject({
      description: 'Internal service token',
      severity: 'high',
      keywords: ['itk_'],
      regex: String.raw`\b(itk_[a-z0-9]{32})\b`,
      secretGroup: 1,
      entropy: 3.5,
      tags: ['internal', 'imported-from-gitleaks'],
      // Its own allowlist plus the [[allowlists]] that targets it.
      allowlist: { regexes: ['itk_0+'], stopwords: ['dummy', 'placeholder'] },
    });
    expect(note('rule "Internal_Token"')).toEqual(['info: renamed to "internal-token" (ids are lower-case kebab-case)']);
    expect(note('rule "internal-token" allowlist #1')).toEqual([expect.stringMatching(/^dropped: 1 path\(s\) not converted/)]);
  });

  it('every converted rule carries a TODO for examples, and missing keywords are a TODO', () => {
    for (const r of imported.rules) expect(r.todo.some((t) => t.includes('examples'))).toBe(true);
    expect(imported.rules.find((r) => r.id === 'no-keywords')?.todo[0]).toMatch(/^add `keywords`/);
  });

  it('renames a rule whose id a built-in rule uses instead of replacing the built-in', () => {
    expect(imported.rules.map((r) => r.id)).toContain('gitleaks-known-builtin');
  });

  it('reports rules RE2 rejects and overrides of gitleaks default rules as not converted', () => {
    expect(imported.rules.map((r) => r.id)).not.toContain('lookbehind-rule');
    expect(note('rule "lookbehind-rule"')).toEqual([expect.stringMatching(/^dropped: regex rejected by RE2 \(invalid perl operator: \(\?<=\)/)]);
    expect(note('rule "aws-access-token"')).toEqual([expect.stringMatching(/^dropped: an override of a gitleaks default rule/)]);
  });

  it('global allowlists: paths become pathRegexes, secret regexes and stopwords carry over', () => {
    expect(imported.allowlist).toEqual({ pathRegexes: ['(^|/)vendor/', String.raw`\.snap$`], regexes: ['^EXAMPLE'], stopwords: ['sandbox'] });
  });

  it('never widens: AND conditions, line/match targets, commits and unknown target rules are reported, not converted', () => {
    const dropped = imported.notes.filter((n) => n.level === 'dropped').map((n) => `${n.subject}: ${n.text}`);
    expect(dropped).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[\[allowlists\]\] #1: 1 commit\(s\) not converted/),
        expect.stringMatching(/^\[\[allowlists\]\] #1: path regex "\(\?<!x\)y" rejected by RE2/),
        expect.stringMatching(/^\[\[allowlists\]\] #2: condition = "AND"/),
        expect.stringMatching(/^\[\[allowlists\]\] #3: 1 regex\(es\) with regexTarget = "line"/),
        expect.stringMatching(/^\[\[allowlists\]\] #4: targetRules "github-pat" is not an imported custom rule/),
      ]),
    );
    expect(imported.allowlist.regexes).not.toContain('^test');
    expect(imported.allowlist.pathRegexes).not.toContain('fixtures/');
  });

  it('keeps disabledRules that name leakproof rules and reports the others', () => {
    expect(imported.disabledRules).toEqual(['known-builtin']);
    expect(note('disabledRules "generic-api-key"')).toEqual([expect.stringMatching(/^dropped: no leakproof rule has this id/)]);
  });

  it('writes valid TOML that leakproof refuses to load until the examples are written', () => {
    const toml = writeLeakproofToml(imported, { source: '.gitleaks.toml', baseline: '.leakproof-baseline.json' });
    expect(() => parseToml(toml, 'out.toml')).not.toThrow();
    expect(toml).toContain('# TODO(import): add ≥ 2 `examples`');
    expect(toml.indexOf('baseline = ')).toBeLessThan(toml.indexOf('['));
    expect(() => parseConfig(toml, 'out.toml')).toThrow(ConfigError);
    expect(() => parseConfig(toml, 'out.toml')).toThrow(/needs at least 2 "examples"/);
    // Once examples are filled in, the rest of the file is a valid config.
    const doc = parseToml(toml, 'out.toml');
    expect(doc.allowlist).toEqual({ pathRegexes: imported.allowlist.pathRegexes, regexes: ['^EXAMPLE'], stopwords: ['sandbox'] });
  });

  it('rejects a file that is not TOML with a one-line error', () => {
    expect(() => convertGitleaksConfig('[[rules]\n', '.gitleaks.toml', builtinIds)).toThrow(/^\.gitleaks\.toml:1:\d+: invalid TOML/);
  });
});

describe('tomlString', () => {
  it.each(['plain', "it's", "a'''b", 'tab\there', 'line\nbreak', "ends'", '\\d+\\.(?:x)'])('round-trips %j', (s) => {
    expect(parseToml(`v = ${tomlString(s)}`, 't').v).toBe(s);
  });
});

describe('.gitleaksignore', () => {
  it('parses commit, no-commit and malformed lines', () => {
    const commit = 'a'.repeat(40);
    const r = parseGitleaksIgnore(`# comment\n\n${commit}:src/a:b.ts:my-rule:12\nsrc/x.ts:other:3\nnonsense\n`, '.gitleaksignore');
    expect(r.entries).toEqual([
      { at: 3, commit, file: 'src/a:b.ts', rule: 'my-rule', line: 12 },
      { at: 4, file: 'src/x.ts', rule: 'other', line: 3 },
    ]);
    expect(r.notes).toEqual([expect.objectContaining({ subject: '.gitleaksignore:5', level: 'dropped' })]);
  });

  it('resolves an entry to the secrets leakproof finds on that line, and only there', () => {
    const rs = ruleset(spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b` }));
    const token = `tstk_${randomBase62(24)}`;
    const other = `tstk_${randomBase62(24)}`;
    const content = Buffer.from(`a\nkey = ${token}\nkey2 = ${other}\n`);
    const { entries } = parseGitleaksIgnore('src/x.ts:gl-rule:2\nsrc/x.ts:gl-rule:1\ngone.ts:gl-rule:1\n', 'ig');
    const r = resolveIgnoreEntries(entries, (file) => (file === 'src/x.ts' ? content : { error: 'file no longer exists' }), rs, 'ig');
    expect(r.secrets.map((s) => [s.path, s.finding.secret === token])).toEqual([['src/x.ts', true]]);
    expect(r.notes.map((n) => n.subject)).toEqual(['ig:2', 'ig:3']);
    expect(r.notes[1]?.text).toContain('file no longer exists');
  });
});

import { describe, expect, it } from 'vitest';
import { buildEntries } from '../../../src/baseline/baseline-build.js';
import { newSalt, parseBaseline, serializeBaseline } from '../../../src/baseline/baseline-file.js';
import { BaselineMatcher, baselineFingerprint } from '../../../src/baseline/baseline-match.js';
import { baselineFreeText } from '../../../src/baseline/baseline-self.js';
import { ConfigError } from '../../../src/errors.js';
import type { Finding } from '../../../src/model.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';

function finding(file: string, secret: string, ruleId = 'test-token'): Finding {
  return { ruleId, description: 'd', severity: 'high', file, line: 1, column: 1, endLine: 1, endColumn: 2, preview: 'x…', fingerprint: 'f', entropy: 4, secret };
}

describe('baseline file', () => {
  const salt = newSalt();
  const fp = (n: number) => n.toString(16).padStart(32, '0');

  it('is sorted, de-duplicated, one entry per line, stable', () => {
    const entries = [
      { fingerprint: fp(2), rule: 'b-rule', path: 'src/z.ts' },
      { fingerprint: fp(1), rule: 'a-rule', path: 'src/a.ts' },
      { fingerprint: fp(3), rule: 'a-rule' },
      { fingerprint: fp(1), rule: 'a-rule', path: 'src/a.ts' },
    ];
    const text = serializeBaseline(salt, entries);
    expect(serializeBaseline(salt, [...entries].reverse())).toBe(text);
    const lines = text.split('\n');
    const entryLines = lines.filter((l) => l.includes('"fingerprint"'));
    expect(entryLines).toEqual([
      `    {"rule": "a-rule", "fingerprint": "${fp(3)}"},`,
      `    {"path": "src/a.ts", "rule": "a-rule", "fingerprint": "${fp(1)}"},`,
      `    {"path": "src/z.ts", "rule": "b-rule", "fingerprint": "${fp(2)}"}`,
    ]);
    expect(parseBaseline(text, 'b.json')).toEqual({ file: 'b.json', salt, entries: [entries[2], entries[1], entries[0]] });
  });

  it('holds no line numbers or timestamps', () => {
    const text = serializeBaseline(salt, [{ fingerprint: fp(1), rule: 'a-rule', path: 'a' }]);
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['entries', 'leakproof', 'salt', 'version']);
    expect(Object.keys(JSON.parse(text).entries[0]).sort()).toEqual(['fingerprint', 'path', 'rule']);
  });

  it.each([
    ['not JSON', '{ "leakproof": ', /^b\.json:1:16: invalid JSON$/],
    ['another JSON file', '{"name": "x"}', /^b\.json:1: unknown key "name"/],
    ['a short salt', `{"leakproof": "baseline", "version": 1, "salt": "ab", "entries": []}`, /^b\.json:1: "salt" must be 64/],
    ['a future version', `{"leakproof": "baseline", "version": 2, "salt": "${'a'.repeat(64)}", "entries": []}`, /unsupported baseline version/],
    ['an entry with a line number', `{"leakproof": "baseline", "version": 1, "salt": "${'a'.repeat(64)}", "entries": [{"fingerprint": "${'b'.repeat(32)}", "rule": "r", "line": 3}]}`, /entries\[0\]: unknown key "line"/],
    ['a path that escapes', `{"leakproof": "baseline", "version": 1, "salt": "${'a'.repeat(64)}", "entries": [{"fingerprint": "${'b'.repeat(32)}", "rule": "r", "path": "../x"}]}`, /entries\[0\]: "path" must be/],
  ])('rejects %s with a one-line error', (_n, text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(ConfigError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
  });
});

describe('baseline matching', () => {
  const salt = newSalt();
  const token = fakeTestToken();

  it('keys on rule + secret with the per-repository salt, not on the unsalted fingerprint', () => {
    const a = baselineFingerprint(salt, 'test-token', token);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(baselineFingerprint(newSalt(), 'test-token', token)).not.toBe(a);
    expect(baselineFingerprint(salt, 'other-rule', token)).not.toBe(a);
    expect(baselineFingerprint(salt, 'test-token', `${token}x`)).not.toBe(a);
  });

  it('normalises CRLF inside multi-line secrets', () => {
    expect(baselineFingerprint(salt, 'pem', 'a\r\nb')).toBe(baselineFingerprint(salt, 'pem', 'a\nb'));
  });

  it('path-scoped entries match only in their file; unscoped ones anywhere', () => {
    const { entries } = buildEntries([finding('src/a.ts', token)], { salt, rootPath: (f) => f });
    const m = new BaselineMatcher({ file: 'b', salt, entries });
    expect(m.matches('test-token', token, 'src/a.ts')).toBe(true);
    expect(m.matches('test-token', token, 'src/b.ts')).toBe(false);
    expect(m.matches('test-token', fakeTestToken(), 'src/a.ts')).toBe(false);
    const any = buildEntries([finding('src/a.ts', token)], { salt, rootPath: (f) => f, anyPath: true });
    expect(new BaselineMatcher({ file: 'b', salt, entries: any.entries }).matches('test-token', token, 'elsewhere.ts')).toBe(true);
  });

  it('lists unused entries, judging path-scoped ones only when their file was in scope', () => {
    const gone = fakeTestToken();
    const { entries } = buildEntries([finding('a.ts', token), finding('b.ts', gone), finding('c.ts', gone)], { salt, rootPath: (f) => f });
    const m = new BaselineMatcher({ file: 'b', salt, entries });
    m.matches('test-token', token, 'a.ts');
    expect(m.unused((p) => p !== 'c.ts', true).map((e) => e.path)).toEqual(['b.ts']);
  });

  it('update keeps unscoped entries unscoped and counts what changed', () => {
    const old = fakeTestToken();
    const first = buildEntries([finding('a.ts', token), finding('b.ts', old)], { salt, rootPath: (f) => f, anyPath: true });
    const previous = { file: 'b', salt, entries: first.entries };
    const fresh = fakeTestToken();
    const next = buildEntries([finding('a.ts', token), finding('c.ts', fresh)], { salt, rootPath: (f) => f, previous });
    expect(next.entries.find((e) => e.fingerprint === baselineFingerprint(salt, 'test-token', token))?.path).toBeUndefined();
    expect(next.entries.find((e) => e.fingerprint === baselineFingerprint(salt, 'test-token', fresh))?.path).toBe('c.ts');
    expect({ added: next.added, removed: next.removed }).toEqual({ added: 1, removed: 1 });
  });
});

describe('recognising the baseline file by content', () => {
  const salt = newSalt();
  it('returns the free text (paths, rules) of a valid baseline and nothing for other files', () => {
    const text = serializeBaseline(salt, [{ fingerprint: 'c'.repeat(32), rule: 'a-rule', path: 'src/x.ts' }]);
    expect(baselineFreeText(Buffer.from(text))).toBe('src/x.ts a-rule');
    expect(baselineFreeText(Buffer.from('{"leakproof": "baseline"}'))).toBeUndefined();
    expect(baselineFreeText(Buffer.from('{"name": "pkg"}'))).toBeUndefined();
  });
});

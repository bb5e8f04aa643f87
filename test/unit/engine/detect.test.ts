import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/engine/detect.js';
import { compile } from '../../../src/engine/regex.js';
import { planMatches } from '../../../src/engine/windows.js';
import { fakeGithubToken, fakeGithubTokenBadChecksum, fakeTestToken, randomBase62 } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';

const tokenRule = spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 });
const ghRule = spec({ id: 'gh', keywords: ['ghp_'], regex: String.raw`\b(ghp_[A-Za-z0-9]{36})\b`, checksum: 'github-crc32' });
const genericRule = spec({
  id: 'generic-secret',
  keywords: ['secret'],
  tags: ['generic'],
  regex: String.raw`(?i)secret\s*=\s*"([^"\s]{8,64})"`,
  entropy: 3,
});
const pemRule = spec({
  id: 'pem',
  keywords: ['-----begin'],
  regex: String.raw`(-----BEGIN PRIVATE KEY-----[\s\S]{16,1000}?-----END PRIVATE KEY-----)`,
});

const scan = (text: string | Buffer, ...rules: ReturnType<typeof spec>[]) =>
  detect({ path: 'a.txt', content: typeof text === 'string' ? Buffer.from(text) : text }, ruleset(...rules));

describe('keyword prefilter', () => {
  it('selects only rules whose keyword occurs, case-insensitively', () => {
    const rs = ruleset(tokenRule, ghRule);
    const chosen = (text: string) => planMatches(rs, Buffer.from(text)).map((p) => p.rule).sort((a, b) => a - b);
    expect(chosen('nothing here')).toEqual([]);
    expect(chosen('TSTK_ and more')).toEqual([0]);
    expect(chosen('ghp_ tstk_')).toEqual([0, 1]);
  });
  it('never runs a rule whose keyword is absent, even if its regex would match', () => {
    const noKeyword = spec({ id: 'k', keywords: ['zzzz'], regex: String.raw`(tstk_[A-Za-z0-9]{24})` });
    expect(scan(`x ${fakeTestToken()}`, noKeyword)).toEqual([]);
  });
});

describe('location', () => {
  it('reports 1-based line and UTF-16 column after multi-byte text and CRLF', () => {
    const token = fakeTestToken();
    const [f] = scan(`first line\r\nπ = "é ${token}"\r\n`, tokenRule);
    expect(f).toMatchObject({ line: 2, column: 8, endLine: 2, endColumn: 8 + token.length });
  });
  it('spans lines for multi-line secrets', () => {
    const body = Buffer.from(fakeTestToken().repeat(3)).toString('base64');
    const pem = `-----BEGIN PRIVATE KEY-----\n${body}\n${body}\n-----END PRIVATE KEY-----`;
    const [f] = scan(`key:\n${pem}\n`, pemRule);
    expect(f).toMatchObject({ line: 2, column: 1, endLine: 5 });
  });
  it('reports only findings touching the given lines', () => {
    const text = `${fakeTestToken()}\nplain\n${fakeTestToken()}\n`;
    const rs = ruleset(tokenRule);
    const all = detect({ path: 'a', content: Buffer.from(text) }, rs);
    const added = detect({ path: 'a', content: Buffer.from(text), lines: new Set([3]) }, rs);
    expect(all.map((f) => f.line)).toEqual([1, 3]);
    expect(added.map((f) => f.line)).toEqual([3]);
  });
});

describe('secret checks', () => {
  it('applies the entropy floor and placeholders', () => {
    expect(scan('tstk_aaaaaaaaaaaaaaaaaaaaaaaa', tokenRule)).toEqual([]);
    expect(scan('tstk_EXAMPLEEXAMPLEEXAMPLE123', tokenRule)).toEqual([]);
    expect(scan('secret = "${API_SECRET_VALUE}"', genericRule)).toEqual([]);
  });
  it('keeps a token with a bad checksum at low severity', () => {
    expect(scan(fakeGithubToken(), ghRule)[0]?.severity).toBe('high');
    expect(scan(fakeGithubTokenBadChecksum(), ghRule)[0]?.severity).toBe('low');
  });
  it('honours rule and global allowlists', () => {
    const withStop = spec({ ...tokenRule, id: 'stop', allowlist: { stopwords: ['q8r2'] } });
    expect(scan('tstk_Q8r2Zk4mW9pL1xV7cN3bH6jD', withStop)).toEqual([]);
    const token = fakeTestToken();
    const rs = ruleset(tokenRule);
    const allowlist = { regexes: [compile(`^${token}$`, 'test')], stopwords: [] };
    expect(detect({ path: 'a', content: Buffer.from(token) }, rs, { allowlist })).toEqual([]);
  });
  it('lets a provider rule win over a generic rule on the same secret', () => {
    const token = fakeGithubToken();
    const findings = scan(`secret = "${token}"`, ghRule, genericRule);
    expect(findings.map((f) => f.ruleId)).toEqual(['gh']);
  });
});

describe('inline directives', () => {
  it.each(['// leakproof:allow', '# gitleaks:allow', '# pragma: allowlist secret', '// secretlint-disable-line', '# trufflehog:ignore', '# kingfisher:ignore'])(
    'skips a finding on a line with %s',
    (directive) => {
      expect(scan(`x = "${fakeTestToken()}" ${directive}`, tokenRule)).toEqual([]);
    },
  );
  it('skips the line after leakproof:allow-next-line but not the one after that', () => {
    const findings = scan(`// leakproof:allow-next-line\n${fakeTestToken()}\n${fakeTestToken()}\n`, tokenRule);
    expect(findings.map((f) => f.line)).toEqual([3]);
  });
});

describe('encodings', () => {
  it('decodes UTF-16LE and UTF-16BE by BOM', () => {
    const token = fakeTestToken();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line\nk=${token}\n`, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    expect(scan(le, tokenRule)[0]).toMatchObject({ line: 2, column: 3 });
    expect(scan(be, tokenRule)[0]).toMatchObject({ line: 2, column: 3 });
  });
  it('matches provider rules in binary content but not generic ones', () => {
    const token = fakeGithubToken();
    const generic = randomBase62(16);
    const bin = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`secret = "${token}" secret = "${generic}"`)]);
    expect(scan(bin, ghRule, genericRule).map((f) => f.ruleId)).toEqual(['gh']);
  });
});

describe('findings', () => {
  it('carry a redacted preview, a content fingerprint and the secret only in memory', () => {
    const token = fakeGithubToken();
    const [a] = scan(`a\n${token}`, ghRule);
    const [b] = scan(`moved down\n\n\n${token}`, ghRule);
    expect(a?.preview).toBe('ghp_…');
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.secret).toBe(token);
  });
});

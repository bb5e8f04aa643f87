import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/engine/detect.js';
import type { InlineAllow } from '../../../src/engine/inline-allow.js';
import type { Finding } from '../../../src/model.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';

const tokenRule = spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 });
const otherRule = spec({ id: 'other-token', keywords: ['othr_'], regex: String.raw`\b(othr_[A-Za-z0-9]{24})\b`, entropy: 3 });
const shortRule = spec({ id: 'jwt', keywords: ['jwtx_'], regex: String.raw`\b(jwtx_[A-Za-z0-9]{24})\b`, entropy: 3 });

function run(text: string): { findings: Finding[]; allowed: { finding: Finding; allow: InlineAllow }[] } {
  const allowed: { finding: Finding; allow: InlineAllow }[] = [];
  const findings = detect({ path: 'a.txt', content: Buffer.from(text) }, ruleset(tokenRule, otherRule, shortRule), {
    onAllowed: (finding, allow) => allowed.push({ finding, allow }),
  });
  return { findings, allowed };
}

describe('inline allow directives', () => {
  it.each([
    ['// leakproof:allow', 'leakproof:allow'],
    ['# gitleaks:allow', 'gitleaks:allow'],
    ['# betterleaks:allow', 'betterleaks:allow'],
    ['# pragma: allowlist secret', 'pragma: allowlist secret'],
    ['// secretlint-disable-line', 'secretlint-disable-line'],
    ['# trufflehog:ignore', 'trufflehog:ignore'],
    ['# kingfisher:ignore', 'kingfisher:ignore'],
    ['# ggignore', 'ggignore'],
    ['// LEAKPROOF:ALLOW', 'leakproof:allow'],
  ])('same line: %s', (comment, directive) => {
    const token = fakeTestToken();
    const r = run(`a\nt = "${token}" ${comment}\n`);
    expect(r.findings).toEqual([]);
    expect(r.allowed).toHaveLength(1);
    expect(r.allowed[0]?.allow).toEqual({ directive, line: 2 });
    expect(r.allowed[0]?.finding.line).toBe(2);
  });

  it.each([
    ['// leakproof:allow-next-line', 'leakproof:allow-next-line'],
    ['# pragma: allowlist nextline secret', 'pragma: allowlist nextline secret'],
    ['// secretlint-disable-next-line', 'secretlint-disable-next-line'],
  ])('next line: %s covers the following line only', (comment, directive) => {
    const r = run(`${comment}\nt = "${fakeTestToken()}"\nu = "${fakeTestToken()}"\n`);
    expect(r.findings.map((f) => f.line)).toEqual([3]);
    expect(r.allowed.map((a) => a.allow)).toEqual([{ directive, line: 1 }]);
  });

  it('a next-line directive does not allow its own line, and a same-line one not the next', () => {
    expect(run(`t = "${fakeTestToken()}" // leakproof:allow-next-line\n`).findings).toHaveLength(1);
    expect(run(`// leakproof:allow\nt = "${fakeTestToken()}"\n`).findings).toHaveLength(1);
  });

  it('leakproof:allow <rule> allows only the named rules', () => {
    const line = `a = "${fakeTestToken()}" b = "othr_${fakeTestToken().slice(5)}"`;
    const scoped = run(`${line} // leakproof:allow test-token\n`);
    expect(scoped.findings.map((f) => f.ruleId)).toEqual(['other-token']);
    expect(scoped.allowed.map((a) => a.allow.directive)).toEqual(['leakproof:allow test-token']);
    const both = run(`${line} // leakproof:allow test-token, other-token\n`);
    expect(both.findings).toEqual([]);
    expect(both.allowed).toHaveLength(2);
  });

  it('leakproof:allow-next-line <rule> is scoped too', () => {
    const r = run(`// leakproof:allow-next-line other-token\nt = "${fakeTestToken()}"\n`);
    expect(r.findings).toHaveLength(1);
    expect(r.allowed).toEqual([]);
  });

  it('a misspelt rule id allows nothing (fails closed)', () => {
    expect(run(`t = "${fakeTestToken()}" // leakproof:allow test-tokn\n`).findings).toHaveLength(1);
  });

  it('a one-word id counts as a scope only when it is a loaded rule', () => {
    expect(run(`t = "${fakeTestToken()}" // leakproof:allow jwt\n`).findings).toHaveLength(1);
    expect(run(`j = "jwtx_${fakeTestToken().slice(5)}" // leakproof:allow jwt\n`).findings).toEqual([]);
    // A plain word is a reason, not a scope.
    expect(run(`t = "${fakeTestToken()}" // leakproof:allow because fixture\n`).findings).toEqual([]);
    expect(run(`t = "${fakeTestToken()}" // leakproof:allow -- test fixture\n`).findings).toEqual([]);
  });

  it('words that merely start with the directive are not directives', () => {
    expect(run(`t = "${fakeTestToken()}" // leakproof:allowed\n`).findings).toHaveLength(1);
  });

  it('ignoreInlineAllows reports everything and calls nothing', () => {
    const allowed: unknown[] = [];
    const text = `t = "${fakeTestToken()}" // leakproof:allow\n`;
    const f = detect({ path: 'a', content: Buffer.from(text) }, ruleset(tokenRule), { ignoreInlineAllows: true, onAllowed: (x) => allowed.push(x) });
    expect(f).toHaveLength(1);
    expect(allowed).toEqual([]);
  });
});

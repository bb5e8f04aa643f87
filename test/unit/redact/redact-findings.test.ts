/** redactFindings: replaces exactly the secrets a scan reported; says when it could not. */
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/engine/detect.js';
import { redactFindings } from '../../../src/redact/text.js';
import { loadSetup } from '../../../src/setup.js';
import { fakeGithubToken } from '../../helpers/fake-secrets.js';

const { ruleset } = loadSetup({ root: process.cwd() }).policy.forPath('<tool-output>');

describe('redactFindings', () => {
  it('replaces every occurrence, in values and keys, and reports completeness', () => {
    const token = fakeGithubToken();
    const findings = detect({ path: '<tool-output>', content: Buffer.from(`token: ${token}`) }, ruleset);
    expect(findings.length).toBe(1);
    const r = redactFindings({ token, list: [`x ${token} y`], [token]: 1 }, findings, ruleset);
    expect(r.complete).toBe(true);
    expect(r.count).toBe(3);
    expect(JSON.stringify(r.value).includes(token)).toBe(false);
  });

  it('is incomplete when a reported secret is in no single string (it spanned two)', () => {
    const token = fakeGithubToken();
    const findings = detect({ path: '<tool-output>', content: Buffer.from(`token: ${token}`) }, ruleset);
    const half = token.length >> 1;
    const r = redactFindings([token.slice(0, half), token.slice(half)], findings, ruleset);
    expect(r.complete).toBe(false);
  });
});

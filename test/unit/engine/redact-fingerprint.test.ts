import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/engine/fingerprint.js';
import { redact } from '../../../src/engine/redact.js';
import { fakeGithubToken } from '../../helpers/fake-secrets.js';

describe('redact', () => {
  it('shows at most 4 leading characters and never more than a fifth', () => {
    const token = fakeGithubToken();
    expect(redact(token)).toBe('ghp_…');
    expect(redact('hunter2x')).toBe('h…');
    expect(redact('abc')).toBe('…');
  });
});

describe('fingerprint', () => {
  it('is stable for the same rule and secret and differs otherwise', () => {
    const token = fakeGithubToken();
    expect(fingerprint('r', token)).toBe(fingerprint('r', token));
    expect(fingerprint('r', token)).not.toBe(fingerprint('s', token));
    expect(fingerprint('r', token)).not.toBe(fingerprint('r', fakeGithubToken()));
    expect(fingerprint('r', token, 'salt-a')).not.toBe(fingerprint('r', token, 'salt-b'));
  });
  it('contains nothing of the secret', () => {
    const token = fakeGithubToken();
    const fp = fingerprint('r', token);
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    for (let i = 0; i + 8 <= token.length; i++) expect(fp).not.toContain(token.slice(i, i + 8));
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isExampleJwt } from '../../../src/engine/noise-jwt.js';
import { isPlaceholder } from '../../../src/engine/placeholder.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A well-formed JWT with a random signature, built at test time. */
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) =>
  `${b64(header)}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
const now = Math.floor(Date.now() / 1000);

describe('documentation JWTs', () => {
  it.each([
    ['the jwt.io sample claims', { sub: '1234567890', name: 'John Doe', iat: 1516239022 }],
    ['an example issuer', { iss: 'https://auth.example.com/', sub: 'u-8f3k2', exp: now + 3600 }],
    ['EXAMPLE claim values', { ctx: 'EXAMPLEIDENTITYCONTEXT', sub: 'a8f3e1c2' }],
    ['the documented AWS account id', { aud: 'arn:aws:sso::123456789012:application/x' }],
  ])('are placeholders: %s', (_name, claims) => {
    const token = jwt(claims);
    expect(isExampleJwt(token)).toBe(true);
    expect(isPlaceholder(token)).toBe(true);
  });

  it('keeps a token with ordinary claims', () => {
    const token = jwt({ iss: 'https://login.acme-corp.io/', sub: randomBytes(8).toString('hex'), iat: now, exp: now + 600, scope: 'read write' });
    expect(isExampleJwt(token)).toBe(false);
    expect(isPlaceholder(token)).toBe(false);
  });

  it('only decodes JWT-shaped secrets', () => {
    expect(isExampleJwt('ghp_example')).toBe(false);
    expect(isExampleJwt('eyJonly')).toBe(false);
  });
});

describe('metasyntactic placeholders', () => {
  it.each([['foo%40bar'], ['atpass:foo@bar'], ['FooBar-2024']])('treats %s as a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
  it('keeps values with only one of the words', () => {
    expect(isPlaceholder('bar-Q8r2Zk4mW9pL1xV7')).toBe(false);
  });
});

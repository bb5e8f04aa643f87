/**
 * What real code is full of and must never be reported by the built-in catalogue: lockfile
 * integrity hashes, minified bundles, source maps, type declarations, data URIs, hashes,
 * UUIDs, public keys, translations, documentation examples and notebook images. Content is
 * generated from a seed, so a failure replays exactly; `npm run eval -- --real` measures the
 * same on installed packages.
 */
import { describe, expect, it } from 'vitest';
import { buildRuleset } from '../../src/rules/compile.js';
import { loadRuleDir } from '../../src/rules/load.js';
import { detectDocument } from '../../src/sources/notebook-detect.js';
import { seeded } from '../helpers/seeded.js';

const rules = buildRuleset(loadRuleDir());
const next = seeded(20261122);
const pick = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const IDENT = 'abcdefghijklmnopqrstuvwxyz';
const hex = (n: number) => pick(HEX, n);
const b64 = (bytes: number) => `${pick(B64, Math.ceil(bytes / 3) * 4 - 1)}=`;
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const findings = (path: string, text: string) =>
  detectDocument({ path, content: Buffer.from(text) }, rules).map((f) => `${f.ruleId} at ${f.cell !== undefined ? `cell ${f.cell}:` : ''}${f.line}`);

const lockfile = () =>
  JSON.stringify(
    {
      name: 'app',
      lockfileVersion: 3,
      packages: Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [
          `node_modules/pkg-${pick(IDENT, 6)}`,
          { version: `1.${i}.0`, resolved: `https://registry.npmjs.org/pkg/-/pkg-1.${i}.0.tgz`, integrity: `sha512-${b64(64)}`, license: 'MIT' },
        ]),
      ),
    },
    null,
    2,
  );

const minified = () => {
  const parts: string[] = [];
  for (let i = 0; i < 400; i++) {
    const v = pick(IDENT, 2);
    parts.push(
      `var ${v}=function(${pick(IDENT, 1)}){return"${pick(IDENT, 6)}"+${pick(IDENT, 1)}.key+"#${hex(6)}"}`,
      `${v}.token=${v}.token||"${pick(IDENT, 8)}"`,
      `${v}.cacheKey="${hex(16)}"`,
      `el.style.background="url(data:image/png;base64,${b64(300)})"`,
    );
  }
  return `!function(){${parts.join(';')}}();\n`;
};

const sourceMap = () =>
  JSON.stringify({
    version: 3,
    file: 'index.js',
    sources: ['../src/index.ts', '../src/auth.ts'],
    sourcesContent: [
      'export function sign(secret: string, payload: string): string {\n  return hmac(secret, payload);\n}\n',
      'const password = result.groups?.password;\nconst token = options.token ?? readToken();\nexport const apiKey = process.env.API_KEY;\n',
    ],
    names: ['sign', 'secret', 'payload', 'password', 'token', 'apiKey'],
    mappings: Array.from({ length: 300 }, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 4 + Math.floor(next() * 6))).join(','),
  });

const declarations = () =>
  [
    '/** Options for {@link Client}. */',
    'export interface ClientOptions {',
    '  /** API key, e.g. `apiKey: process.env.API_KEY`. */',
    '  apiKey?: string;',
    '  /** OAuth token; see https://example.com/docs/auth#tokens */',
    '  token?: string | (() => Promise<string>);',
    "  /** The password grant is deprecated: use `{ grant_type: 'client_credentials' }`. */",
    '  password?: string;',
    '  secretKey: SecretKeyObject;',
    '}',
    'export declare function createToken(secret: string, expiresIn?: number): Promise<string>;',
  ].join('\n');

const hashes = () =>
  Array.from({ length: 60 }, (_, i) =>
    [
      `${hex(64)}  dist/app-${i}.tar.gz`,
      `"commit": "${hex(40)}",`,
      `etag: "${hex(32)}"`,
      `checksum = "sha256:${hex(64)}"`,
      `"contentHash": "${hex(20)}",`,
      `id: "${uuid()}",`,
      `requestId = '${uuid()}'`,
    ].join('\n'),
  ).join('\n');

const publicKeys = () => {
  const body = b64(270).match(/.{1,64}/g)?.join('\n') ?? '';
  return [
    `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${pick(B64, 300)} deploy@ci`,
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${pick(B64, 43)} user@laptop`,
    `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`,
    JSON.stringify({ keys: [{ kty: 'RSA', kid: hex(16), use: 'sig', alg: 'RS256', n: pick(B64URL, 342), e: 'AQAB' }] }),
    `const vapidPublicKey = 'B${pick(B64URL, 86)}';`,
    `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`,
  ].join('\n');
};

const translations = () =>
  JSON.stringify(
    {
      password: 'Passwort',
      password_hint: 'Mindestens 12 Zeichen, davon eine Ziffer',
      token_expired: 'Ihr Token ist abgelaufen. Bitte melden Sie sich erneut an.',
      secret_question: 'Quel est le nom de votre premier animal ?',
      api_key_label: 'Clé API',
      auth: { reset_password: 'Réinitialiser le mot de passe', sign_in_token: 'Código de acceso' },
    },
    null,
    2,
  );

const jwtSample = () => {
  const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${pick(B64URL, 43)}`;
};
const docs = () =>
  [
    '## Configuration',
    '```bash',
    'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    `export GITHUB_TOKEN=ghp_${'x'.repeat(36)}`,
    'export OPENAI_API_KEY=sk-...',
    'export STRIPE_SECRET_KEY=sk_live_<your key>',
    '```',
    `Send the token as \`Authorization: Bearer ${jwtSample()}\`.`,
    'password: ${DB_PASSWORD}',
    'api_key: "{{ secrets.API_KEY }}"',
  ].join('\n');

const notebookWithImages = () =>
  JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3' }, widgets: { state: { [uuid()]: { model_id: hex(32) } } } },
      cells: Array.from({ length: 6 }, (_, i) => ({
        cell_type: 'code',
        execution_count: i + 1,
        metadata: {},
        source: ['import matplotlib.pyplot as plt\n', `plt.plot(range(${i + 10}))`],
        outputs: [
          { output_type: 'display_data', metadata: {}, data: { 'image/png': b64(60_000), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] } },
          { output_type: 'execute_result', execution_count: i + 1, metadata: {}, data: { 'text/html': [`<img src="data:image/jpeg;base64,${b64(3000)}">`] } },
        ],
      })),
    },
    null,
    1,
  );

describe('real-code noise is not reported by the built-in catalogue', () => {
  it.each([
    ['package-lock.json', lockfile],
    ['dist/app.min.js', minified],
    ['dist/index.js.map', sourceMap],
    ['types/index.d.ts', declarations],
    ['data/hashes.txt', hashes],
    ['keys/public.txt', publicKeys],
    ['locales/de.json', translations],
    ['README.md', docs],
    ['analysis.ipynb', notebookWithImages],
  ])('%s', (path, make) => {
    expect(findings(path, make())).toEqual([]);
  });
});

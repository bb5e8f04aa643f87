/** The package's `exports` entry is built and scans a buffer through the public API. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { REPO_ROOT, tempDir } from '../helpers/run-cli.js';

it('import of the built package entry scans a buffer', async () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: { '.': string } };
  expect(pkg.exports['.']).toBe('./dist/index.js');
  const lib = (await import('../../dist/index.js')) as typeof import('../../src/index.js');
  const dir = tempDir('lp-lib-');
  writeFileSync(join(dir, '.leakproof.toml'), TEST_RULE_TOML);
  const setup = lib.loadSetup({ root: dir });
  const token = fakeTestToken();
  const result = await lib.scan({
    source: [{ kind: 'content', target: { path: 'a.ts', content: Buffer.from(`const k = "${token}";\n`) }, provenance: { kind: 'stdin' } }],
    policy: setup.policy,
  });
  expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['test-token', 'a.ts', 1]]);
  expect(Object.keys(lib.FORMATTERS)).toContain('sarif');
});

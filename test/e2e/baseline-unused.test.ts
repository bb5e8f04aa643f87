/** A baselined file that was not scanned (too large) makes its entries neither used nor unused. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

it('a skipped baselined file is not reported as unused: --fail-on-unused exits 3, not 1', () => {
  const dir = tempDir('lp-unused-');
  writeFileSync(join(dir, '.leakproof.toml'), TEST_RULE_TOML);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'big.ts'), `export const key = "${fakeTestToken()}";\n${'// padding\n'.repeat(400)}`);
  expect(runCli(['baseline', 'create'], { cwd: dir }).code).toBe(0);
  const r = runCli(['scan', '.', '--baseline', '--fail-on-unused', '--format', 'json', '--max-file-size', '1KB'], { cwd: dir });
  expect(r.code).toBe(3);
  const report = JSON.parse(r.stdout) as { summary: { baseline?: { unused?: unknown[] } } };
  expect(report.summary.baseline?.unused).toEqual([]);
  expect(r.stdout + r.stderr).not.toContain('baseline update');
});

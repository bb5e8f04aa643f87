/**
 * bin/leakproof.js compiles the bundle for its command line (the agent hook's, the pre-commit
 * hook's or the whole CLI) with the V8 code cache the build made for it (scripts/bundle.js). A
 * cache that belongs to another bundle, that V8 cannot read, or that is missing must change
 * nothing but speed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsKeyId } from '../helpers/fake-secrets.js';
import { leaks, REPO_ROOT, tempDir } from '../helpers/run-cli.js';

describe('the bundle and its code cache', () => {
  let pkg: string;
  let cache: string;
  let built: Buffer;
  beforeAll(() => {
    pkg = tempDir('lp-bundle-');
    // Timestamps kept: the bundle and the runtime catalogue are used only when not older than their sources.
    for (const part of ['dist', 'bin', 'rules', 'hooks', 'package.json']) cpSync(join(REPO_ROOT, part), join(pkg, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    cache = join(pkg, 'dist/bundle/agent-hook.cjs.cache');
    built = readFileSync(cache);
  });
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));

  function refusesAKey(): void {
    const key = fakeAwsKeyId();
    const payload = JSON.stringify({ session_id: 's', cwd: pkg, hook_event_name: 'UserPromptSubmit', prompt: `deploy with ${key}` });
    const res = spawnSync(process.execPath, [join(pkg, 'bin/leakproof.js'), 'agent', 'hook', 'claude', 'UserPromptSubmit'], { input: payload, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect((JSON.parse(res.stdout) as { decision?: string }).decision).toBe('block');
    expect(leaks(res.stdout + res.stderr, key)).toBe(false);
    const version = spawnSync(process.execPath, [join(pkg, 'bin/leakproof.js'), '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }

  it.each(['leakproof', 'agent-hook', 'staged'])('is made for the bundle it sits next to (%s)', (name) => {
    const bundle = readFileSync(join(pkg, `dist/bundle/${name}.cjs`), 'utf8');
    const made = readFileSync(join(pkg, `dist/bundle/${name}.cjs.cache`));
    const id = bundle.slice(0, bundle.indexOf('\n') + 1);
    expect(id).toMatch(/^\/\/ leakproof-bundle [0-9a-f]{32}\n$/);
    // bin/leakproof.js reads it as latin1.
    expect(Buffer.from(bundle, 'utf8').length).toBe(bundle.length);
    expect(made.subarray(0, id.length).toString('latin1')).toBe(id);
    expect(made.length).toBeGreaterThan(id.length + 1000);
    refusesAKey();
  });

  it('leaves out of the hooks\' bundles what their paths never load', () => {
    const size = (name: string): number => readFileSync(join(pkg, `dist/bundle/${name}.cjs`)).length;
    expect(readFileSync(join(pkg, 'dist/bundle/agent-hook.cjs'), 'utf8')).not.toContain('commander');
    expect(size('agent-hook')).toBeLessThan(size('leakproof') / 2);
    expect(size('staged')).toBeLessThan(size('leakproof'));
  });

  it('is ignored when it belongs to another bundle, cannot be read, or is missing', () => {
    const nl = built.indexOf(10) + 1;
    writeFileSync(cache, Buffer.concat([Buffer.from(`// leakproof-bundle ${'0'.repeat(32)}\n`), built.subarray(nl)]));
    refusesAKey();
    writeFileSync(cache, Buffer.concat([built.subarray(0, nl), Buffer.from('not a V8 code cache')]));
    refusesAKey();
    rmSync(cache);
    refusesAKey();
  });
});

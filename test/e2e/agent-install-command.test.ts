/** `agent install --command X`: X must name leakproof, or its hooks could not be found again (review item 15). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

describe('agent install --command', () => {
  it('rejects a command without "leakproof" in one line, exit 2, writing nothing', () => {
    const dir = tempDir('lp-install-cmd-');
    const r = runCli(['agent', 'install', 'claude', '--command', 'node /opt/lp/cli.js'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('leakproof');
    expect(existsSync(join(dir, '.claude', 'settings.json'))).toBe(false);
  });

  it('accepts a path naming leakproof; reinstall does not duplicate, uninstall removes it', () => {
    const dir = tempDir('lp-install-cmd-');
    const args = ['agent', 'install', 'claude', '--command', 'node /opt/leakproof/bin/leakproof.js'];
    expect(runCli(args, { cwd: dir }).code).toBe(0);
    const once = readFileSync(join(dir, '.claude', 'settings.json'), 'utf8');
    expect(runCli(args, { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')).toBe(once);
    expect(runCli(['agent', 'uninstall', 'claude'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')).not.toContain('agent hook');
  });
});
